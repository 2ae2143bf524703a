/**
 * Repeated calls with the same dimensions allocate nothing: the result and its arrays are the
 * same objects every time, and no Float64Array is constructed (counted through a Proxy on the
 * global constructor). The seed compiles to one fused pass over A (no separate products).
 */
import { compileProgram } from '../../src/compile';

const SEED = `A : matrix(m, n)
x : vector(n)
b : vector(m)
-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))`;

function data(m: number, n: number) {
  const A = new Float64Array(m * n).map((_, i) => Math.sin(i));
  const x = new Float64Array(n).map((_, i) => Math.cos(i) / 10);
  const b = new Float64Array(m).map((_, i) => i % 2);
  return { A, x, b };
}

describe('no allocation on repeated calls', () => {
  const ev = compileProgram(SEED, { wrt: 'x' });

  test('the same result object and arrays come back', () => {
    const d = data(9, 4);
    const r1 = ev.run(d);
    const v1 = r1.value!.data;
    const g1 = r1.gradients.x.data;
    const before = [v1[0], ...g1];
    d.x[0] += 1;
    const r2 = ev.run(d);
    expect(r2).toBe(r1);
    expect(r2.value!.data).toBe(v1);
    expect(r2.gradients.x.data).toBe(g1);
    expect([v1[0], ...g1]).not.toEqual(before); // overwritten in place with the new numbers
  });

  test('no Float64Array is constructed after the first call (Float64Array and array inputs)', () => {
    const original = globalThis.Float64Array;
    let constructed = 0;
    const counting = new Proxy(original, {
      construct(target, args) {
        constructed++;
        return Reflect.construct(target, args);
      },
    });
    const flat = data(11, 5);
    const nested = { A: Array.from({ length: 11 }, (_, i) => Array.from(flat.A.subarray(i * 5, i * 5 + 5))), x: Array.from(flat.x), b: Array.from(flat.b) };
    ev.run(flat);
    ev.run(nested);
    globalThis.Float64Array = counting;
    try {
      for (let k = 0; k < 5; k++) {
        ev.run(flat);
        ev.run(nested);
      }
    } finally {
      globalThis.Float64Array = original;
    }
    expect(constructed).toBe(0);
    // the counter works: a new signature allocates
    globalThis.Float64Array = counting;
    try {
      ev.run(data(12, 5));
    } finally {
      globalThis.Float64Array = original;
    }
    expect(constructed).toBeGreaterThan(0);
  });

  test('dimension signatures keep separate buffers', () => {
    const a = ev.run(data(5, 3)).gradients.x;
    const b = ev.run(data(6, 3)).gradients.x;
    expect(b).not.toBe(a);
    expect(ev.run(data(5, 3)).gradients.x).toBe(a);
  });
});

describe('fusion', () => {
  test('the seed: value and gradient in one pass over A, no separate matrix-vector products', () => {
    const ev = compileProgram(SEED, { wrt: 'x' });
    expect(ev.stats.rowFusedPasses).toBe(1);
    expect(ev.source).not.toMatch(/function gemv/);
    // one loop over the rows of A reads A: in the dot products and in the update of the same block
    expect(ev.source.match(/v_A\[o0 \+ j\]/g)?.length).toBe(4);
  });

  test('least squares with a ridge term also fuses (any elementwise h, other terms added after)', () => {
    const ev = compileProgram('A : matrix(m, n)\nx : vector(n)\nb : vector(m)\nlambda : scalar\n1/2 * norm2(A*x - b)^2 + lambda/2 * norm2(x)^2', { wrt: 'x' });
    expect(ev.stats.rowFusedPasses).toBe(1);
    expect(ev.source).not.toMatch(/function gemv/);
  });

  test("a transpose is never materialized: A' * r reads A as stored", () => {
    const ev = compileProgram("A : matrix(m, n)\nr : vector(m)\nx : vector(n)\nsum(A' * r) + sum(A*x)");
    expect(ev.source).not.toMatch(/\[j \* d_m \+ i\]/); // no strided copy of A'
  });
});
