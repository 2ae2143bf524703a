/**
 * Dimension sizes in compiled kernels (issue 8, finding 3): a size used as a number is the
 * exact size given, however large; only sizes that an array's length bounds are int32 in index
 * arithmetic, and sizes whose arrays cannot exist are refused with a MatdiffError.
 */
import { MatdiffError } from '../../src/core/errors';
import { compileProgram } from '../../src/compile';
import { evaluate } from '../../src/eval/reference';
import { parseProgram } from '../../src/parse';
import { envOf } from '../support/random';

const thrown = (f: () => unknown): MatdiffError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(MatdiffError);
    return e as MatdiffError;
  }
  throw new Error('expected a MatdiffError');
};

describe('dimension sizes beyond int32', () => {
  test('sum(x) / m with m = 3e9 is the exact quotient (was -2.3e-9)', () => {
    const src = 'y : vector(m); x : vector(n); sum(x) / m';
    const ev = compileProgram(src, { wrt: 'x' });
    const r = ev.run({ x: [1, 2, 3] }, { dims: { m: 3e9 } });
    const p = parseProgram(src);
    const expected = evaluate(p.result!, envOf({ x: [1, 2, 3] }, { m: 3e9, n: 3 })).data[0];
    expect(r.value!.data[0]).toBe(expected);
    expect(r.value!.data[0]).toBeCloseTo(2e-9, 20);
    expect(Array.from(r.gradients.x.data)).toEqual([1 / 3e9, 1 / 3e9, 1 / 3e9].map((v) => v));
  });

  test('sizes up to 2^53 used as numbers stay exact', () => {
    const ev = compileProgram('y : vector(m); t : scalar; t * m', {});
    for (const m of [2 ** 31, 2 ** 32 + 1, 2 ** 53 - 1]) expect(ev.run({ t: 1 }, { dims: { m } }).value!.data[0]).toBe(m);
  });

  test('a size whose array cannot exist is a MatdiffError naming the sizes', () => {
    const ev = compileProgram('t : scalar; y : vector(m); logdet(t * eye(m))', {});
    const e = thrown(() => ev.run({ t: 2 }, { dims: { m: 50000 } }));
    expect(e.kind).toBe('data');
    expect(e.message).toMatch(/m = 50000 × m = 50000 need an array of 2500000000 numbers/);
    expect(e.hint).toMatch(/2\^31 - 1/);
    // small sizes still work on the same evaluator
    expect(ev.run({ t: 2 }, { dims: { m: 3 } }).value!.data[0]).toBeCloseTo(3 * Math.log(2), 14);
  });

  test('kernels truncate only sizes that bound an array', () => {
    const ev = compileProgram('y : vector(m); x : vector(n); sum(x) / m', {});
    expect(ev.source).toMatch(/d_m = d\[\d\](?! \| 0)/);
    expect(ev.source).toMatch(/d_n = d\[\d\] \| 0/);
  });
});

describe('run and compile options are validated (issue 8, finding 9)', () => {
  const ev = compileProgram('A : matrix(m, n); x : vector(n); sum(A * x) / m', { wrt: 'x' });
  const flat = { A: new Float64Array(6).fill(1), x: new Float64Array([1, 2, 3]) };

  test.each([0, -2, 2.5, NaN, Infinity, 2 ** 53])('dims m = %p is refused, naming m and what would be right', (m) => {
    const e = thrown(() => ev.run(flat, { dims: { m } }));
    expect(e.kind).toBe('data');
    expect(e.message).toContain('options.dims.m');
    expect(e.hint).toMatch(/m: 10/);
  });

  test('m = 2^31 for a buffer of m×n numbers is refused; m = 2 gives the reference value', () => {
    expect(thrown(() => ev.run(flat, { dims: { m: 2 ** 31 } })).message).toMatch(/need an array|is not m = 2147483648/);
    const r = ev.run(flat, { dims: { m: 2 } });
    const p = parseProgram('A : matrix(m, n); x : vector(n); sum(A * x) / m');
    const env = envOf(
      {
        A: [
          [1, 1, 1],
          [1, 1, 1],
        ],
        x: [1, 2, 3],
      },
      { m: 2, n: 3 },
    );
    expect(r.value!.data[0]).toBe(evaluate(p.result!, env).data[0]);
  });

  test.each([
    [{ rows: 1.5, cols: 4, data: new Float64Array(6) }, /A\.rows is 1\.5/],
    [{ rows: 0, cols: 3, data: new Float64Array(0) }, /A\.rows is 0/],
    [{ rows: 2, cols: -3, data: new Float64Array(6) }, /A\.cols is -3/],
    [{ rows: 2, cols: 2, data: new Float64Array(6) }, /says it is 2×2 but holds 6/],
  ])('tensor %p is refused', (A, message) => {
    const e = thrown(() => ev.run({ A, x: [1, 2, 3] }));
    expect(e.message).toMatch(message);
    expect(e.hint).toBeTruthy();
  });

  test.each([
    [{ rowBlock: 1e6 }, /rowBlock is 1000000/],
    [{ rowBlock: 0 }, /rowBlock is 0/],
    [{ rowBlock: 2.5 }, /rowBlock is 2.5/],
    [{ unrollMax: -1 }, /unrollMax is -1/],
    [{ rowFusion: 'yes' }, /rowFusion must be true or false/],
  ])('compile option %p is refused', (opts, message) => {
    const e = thrown(() => compileProgram('x : vector(n); sum(x)', opts as object));
    expect(e.kind).toBe('usage');
    expect(e.message).toMatch(message);
    expect(e.hint).toBeTruthy();
  });

  test('options that are in range still compile and agree', () => {
    const src = 'A : matrix(m, n); x : vector(n); b : vector(m); 1/2 * norm2(A*x - b)^2';
    const data = {
      A: [
        [1, 2],
        [3, 4],
        [5, 6],
        [7, 8],
        [9, 10],
      ],
      x: [0.5, -1],
      b: [1, 0, 1, 0, 1],
    };
    const base = compileProgram(src, { wrt: 'x' }).run(data).gradients.x.data;
    for (const rowBlock of [1, 3, 32])
      expect(Array.from(compileProgram(src, { wrt: 'x', rowBlock }).run(data).gradients.x.data)).toEqual(Array.from(base).map((v) => expect.closeTo(v, 12)));
  });
});
