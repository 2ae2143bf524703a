/**
 * Formulas and module headers (issue 8, finding 18): compiling and running never prints the
 * formula (a formula too large to print must not stop `eval`), and an emitted module's header
 * is bounded: each formula at most HEADER_FORMULA_MAX characters, ending in "…" when cut.
 */
import * as b from '../../src/core/build';
import { shape } from '../../src/core/dims';
import { Graph, Node } from '../../src/core/graph';
import { compileNodes, compileProgram, emitModule } from '../../src/compile';
import { HEADER_FORMULA_MAX } from '../../src/compile/evaluator';
import { evaluateAll } from '../../src/eval/reference';
import { envOf } from '../support/random';
import { mismatches } from './helpers';

/** y_{k+1} = sin(y_k) + cos(y_k): k nodes in the graph, 2^k as a tree. */
function doubling(g: Graph, x: Node, k: number): Node {
  let y = x;
  for (let i = 0; i < k; i++) y = b.add(g, [b.elementwise(g, 'sin', y), b.elementwise(g, 'cos', y)]);
  return b.sum(g, y);
}

describe('formulas are printed only for module headers, and bounded there', () => {
  test('a formula of 2^60 terms written out compiles, runs and emits a bounded header', () => {
    const g = new Graph();
    const x = b.variable(g, 'x', shape('n', 1));
    const f = doubling(g, x, 60);
    const ev = compileNodes(g, { value: f });
    const data = { x: [0.1, -0.4, 2] };
    const r = ev.run(data);
    expect(mismatches(r.value!, evaluateAll([f], envOf(data, { n: 3 }))[0], 'value')).toEqual([]);
    const header = emitModule(ev)
      .split('\n')
      .filter((l) => l.startsWith('// value:'));
    expect(header).toHaveLength(1);
    expect(header[0].length).toBeLessThanOrEqual(HEADER_FORMULA_MAX + 20);
    expect(header[0]).toMatch(/…$/);
  });

  test('a long printable formula is cut at HEADER_FORMULA_MAX characters with …', () => {
    const terms = Array.from({ length: 400 }, (_, i) => `${i + 1} * sin(${i + 2} * t)`).join(' + ');
    const ev = compileProgram(`t : scalar; ${terms}`, { wrt: 't' });
    expect(ev.run({ t: 0.3 }).value!.data[0]).toBeCloseTo(
      Array.from({ length: 400 }, (_, i) => (i + 1) * Math.sin((i + 2) * 0.3)).reduce((a, c) => a + c, 0),
      9,
    );
    const lines = emitModule(ev).split('\n');
    for (const prefix of ['// value:', '// gradient t:']) {
      const line = lines.find((l) => l.startsWith(prefix))!;
      expect(line.length).toBeLessThanOrEqual(HEADER_FORMULA_MAX + 20);
      expect(line).toMatch(/ …$/);
    }
  });

  test('21-deep softmax chain: eval of value and gradient agrees with the reference', () => {
    let e = 'x';
    for (let i = 0; i < 21; i++) e = `softmax(${e})`;
    const ev = compileProgram(`x : vector(n); a : vector(n); a' * ${e}`, { wrt: 'x' });
    const data = { x: [0.1, 0.2, -0.3], a: [1, 2, 3] };
    const r = ev.run(data);
    // softmax of softmax of ... converges to the uniform vector: a' * (1/3, 1/3, 1/3) = 2
    expect(r.value!.data[0]).toBeCloseTo(2, 9);
    for (const v of r.gradients.x.data) expect(Math.abs(v)).toBeLessThan(1e-9);
  });
});
