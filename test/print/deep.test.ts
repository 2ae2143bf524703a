/** Huge and deep expressions print (every format) without a stack overflow, and round-trip. */
import * as b from '../../src/core/build';
import { SCALAR, shape } from '../../src/core/dims';
import { Graph, Node } from '../../src/core/graph';
import { parseExpression, parseProgram } from '../../src/parse';
import { FORMATS, print, printText } from '../../src/print';

const program = parseProgram('s : scalar\nx : vector(n)');
const g: Graph = program.graph;
const s = b.variable(g, 's', SCALAR);
const x = b.variable(g, 'x', shape('n', 1));
const reparse = (text: string): Node => parseExpression(text, program.scope, g);

function printsEverywhere(e: Node): void {
  for (const f of FORMATS) expect(print(e, f).length).toBeGreaterThan(0);
}

test('a 20,000-term sum', () => {
  const terms: Node[] = [];
  for (let i = 1; i <= 20000; i++) {
    const t = b.pow(g, s, b.num(g, i));
    terms.push(i % 3 === 0 ? b.neg(g, t) : t);
  }
  const e = b.add(g, terms);
  printsEverywhere(e);
  const text = printText(e);
  expect(text.split(' - ').length - 1).toBe(6666);
  expect(reparse(text)).toBe(e);
});

test('exp(exp(...)) 5,000 deep', () => {
  let e = x;
  for (let i = 0; i < 5000; i++) e = b.elementwise(g, 'exp', e);
  expect(e.depth).toBe(5001);
  printsEverywhere(e);
  expect(reparse(printText(e))).toBe(e);
});

test('((x + 1) * 2 + 1) * 2 ... 5,000 deep (nested parentheses)', () => {
  let e = x;
  for (let i = 0; i < 2500; i++) e = b.mul(g, [b.num(g, 2), b.add(g, [e, b.num(g, 1)])]);
  expect(e.depth).toBeGreaterThanOrEqual(5000);
  printsEverywhere(e);
  const text = printText(e);
  expect(text.startsWith('2 * (2 * (')).toBe(true);
  expect(reparse(text)).toBe(e);
});

test('a 5,000-deep chain of transposed sums and powers', () => {
  let e = s;
  for (let i = 0; i < 2500; i++) e = b.pow(g, b.add(g, [e, b.num(g, 1)]), b.num(g, -1));
  printsEverywhere(e);
  expect(reparse(printText(e))).toBe(e);
});
