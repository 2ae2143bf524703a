/**
 * Why the compiled logistic kernel runs below the memory-bandwidth ceiling: on the same 100000×100
 * matrix, time (1) a plain 4-accumulator sum over A (the read ceiling), (2) A*x alone in the same
 * 4-row blocks the kernel uses (the compute floor of a scalar JS dot product: no SIMD, no FMA),
 * (3) matdiff's fused value + gradient. Run with --cpu-prof to see that the generated kernel, not
 * exp/log1p, holds the time:
 *
 *     node --cpu-prof -r ts-node/register/transpile-only bench/kernel-profile.ts
 */
import { compileProgram } from '../src/compile';
const SEED = `A : matrix(m, n)\nx : vector(n)\nb : vector(m)\n-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))`;
const [m, n] = [100000, 100];
const A = new Float64Array(m * n).map((_, i) => Math.sin(i));
const x = new Float64Array(n).map((_, i) => Math.cos(i) / Math.sqrt(n));
const b = new Float64Array(m).map((_, i) => i % 2);
const ev = compileProgram(SEED, { wrt: 'x' });
for (let k = 0; k < 100; k++) ev.run({ A, x, b });
// dot-only and sum-only baselines on the same data
let t0 = performance.now();
let s = 0;
for (let k = 0; k < 20; k++) {
  let a0 = 0,
    a1 = 0,
    a2 = 0,
    a3 = 0;
  for (let i = 0; i < A.length; i += 4) {
    a0 += A[i];
    a1 += A[i + 1];
    a2 += A[i + 2];
    a3 += A[i + 3];
  }
  s += a0 + a1 + a2 + a3;
}
console.log('sum only', ((performance.now() - t0) / 20).toFixed(2), 'ms', s > 0);
t0 = performance.now();
for (let k = 0; k < 20; k++) {
  for (let i = 0; i < m; i += 4) {
    const o0 = i * n,
      o1 = o0 + n,
      o2 = o1 + n,
      o3 = o2 + n;
    let z0 = 0,
      z1 = 0,
      z2 = 0,
      z3 = 0;
    for (let j = 0; j < n; j++) {
      const xj = x[j];
      z0 += A[o0 + j] * xj;
      z1 += A[o1 + j] * xj;
      z2 += A[o2 + j] * xj;
      z3 += A[o3 + j] * xj;
    }
    s += z0 + z1 + z2 + z3;
  }
}
console.log('A*x only (4-row blocks)', ((performance.now() - t0) / 20).toFixed(2), 'ms');
t0 = performance.now();
for (let k = 0; k < 20; k++) ev.run({ A, x, b });
console.log('matdiff value+gradient', ((performance.now() - t0) / 20).toFixed(2), 'ms');
