/** The API edge: every accepted input form, and a named MatdiffError (kind 'data') for bad data. */
import { compileProgram } from '../../src/compile';
import { MatdiffError } from '../../src/core/errors';

const SOURCE = `A : matrix(m, n)
x : vector(n)
b : vector(m)
s : scalar
A*x - s*b`;

const ev = compileProgram(SOURCE);
const A = [
  [1, 2, 3],
  [4, 5, 6],
];
const want = [1 * 1 + 2 * 2 + 3 * 3 - 2 * 1, 4 + 10 + 18 - 2 * -1];
const ok = { A, x: [1, 2, 3], b: [1, -1], s: 2 };

function dataError(f: () => unknown): MatdiffError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(MatdiffError);
    expect((e as MatdiffError).kind).toBe('data');
    expect((e as MatdiffError).hint).toBeTruthy();
    return e as MatdiffError;
  }
  throw new Error('expected a data error');
}

describe('accepted input forms agree', () => {
  const forms: Record<string, Record<string, unknown>> = {
    'number[][] and number[]': ok,
    'Float64Array (flat matrix, dimensions from the vectors)': { ...ok, A: Float64Array.from(A.flat()), x: Float64Array.of(1, 2, 3) },
    'tensor objects': { ...ok, A: { rows: 2, cols: 3, data: Float64Array.from(A.flat()) } },
    'a column given as rows': { ...ok, x: [[1], [2], [3]] },
    'mathjs-like matrices (toArray/size)': { ...ok, A: { toArray: () => A, size: () => [2, 3] }, x: { toArray: () => [1, 2, 3], size: () => [3] } },
    'a scalar as a 1-element array': { ...ok, s: [2] },
  };
  for (const [label, inputs] of Object.entries(forms))
    test(label, () => {
      const r = ev.run(inputs as never);
      expect(Array.from(r.value!.data)).toEqual(want);
      expect(r.value!.rows).toBe(2);
      expect(r.value!.cols).toBe(1);
    });

  test('a real mathjs matrix', () => {
    const math = require('mathjs');
    const r = ev.run({ ...ok, A: math.matrix(A), x: math.matrix([1, 2, 3]) });
    expect(Array.from(r.value!.data)).toEqual(want);
  });

  test('dimensions from options.dims for a flat matrix whose size nothing else fixes', () => {
    const e2 = compileProgram('A : matrix(m, n)\nsum(A)');
    expect(e2.run({ A: Float64Array.of(1, 2, 3, 4, 5, 6) }, { dims: { m: 3 } }).value!.data[0]).toBe(21);
    const err = dataError(() => e2.run({ A: Float64Array.of(1, 2, 3, 4, 5, 6) }));
    expect(err.message).toMatch(/cannot tell the dimensions of A/);
  });
});

describe('bad inputs get a named error', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['missing variable', { A, x: [1, 2, 3], s: 2 }, /no value for b \(a vector\(m\)\)/],
    ['wrong vector length', { ...ok, x: [1, 2] }, /x has 2 rows, but n = 3 \(from A\)/],
    ['disagreeing dimensions', { ...ok, b: [1, 2, 3] }, /b has 3 rows, but m = 2 \(from A\)/],
    [
      'ragged row',
      {
        ...ok,
        A: [
          [1, 2, 3],
          [4, 5],
        ],
      },
      /A\[1\] has 2 entries, A\[0\] has 3/,
    ],
    [
      'NaN entry',
      {
        ...ok,
        A: [
          [1, 2, NaN],
          [4, 5, 6],
        ],
      },
      /A\[0\]\[2\] is NaN, not a finite number/,
    ],
    ['Infinity entry', { ...ok, x: [1, Infinity, 3] }, /x\[1\] is Infinity/],
    ['a string entry', { ...ok, b: [1, '2'] }, /b\[1\] is "2", not a finite number/],
    ['flat array for a matrix', { ...ok, A: [1, 2, 3, 4, 5, 6] }, /A is declared as a matrix\(m, n\) but was given a flat array/],
    ['wrong flat length', { ...ok, A: Float64Array.of(1, 2, 3, 4, 5) }, /A has 5 numbers, which is not m = 2 × n = 3/],
    ['NaN in a Float64Array (found after the fact)', { ...ok, A: Float64Array.of(1, 2, 3, 4, NaN, 6) }, /A\[1\]\[1\] is NaN/],
    ['not a number at all', { ...ok, s: 'two' }, /s must be a number, an array, a Float64Array or a matrix, not string/],
    ['empty array', { ...ok, b: [] }, /b is an empty array/],
    ['scalar given a vector', { ...ok, s: [1, 2] }, /s has 2 rows, but it is declared as a scalar/],
  ];
  for (const [label, inputs, message] of cases)
    test(label, () => {
      expect(dataError(() => ev.run(inputs as never)).message).toMatch(message);
    });

  test('options.dims that disagree with the data', () => {
    expect(dataError(() => ev.run(ok as never, { dims: { m: 5 } })).message).toMatch(/A has 2 rows, but m = 5/);
  });
});

describe('gradients with respect to a variable the gradient does not read', () => {
  test('x is still required and checked', () => {
    const e = compileProgram("a : vector(n)\nx : vector(n)\na' * x", { wrt: 'x' });
    const r = e.run({ a: [1, 2], x: [5, 6] });
    expect(r.value!.data[0]).toBe(17);
    expect(Array.from(r.gradients.x.data)).toEqual([1, 2]);
    expect(dataError(() => e.run({ a: [1, 2] })).message).toMatch(/no value for x/);
  });
});
