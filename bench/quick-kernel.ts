/** A short matdiff-vs-hand-loop timing, for tuning the generated kernel: npx ts-node --transpile-only bench/quick-kernel.ts */
import { compileProgram } from '../src/compile';
import { handFused } from './hand-loops';
const SEED = `A : matrix(m, n)\nx : vector(n)\nb : vector(m)\n-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))`;
const block = Number(process.argv[2] ?? 4);
for (const [m, n] of [
  [10000, 100],
  [100000, 100],
  [1000000, 10],
  [2000, 2000],
]) {
  const A = new Float64Array(m * n).map((_, i) => Math.sin(i));
  const x = new Float64Array(n).map((_, i) => Math.cos(i) / Math.sqrt(n));
  const b = new Float64Array(m).map((_, i) => i % 2);
  const ev = compileProgram(SEED, { wrt: 'x', rowBlock: block });
  const t: number[] = [];
  for (let k = 0; k < 25; k++) {
    const t0 = performance.now();
    ev.run({ A, x, b });
    if (k >= 5) t.push(performance.now() - t0);
  }
  t.sort((p, q) => p - q);
  console.log(m, n, 'block', block, t[10].toFixed(3), 'ms', ((m * n * 8) / t[10] / 1e6).toFixed(2), 'GB/s');
}
for (const [m, n] of [
  [10000, 100],
  [100000, 100],
  [1000000, 10],
  [2000, 2000],
]) {
  const A = new Float64Array(m * n).map((_, i) => Math.sin(i));
  const x = new Float64Array(n).map((_, i) => Math.cos(i) / Math.sqrt(n));
  const b = new Float64Array(m).map((_, i) => i % 2);
  const g = new Float64Array(n);
  const t: number[] = [];
  for (let k = 0; k < 25; k++) {
    const t0 = performance.now();
    handFused(A, x, b, m, n, g);
    if (k >= 5) t.push(performance.now() - t0);
  }
  t.sort((p, q) => p - q);
  console.log(m, n, 'hand', t[10].toFixed(3), 'ms', ((m * n * 8) / t[10] / 1e6).toFixed(2), 'GB/s');
}
