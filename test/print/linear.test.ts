/**
 * Printing time is linear in the output: 20,000-deep nestings and 20,000-factor products print
 * in every format within a few seconds (with string concatenation per level they took
 * seconds each at this size and grew quadratically). (Parsing them back is the parser's
 * business: deep.test.ts round-trips 5,000-deep ones.)
 */
import * as b from '../../src/core/build';
import { SCALAR, shape } from '../../src/core/dims';
import { Graph, Node } from '../../src/core/graph';
import { FORMATS, print, printText } from '../../src/print';

const g = new Graph();
const s = b.variable(g, 's', SCALAR);
const x = b.variable(g, 'x', shape('n', 1));
const A = b.variable(g, 'A', shape('n', 'n'));
const B = b.variable(g, 'B', shape('n', 'n'));

/** Prints `e` in every format within `seconds` (all formats together); returns the text form. */
function printsWithin(e: Node, seconds: number): string {
  const start = Date.now();
  for (const f of FORMATS) expect(print(e, f).length).toBeGreaterThan(0);
  const text = printText(e);
  expect((Date.now() - start) / 1000).toBeLessThan(seconds);
  return text;
}

const N = 20000;

test.each<[string, () => Node, (text: string) => void]>([
  [
    'exp(exp(...)) 20,000 deep',
    () => {
      let e = x;
      for (let i = 0; i < N; i++) e = b.elementwise(g, 'exp', e);
      return e;
    },
    (text) => expect(text.split('exp(').length - 1).toBe(N),
  ],
  [
    '2 * (2 * (... + 1) + 1) 20,000 deep',
    () => {
      let e = x;
      for (let i = 0; i < N / 2; i++) e = b.mul(g, [b.num(g, 2), b.add(g, [e, b.num(g, 1)])]);
      return e;
    },
    (text) => expect(text.split('2 * (').length - 1).toBe(N / 2),
  ],
  [
    '1/(1/(... + 1) + 1) 20,000 deep',
    () => {
      let e = s;
      for (let i = 0; i < N / 2; i++) e = b.pow(g, b.add(g, [e, b.num(g, 1)]), b.num(g, -1));
      return e;
    },
    (text) => expect(text.split('1/(').length - 1).toBe(N / 2),
  ],
  [
    'x .* (x .* (... + 1) + 1) 20,000 deep',
    () => {
      let e = x;
      for (let i = 0; i < N / 2; i++) e = b.hadamard(g, [b.add(g, [e, b.num(g, 1)]), x]);
      return e;
    },
    (text) => expect(text.split('x .* (').length - 1).toBe(N / 2),
  ],
  [
    'a 20,000-factor matrix product',
    () =>
      b.matmul(
        g,
        Array.from({ length: N }, (_, i) => (i % 2 ? A : b.transpose(g, B))),
      ),
    (text) => expect(text.split(' * ').length).toBe(N),
  ],
  [
    'a 20,000-factor scalar product',
    () =>
      b.mul(
        g,
        Array.from({ length: N }, (_, i) => b.add(g, [s, b.num(g, i + 1)])),
      ),
    (text) => expect(text.split(') * (').length).toBe(N),
  ],
])('%s prints in every format within seconds', (_name, build, check) => {
  check(printsWithin(build(), 10));
});
