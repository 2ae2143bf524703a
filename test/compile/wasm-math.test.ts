/**
 * The WebAssembly exp, log and log1p against Math.* on 10^6 points each: random exponents over
 * the whole range, subnormals, ±0, ±inf, NaN, and the overflow and underflow edges.
 */
import { ModuleBuilder } from '../../src/compile/wasm/encoder';
import { mathFns } from '../../src/compile/wasm/math';
import { WA } from '../../src/compile/wasm/api';

function instantiate() {
  const mb = new ModuleBuilder({ module: 'env', name: 'memory', shared: false, minPages: 1, maxPages: 1 });
  const m = mathFns();
  mb.add(m.exp, 'exp');
  mb.add(m.log, 'log');
  mb.add(m.log1p, 'log1p');
  const memory = new WA!.Memory({ initial: 1, maximum: 1 });
  const inst = new WA!.Instance(new WA!.Module(mb.encode()), { env: { memory } });
  return inst.exports as unknown as Record<'exp' | 'log' | 'log1p', (x: number) => number>;
}

const f64 = new Float64Array(1);
const u64 = new BigInt64Array(f64.buffer);
const ord = (x: number): bigint => {
  f64[0] = x;
  const b = u64[0];
  return b < 0n ? -(b & 0x7fffffffffffffffn) : b;
};
/** Distance in units in the last place (0 for identical values, incl. NaN = NaN and the signs of zero). */
function ulps(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return Object.is(a, b) ? 0 : Infinity;
  const d = ord(a) - ord(b);
  return Number(d < 0n ? -d : d);
}

let seed = 7;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);

const SPECIAL = [0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-310, -1e-310, 1, -1, 0.5, 2, 709.782712893384, 709.7827128933841, 710, -745.1332191019411, -745.1332191019412, -746, -708.39, -708.4, -1e300, 1e300, Number.MAX_VALUE, -Number.MAX_VALUE, 2 ** -54, -(2 ** -54), 1e-17, -1 + 2 ** -53, -0.9999999999, 1e-8, Math.LN2, -Math.LN2];

function points(kind: 'exp' | 'log' | 'log1p'): Float64Array {
  const N = 1_000_000;
  const out = new Float64Array(N);
  out.set(SPECIAL);
  for (let i = SPECIAL.length; i < N; i++) {
    const u = rnd();
    if (kind === 'exp') out[i] = i % 3 === 0 ? (u * 2 - 1) * 750 : i % 3 === 1 ? (u * 2 - 1) * 2 : (u * 2 - 1) * 2 ** (-60 + 60 * rnd());
    else if (kind === 'log') out[i] = i % 4 === 0 ? 2 ** (-1074 + 2098 * u) * (1 + rnd()) : i % 4 === 1 ? 0.5 + u * 1.5 : i % 4 === 2 ? 1 + (u - 0.5) * 2 ** -20 : u * 5e-308;
    else out[i] = i % 4 === 0 ? -1 + 2 ** (-53 * u) : i % 4 === 1 ? (u * 2 - 1) * 2 ** (-60 * rnd()) : i % 4 === 2 ? 2 ** (1024 * u) : (u - 0.5) * 1e-300;
  }
  return out;
}

describe('wasm exp, log, log1p against Math.*', () => {
  const w = instantiate();
  for (const [name, ref, tol] of [
    ['exp', Math.exp, 1],
    ['log', Math.log, 1],
    ['log1p', Math.log1p, 2],
  ] as const)
    test(`${name}: within ${tol} ulp of Math.${name} on 10^6 points`, () => {
      const xs = points(name);
      const fn = w[name];
      let worst = 0, at = 0, far = 0;
      for (let i = 0; i < xs.length; i++) {
        const d = ulps(fn(xs[i]), ref(xs[i]));
        if (d > 0) far++;
        if (d > worst) (worst = d), (at = xs[i]);
      }
      if (worst > tol) throw new Error(`${name}(${at}) is ${fn(at)}, Math.${name} gives ${ref(at)}: ${worst} ulp apart`);
      expect(worst).toBeLessThanOrEqual(tol);
      expect(far / xs.length).toBeLessThan(0.05);
    });
});
