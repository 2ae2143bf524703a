/**
 * norm2 in compiled kernels neither overflows nor underflows (issue 8, finding 7): the fused
 * reduction keeps dnrm2's three accumulators, and the gradient x/‖x‖ reads that scaled norm.
 * Checked against the reference interpreter (which rescales by the largest entry) and against
 * exact values.
 */
import { grad } from '../../src/ad';
import { compileProgram } from '../../src/compile';
import { evaluateAll } from '../../src/eval/reference';
import { parseProgram } from '../../src/parse';
import { envOf } from '../support/random';
import { mismatches } from './helpers';

const SCALES = [1, 1e-200, 1e200, 1e-300, 1e300, 1e-160, 1e160, 2 ** -520, 2 ** 490];

function againstReference(src: string, wrt: string, data: Record<string, number[] | number[][]>, dims: Record<string, number>) {
  const p = parseProgram(src);
  const g = grad(p.graph, p.result!, p.scope.declaration(wrt)!.node);
  const [value, gradient] = evaluateAll([p.result!, g], envOf(data, dims));
  const r = compileProgram(src, { wrt }).run(data);
  return [...mismatches(r.value!, value, 'value'), ...mismatches(r.gradients[wrt], gradient, 'gradient')];
}

describe('norm2 at every scale', () => {
  test('x = [1e200, 1e200]: value √2·1e200, gradient [0.707, 0.707] (was null and [0, 0])', () => {
    const ev = compileProgram('x : vector(n); norm2(x)', { wrt: 'x' });
    for (const s of [1e200, 1e-200]) {
      const r = ev.run({ x: [s, s] });
      expect(r.value!.data[0] / s).toBeCloseTo(Math.SQRT2, 15);
      for (const v of r.gradients.x.data) expect(v).toBeCloseTo(Math.SQRT1_2, 15);
    }
    const r = ev.run({ x: [3e-300, 4e-300] });
    expect(r.value!.data[0] / 1e-300).toBeCloseTo(5, 14);
    expect(Array.from(r.gradients.x.data).map((v) => +v.toFixed(14))).toEqual([0.6, 0.8]);
  });

  test.each(SCALES)('scale %p: vectors of mixed magnitudes agree with the reference', (s) => {
    const x = [3 * s, -4 * s, 0, 1e-3 * s, 12 * s];
    expect(againstReference('x : vector(n); norm2(x)', 'x', { x }, { n: 5 })).toEqual([]);
    // one huge entry next to ordinary ones, and a tiny one next to ordinary ones
    expect(againstReference('x : vector(n); norm2(x)', 'x', { x: [s, 1, 2, -3] }, { n: 4 })).toEqual([]);
  });

  const matrix = (s: number) => Array.from({ length: 7 }, (_, i) => Array.from({ length: 3 }, (_, j) => (i + 1) * (j - 1.5) * s));
  test.each(SCALES)('scale %p: Frobenius norm of a matrix, in row blocks and leftovers', (s) => {
    expect(againstReference('X : matrix(m, n); norm2(X)', 'X', { X: matrix(s) }, { m: 7, n: 3 })).toEqual([]);
  });
  // The gradient A'(Ax)/‖Ax‖ forms A'(Ax) ~ s² first, so the product test stays where s² is a double.
  test.each(SCALES.filter((s) => s * s < 1e300 && s * s > 1e-300))('scale %p: norm2(A*x) and its gradient', (s) => {
    expect(againstReference('A : matrix(m, n); x : vector(n); norm2(A * x)', 'x', { A: matrix(s), x: [1, -2, 0.5] }, { m: 7, n: 3 })).toEqual([]);
  });

  test('NaN and Infinity propagate as in the reference', () => {
    const ev = compileProgram('x : vector(n); y : vector(n); norm2(x ./ y)', {});
    expect(ev.run({ x: [1, 0], y: [1, 0] }).value!.data[0]).toBeNaN();
    expect(ev.run({ x: [1, 1e300], y: [1, 1e-300] }).value!.data[0]).toBe(Infinity);
  });
});
