/**
 * The wasm backend's own promises: resident inputs are read in place (nothing copied per call),
 * other inputs are copied only when their bytes change, a split pass gives the same bits every
 * time for a given thread count (and agrees with one thread to rounding), workers are released
 * by dispose, and the options are checked.
 */
import { compileProgram } from '../../src/compile';
import { wasmAvailable } from '../../src/compile/evaluator';
import { poolSize } from '../../src/compile/wasm/threads';

const SEED = `A : matrix(m, n)
x : vector(n)
b : vector(m)
-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))`;

function data(m: number, n: number) {
  let s = m * 7 + n;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296) * 2 - 1;
  return { A: new Float64Array(m * n).map(rnd), x: new Float64Array(n).map(rnd), b: new Float64Array(m).map((_, i) => i % 2) };
}
const snap = (r: { outputs: readonly { data: Float64Array }[] }) => r.outputs.map((t) => Array.from(t.data));

const maybe = wasmAvailable() ? describe : describe.skip;

maybe('wasm backend', () => {
  test('auto picks wasm here; the seed is one rendered row pass', () => {
    const ev = compileProgram(SEED, { wrt: 'x' });
    expect(ev.backend).toBe('wasm');
    expect(ev.stats.wasmKernels).toBeGreaterThanOrEqual(1);
    expect(compileProgram(SEED, { wrt: 'x', backend: 'js' }).backend).toBe('js');
    ev.dispose();
  });

  test('a resident input is used in place: no copy per call, and writes to it are seen', () => {
    const ev = compileProgram(SEED, { wrt: 'x', threads: 1 });
    const js = compileProgram(SEED, { wrt: 'x', backend: 'js' });
    const d = data(37, 6);
    const A = ev.input('A', { m: 37, n: 6 });
    expect(A).toBeInstanceOf(Float64Array);
    expect(A.length).toBe(37 * 6);
    A.set(d.A);
    const set = Float64Array.prototype.set;
    let copies = 0;
    Float64Array.prototype.set = function (this: Float64Array, ...args: Parameters<typeof set>) {
      if ((args[0] as ArrayLike<number>).length === 37 * 6) copies++;
      return set.apply(this, args);
    };
    try {
      for (let k = 0; k < 3; k++) {
        d.x[0] += 0.1;
        const got = snap(ev.run({ A, x: d.x, b: d.b })).flat();
        const want = snap(js.run(d)).flat();
        got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want[i]))));
      }
    } finally {
      Float64Array.prototype.set = set;
    }
    expect(copies).toBe(0);
    A[0] += 1;
    d.A[0] += 1;
    const got = snap(ev.run({ A, x: d.x, b: d.b })).flat();
    const want = snap(js.run(d)).flat();
    got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want[i]))));
    expect(() => ev.input('A')).toThrow(/needs the size of m/);
    expect(() => ev.input('Q', { m: 1 })).toThrow(/not an input/);
    ev.dispose();
  });

  test('a Float64Array outside wasm memory is copied only when its bytes change', () => {
    const ev = compileProgram(SEED, { wrt: 'x', threads: 1 });
    const d = data(50, 4);
    const first = snap(ev.run(d));
    const set = Float64Array.prototype.set;
    let copiesOfA = 0;
    Float64Array.prototype.set = function (this: Float64Array, ...args: Parameters<typeof set>) {
      if (args[0] === d.A) copiesOfA++;
      return set.apply(this, args);
    };
    try {
      expect(snap(ev.run(d))).toEqual(first);
      expect(copiesOfA).toBe(0);
      d.A[5] = 0.25;
      const changed = snap(ev.run(d));
      expect(copiesOfA).toBe(1);
      expect(changed).not.toEqual(first);
    } finally {
      Float64Array.prototype.set = set;
    }
    ev.dispose();
  });

  test('two threads: the same bits on every call, within rounding of one thread; dispose stops the workers', () => {
    const d = data(20001, 13);
    const one = compileProgram(SEED, { wrt: 'x', threads: 1 });
    const two = compileProgram(SEED, { wrt: 'x', threads: 2, threadCrossover: 0 });
    const r1 = snap(one.run(d));
    const r2 = snap(two.run(d));
    expect(poolSize()).toBeGreaterThanOrEqual(1);
    for (let k = 0; k < 5; k++) expect(snap(two.run(d))).toEqual(r2);
    r2.flat().forEach((v, i) => expect(Math.abs(v - r1.flat()[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(r1.flat()[i]))));
    two.dispose();
    one.dispose();
    expect(poolSize()).toBe(0);
    expect(() => two.run(d)).toThrow(/disposed/);
  });

  test('options are checked', () => {
    expect(() => compileProgram(SEED, { wrt: 'x', backend: 'gpu' as never })).toThrow(/must be 'wasm', 'js', 'interp' or 'auto'/);
    expect(() => compileProgram(SEED, { wrt: 'x', threads: 0 })).toThrow(/threads/);
    expect(() => compileProgram(SEED, { wrt: 'x', threadCrossover: -1 })).toThrow(/threadCrossover/);
  });
});
