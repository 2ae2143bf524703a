/**
 * Long matrix-product chains (issue 8, finding 21): chains beyond CHAIN_DP_MAX factors are
 * ordered in O(k log k) (right to left before a column vector, left to right after a row
 * vector, split at an inner size 1, greedy otherwise), and the gradient of a deep right-nested
 * A*(A*(…x)) compiles in time linear in its lowered size. Numbers against the reference.
 */
import * as b from '../../src/core/build';
import { shape } from '../../src/core/dims';
import { Graph, Node } from '../../src/core/graph';
import { compileNodes, compileProgram } from '../../src/compile';
import { CHAIN_DP_MAX } from '../../src/compile/lnode';
import { grad } from '../../src/ad';
import { simplify } from '../../src/simplify';
import { parseProgram } from '../../src/parse';
import { evaluateAll } from '../../src/eval/reference';
import { envOf } from '../support/random';
import { mismatches } from './helpers';

const n = 3;
const M = (s: number) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0.6 : 0.15 * Math.sin(s + i - 2 * j))));

describe('chains longer than the dynamic program', () => {
  const g = new Graph();
  const A = b.variable(g, 'A', shape('n', 'n'));
  const B = b.variable(g, 'B', shape('n', 'n'));
  const u = b.variable(g, 'u', shape('n', 1));
  const v = b.variable(g, 'v', shape('n', 1));
  const k = CHAIN_DP_MAX + 37;
  const mats = Array.from({ length: k }, (_, i) => (i % 3 === 0 ? B : i % 3 === 1 ? A : b.transpose(g, A)));
  const env = envOf({ A: M(1), B: M(2), u: [1, -2, 0.5], v: [0.3, 0.1, -1] }, { n });
  const cases: [string, Node][] = [
    ['ending in a column vector', b.matmul(g, [...mats, u])],
    ['starting with a row vector', b.matmul(g, [b.transpose(g, v), ...mats])],
    ['with an inner size 1', b.matmul(g, [...mats.slice(0, 50), u, b.transpose(g, v), ...mats.slice(50)])],
    ['of matrices only (greedy)', b.matmul(g, mats)],
  ];
  test.each(cases)('%s', (_label, e) => {
    const ev = compileNodes(g, [e]);
    const r = ev.run(Object.fromEntries(env.vars));
    expect(mismatches(r.outputs[0], evaluateAll([e], env)[0], 'product')).toEqual([]);
  });
});

describe('deep right-nested products', () => {
  test('gradient of sum(A*(A*(…x))) at 300 levels: compiled = reference, lowered without cubic work', () => {
    const depth = 300;
    let e = 'x';
    for (let i = 0; i < depth; i++) e = `A*(${e})`;
    const src = `A : matrix(n, n); x : vector(n); sum(${e})`;
    const p = parseProgram(src);
    const gA = simplify(p.graph, grad(p.graph, p.result!, p.scope.declaration('A')!.node));
    const data = { A: M(0).map((r) => r.map((x) => x / 1.2)), x: [1, 2, 3] };
    const t0 = Date.now();
    const ev = compileNodes(p.graph, { value: p.result!, gradients: { A: gA } });
    const compileMs = Date.now() - t0;
    const r = ev.run(data);
    const [value, gradient] = evaluateAll([p.result!, gA], envOf(data, { n }));
    expect(mismatches(r.value!, value, 'value', 1e-10)).toEqual([]);
    expect(mismatches(r.gradients.A, gradient, 'gradient', 1e-10)).toEqual([]);
    // measured 1.8 s before (O(k³) per chain, k chains), 0.09 s after: a generous bound
    expect(compileMs).toBeLessThan(1500);
    // and the evaluator's own compile path agrees (it simplifies and verifies itself)
    expect(compileProgram(src, { wrt: 'A' }).run(data).gradients.A.data[0]).toBeCloseTo(gradient.data[0], 8);
  });
});
