/**
 * The reference interpreter multiplies a matrix chain in a cheap order (split at the smallest
 * inner size, accumulate outward) with two scratch buffers instead of a tensor per factor.
 * The value must be the chain's product whatever the shapes, and a long chain ending in a
 * vector must cost matrix-vector products only.
 */
import fc from 'fast-check';
import { evaluate } from '../../src/eval/reference';
import { Tensor, tensor } from '../../src/eval/tensor';
import { parseProgram } from '../../src/parse';

/** Row-major product, left to right, the obvious way. */
function naive(fs: { rows: number; cols: number; data: number[] }[]): number[] {
  let acc = fs[0];
  for (const f of fs.slice(1)) {
    const data: number[] = [];
    for (let i = 0; i < acc.rows; i++)
      for (let j = 0; j < f.cols; j++) {
        let s = 0;
        for (let k = 0; k < acc.cols; k++) s += acc.data[i * acc.cols + k] * f.data[k * f.cols + j];
        data.push(s);
      }
    acc = { rows: acc.rows, cols: f.cols, data };
  }
  return acc.data;
}

describe('reference chain products', () => {
  it('equal the left-to-right product for random shapes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 3, maxLength: 9 }), fc.integer(), (p, seed) => {
        let s = seed;
        const next = () => ((s = (Math.imul(s, 1103515245) + 12345) | 0) >>> 8) / (1 << 24) - 0.5;
        const fs = p.slice(1).map((c, i) => ({ rows: p[i], cols: c, data: Array.from({ length: p[i] * c }, next) }));
        const decl = fs.map((f, i) => `M${i} : matrix(${f.rows}, ${f.cols})`).join('; ');
        const prog = parseProgram(`${decl}\n${fs.map((_, i) => `M${i}`).join(' * ')}`);
        const vars = new Map<string, Tensor>(fs.map((f, i) => [`M${i}`, tensor(f.rows, f.cols, Float64Array.from(f.data))]));
        const got = evaluate(prog.result!, { vars, dims: new Map() });
        const want = naive(fs);
        expect(got.data.length).toBe(want.length);
        want.forEach((w, i) => expect(got.data[i]).toBeCloseTo(w, 12));
      }),
      { numRuns: 300 },
    );
  });

  it('a 20,000-factor chain ending in a vector, in matrix-vector products', () => {
    const k = 20_000;
    const p = parseProgram(`A : matrix(n, n); x : vector(n)\n${'A * '.repeat(k)}x`);
    const n = 50; // matrix-matrix products would take k·n³ = 2.5e9 multiply-adds, matrix-vector ones 5e7
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) a[i * n + ((i + 1) % n)] = 1; // a cyclic shift: A^n = I
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const t0 = performance.now();
    const v = evaluate(p.result!, {
      vars: new Map([
        ['A', tensor(n, n, a)],
        ['x', tensor(n, 1, x)],
      ]),
      dims: new Map([['n', n]]),
    });
    expect(performance.now() - t0).toBeLessThan(10_000);
    // A^k x shifts x by k mod n = 0 places.
    expect(Array.from(v.data)).toEqual(Array.from(x));
  });
});
