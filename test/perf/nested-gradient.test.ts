/**
 * The gradient of a deep right-nested product sum(A*(A*(...(A*x)))) wrt A in time linear in
 * the size of its result (issue 8, finding 21: 1000 levels took 12-14 s, 2000 ran out of
 * memory). The result is about n²/2 factors (n chains of up to n factors), so everything that
 * handles it must be linear in that: parsing, reverse mode, factoring, the self-verification's
 * reference evaluation. Limits are generous (a slow CI machine must not flake) yet well below
 * the old quadratic-in-the-result times; correctness is checked against finite differences.
 */
import { derive } from '../../src/derive';
import { evaluate, evaluateScalar } from '../../src/eval/reference';
import { Env, Tensor, tensor } from '../../src/eval/tensor';
import { parseProgram } from '../../src/parse';

function nested(levels: number): string {
  let e = 'x';
  for (let i = 0; i < levels; i++) e = `A*(${e})`;
  return `A : matrix(n, n); x : vector(n)\nsum(${e})`;
}

function env(A: number[], x: number[]): Env {
  const n = x.length;
  return {
    vars: new Map<string, Tensor>([
      ['A', tensor(n, n, Float64Array.from(A))],
      ['x', tensor(n, 1, Float64Array.from(x))],
    ]),
    dims: new Map([['n', n]]),
  };
}

describe('gradients of deep right-nested products', () => {
  it('1000 levels: derived, simplified and self-verified in linear time', () => {
    const t0 = performance.now();
    const p = parseProgram(nested(1000));
    const A = p.scope.lookup('A');
    if (A?.kind !== 'declaration') throw new Error('A is declared');
    const d = derive(p.graph, 'grad', p.result!, A.entry.node);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(10_000);
    // A well-scaled instance (spectral radius about 1): the value neither overflows nor vanishes.
    const e = env([0.6, 0.8, -0.8, 0.6], [1, -0.5]);
    const g = evaluate(d.node, e);
    const raw = evaluate(d.raw, e);
    for (let i = 0; i < 4; i++) expect(g.data[i]).toBeCloseTo(raw.data[i], 8);
  });

  it('agrees with finite differences on a small instance', () => {
    const p = parseProgram(nested(12));
    const A = p.scope.lookup('A');
    if (A?.kind !== 'declaration') throw new Error('A is declared');
    const d = derive(p.graph, 'grad', p.result!, A.entry.node);
    const a = [0.5, -0.7, 0.9, 0.3, 0.2, -0.4, -0.6, 0.8, 0.1];
    const x = [1, 2, -1];
    const g = evaluate(d.node, env(a, x));
    const h = 1e-6;
    for (let i = 0; i < 9; i++) {
      const up = a.slice();
      const down = a.slice();
      up[i] += h;
      down[i] -= h;
      const fd = (evaluateScalar(p.result!, env(up, x)) - evaluateScalar(p.result!, env(down, x))) / (2 * h);
      expect(g.data[i]).toBeCloseTo(fd, 5);
    }
  });
});
