/**
 * The evaluator's per-signature buffer cache is bounded by count (8) and by bytes (64 MiB), and
 * results say whether they are reused (issue 10, item 7). It once kept 3.3 GB for 4000 distinct
 * row counts: here 4000 distinct row counts run in a few seconds and what stays reachable after
 * a garbage collection is a few megabytes, not gigabytes.
 */
import * as v8 from 'v8';
import * as vm from 'vm';
import { compileProgram } from '../../src/compile';
import { EvalResult } from '../../src/compile/types';

/** A full garbage collection, when node lets us have one (it does, with --expose-gc set at run time). */
function collector(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

const MiB = 1024 * 1024;

describe('4000 distinct row counts', () => {
  // The gradient wrt A is m×n: every signature has an m×n buffer of its own (up to 4000×4×8 = 128 kB,
  // about 0.5 GB over all 4000 if nothing were dropped, with the copies), and A given as rows is copied into one more.
  const n = 4;
  const M = 4000;
  const ev = compileProgram('A : matrix(m, n); x : vector(n); sum(exp(A*x)) + norm2(x)', { wrt: ['A', 'x'] });
  const flat = new Float64Array(M * n).map((_, i) => Math.sin(i) / 8);
  const rows = Array.from({ length: M }, (_, i) => Array.from(flat.subarray(i * n, (i + 1) * n)));
  const x = Array.from({ length: n }, (_, j) => Math.cos(j) / 4);

  test.each([
    ['a Float64Array (used in place)', (m: number) => flat.subarray(0, m * n)],
    ['rows (copied into a cached buffer)', (m: number) => rows.slice(0, m)],
  ])('A as %s: retained memory stays bounded, and only the last 8 signatures are cached', (_label, A) => {
    const gc = collector();
    gc?.();
    const before = process.memoryUsage().arrayBuffers;
    const started = Date.now();
    const kept: EvalResult[] = [];
    let ninth: EvalResult | undefined;
    let peak = 0;
    for (let m = 1; m <= M; m++) {
      const r = ev.run({ A: A(m), x });
      if (m > M - 8) kept.push(r);
      if (m === M - 8) ninth = r;
      if (m % 500 === 0) {
        gc?.();
        peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
      }
    }
    expect(Date.now() - started).toBeLessThan(10_000);
    // the 8 most recent signatures come back as the same objects (no new buffers) ...
    for (let m = M; m > M - 8; m--) expect(ev.run({ A: A(m), x })).toBe(kept[m - (M - 7)]);
    // ... the ninth most recent was dropped: it is rebuilt
    const old = ev.run({ A: A(M - 8), x });
    expect(old).not.toBe(ninth);
    expect(old.gradients.A.rows).toBe(M - 8);
    if (gc) {
      // 8 signatures of at most 4000×16 doubles, times a few buffers each: well under 64 MiB
      expect(peak).toBeLessThan(64 * MiB);
    }
  });
});

describe('the byte budget (64 MiB) bounds few, large signatures', () => {
  // Sizes are chosen so that the outcome does not depend on how a backend buffers: the gradient
  // wrt X, u w', is an output (always materialized), 36 MB at 3000×1500, so two signatures never
  // fit in 64 MiB, while the count limit alone (8) would keep both.
  const k = 1500;
  const ev = compileProgram("X : matrix(m, k); u : vector(m); w : vector(k); u' * X * w", { wrt: 'X' });
  const X = new Float64Array(3001 * k).fill(0.5);
  const w = new Float64Array(k).fill(0.25);
  const run = (m: number) => ev.run({ X: X.subarray(0, m * k), u: new Float64Array(m).fill(2), w });

  test('a second 36 MB signature evicts the first', () => {
    const r1 = run(3000);
    const r2 = run(3001);
    expect(run(3001)).toBe(r2); // the signature in use stays
    const again = run(3000);
    expect(again).not.toBe(r1); // dropped when 3001 was made
    expect(again.gradients.X.rows).toBe(3000);
    expect(again.gradients.X.data[0]).toBe(0.5);
    expect(run(3001)).not.toBe(r2);
  });

  test('converted copies of array inputs count too', () => {
    // A as rows: its copy is 36 MB; the kernel's own buffers are small.
    const evRows = compileProgram('A : matrix(m, n); x : vector(n); sum(exp(A*x))');
    const cols = 3000;
    const rows = Array.from({ length: 1501 }, (_, i) => Array.from({ length: cols }, (_, j) => Math.sin(i + j) / 64));
    const xs = new Float64Array(cols).fill(0.001);
    const runRows = (m: number) => evRows.run({ A: rows.slice(0, m), x: xs });
    const r1 = runRows(1500);
    const r2 = runRows(1501);
    expect(runRows(1501)).toBe(r2);
    expect(runRows(1500)).not.toBe(r1);
  });

  test('a signature is cached while it is in use, even alone near the budget', () => {
    const r = run(3001);
    expect(run(3001)).toBe(r);
    expect(r.gradients.X.data.length).toBe(3001 * k);
  });
});

describe('reused or fresh results', () => {
  const ev = compileProgram('A : matrix(m, n); x : vector(n); b : vector(m); norm2(A*x - b)^2', { wrt: 'x' });
  const data = (shift: number) => ({
    A: [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
    x: [shift, -shift],
    b: [1, 0, 1],
  });

  test('by default the same result object and arrays come back, overwritten', () => {
    const r1 = ev.run(data(1));
    const g1 = Array.from(r1.gradients.x.data);
    const r2 = ev.run(data(2));
    expect(r2).toBe(r1);
    expect(r2.gradients.x.data).toBe(r1.gradients.x.data);
    expect(Array.from(r1.gradients.x.data)).not.toEqual(g1);
  });

  test('{ copy: true } returns fresh arrays that later calls leave alone', () => {
    const shared = ev.run(data(1));
    const f1 = ev.run(data(1), { copy: true });
    const f2 = ev.run(data(2), { copy: true });
    expect(f1).not.toBe(f2);
    expect(f1).not.toBe(shared);
    expect(f1.gradients.x.data).not.toBe(f2.gradients.x.data);
    expect(f1.value!.data).not.toBe(shared.value!.data);
    const kept = Array.from(f1.gradients.x.data);
    ev.run(data(3));
    expect(Array.from(f1.gradients.x.data)).toEqual(kept);
    // the numbers are those of a plain call
    expect(Array.from(f2.gradients.x.data)).toEqual(Array.from(ev.run(data(2)).gradients.x.data));
    expect(f2.value!.data[0]).toBe(ev.run(data(2)).value!.data[0]);
    expect(f2.outputs[0]).toBe(f2.value);
    expect(f2.outputs[1]).toBe(f2.gradients.x);
    // and a plain call after a copying one still returns the cached result
    expect(ev.run(data(4))).toBe(shared);
  });

  test('copy must be a boolean', () => {
    expect(() => ev.run(data(1), { copy: 'yes' as unknown as boolean })).toThrow(/options.copy must be true or false, not string/);
  });
});
