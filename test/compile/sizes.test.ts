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
