/**
 * The WebAssembly exp, log and log1p against Math.* on 10^6 points each: random exponents over
 * the whole range, subnormals, ±0, ±inf, NaN, and the overflow and underflow edges.
 */
import { Fn, ModuleBuilder, OP } from '../../src/compile/wasm/encoder';
import { mathFns, vmathFns } from '../../src/compile/wasm/math';
import { WA } from '../../src/compile/wasm/api';

/** map(p, bytes): the f64x2 function on every pair of doubles at p..p+bytes, in place. */
function mapper(name: string, vf: Fn): Fn {
  const f = new Fn(name);
  const p = f.param('i32'),
    bytes = f.param('i32');
  const q = f.local('i32'),
    end = f.local('i32');
  f.get(p).set(q).get(p).get(bytes).op(OP.i32_add).set(end);
  f.begin('block').begin('loop');
  f.get(q).get(end).op(OP.i32_ge_u).op(OP.br_if, 1);
  f.get(q).get(q).v128load().call(vf).v128store();
  f.get(q).i32(16).op(OP.i32_add).set(q).op(OP.br, 0);
  f.end().end();
  return f;
}

const PAGES = 256; // 16 MiB: 10^6 doubles
function instantiate() {
  const mb = new ModuleBuilder({ module: 'env', name: 'memory', shared: false, minPages: PAGES, maxPages: PAGES });
  const m = mathFns();
  mb.add(m.exp, 'exp');
  mb.add(m.log, 'log');
  mb.add(m.log1p, 'log1p');
  const v = vmathFns();
  for (const f of [v.vexp, v.vlog, v.vlog1p]) mb.add(f);
  mb.add(mapper('vexp', v.vexp), 'vexp');
  mb.add(mapper('vlog', v.vlog), 'vlog');
  mb.add(mapper('vlog1p', v.vlog1p), 'vlog1p');
  const memory = new WA!.Memory({ initial: PAGES, maximum: PAGES });
  const inst = new WA!.Instance(new WA!.Module(mb.encode()), { env: { memory } });
  const e = inst.exports as unknown as Record<'exp' | 'log' | 'log1p', (x: number) => number> &
    Record<'vexp' | 'vlog' | 'vlog1p', (p: number, bytes: number) => void>;
  const buf = new Float64Array(memory.buffer, 0, 1_000_000);
  /** The f64x2 version over an array (pairs of neighbours share a vector). */
  const vec = (name: 'vexp' | 'vlog' | 'vlog1p', xs: Float64Array): Float64Array => {
    buf.set(xs);
    e[name](0, xs.length * 8);
    return Float64Array.from(buf.subarray(0, xs.length));
  };
  return { exp: e.exp, log: e.log, log1p: e.log1p, vec };
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
const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;

const SPECIAL = [
  0,
  -0,
  Infinity,
  -Infinity,
  NaN,
  5e-324,
  -5e-324,
  2.2250738585072014e-308,
  1e-310,
  -1e-310,
  1,
  -1,
  0.5,
  2,
  709.782712893384,
  709.7827128933841,
  710,
  -745.1332191019411,
  -745.1332191019412,
  -746,
  -708.39,
  -708.4,
  -1e300,
  1e300,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  2 ** -54,
  -(2 ** -54),
  1e-17,
  -1 + 2 ** -53,
  -0.9999999999,
  1e-8,
  Math.LN2,
  -Math.LN2,
];

function points(kind: 'exp' | 'log' | 'log1p'): Float64Array {
  const N = 1_000_000;
  const out = new Float64Array(N);
  out.set(SPECIAL);
  for (let i = SPECIAL.length; i < N; i++) {
    const u = rnd();
    if (kind === 'exp') out[i] = i % 3 === 0 ? (u * 2 - 1) * 750 : i % 3 === 1 ? (u * 2 - 1) * 2 : (u * 2 - 1) * 2 ** (-60 + 60 * rnd());
    else if (kind === 'log')
      out[i] = i % 4 === 0 ? 2 ** (-1074 + 2098 * u) * (1 + rnd()) : i % 4 === 1 ? 0.5 + u * 1.5 : i % 4 === 2 ? 1 + (u - 0.5) * 2 ** -20 : u * 5e-308;
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
      let worst = 0,
        at = 0,
        far = 0;
      for (let i = 0; i < xs.length; i++) {
        const d = ulps(fn(xs[i]), ref(xs[i]));
        if (d > 0) far++;
        if (d > worst) ((worst = d), (at = xs[i]));
      }
      if (worst > tol) throw new Error(`${name}(${at}) is ${fn(at)}, Math.${name} gives ${ref(at)}: ${worst} ulp apart`);
      expect(worst).toBeLessThanOrEqual(tol);
      expect(far / xs.length).toBeLessThan(0.05);
    });

  for (const name of ['exp', 'log', 'log1p'] as const)
    test(`f64x2 ${name}: the scalar wasm ${name}'s bits in both lanes, on the same 10^6 points (specials next to ordinary values)`, () => {
      const xs = points(name);
      const got = w.vec(`v${name}`, xs);
      const fn = w[name];
      let bad = 0,
        first = '';
      for (let i = 0; i < xs.length; i++) {
        const want = fn(xs[i]);
        if (ulps(got[i], want) !== 0) {
          if (!bad) first = `v${name}(${xs[i]}) = ${got[i]}, scalar ${want}`;
          bad++;
        }
      }
      expect(first).toBe('');
      expect(bad).toBe(0);
      // and lanes are independent: each value swapped into the other lane gives the same result
      const swapped = new Float64Array(xs.length);
      for (let i = 0; i + 1 < xs.length; i += 2) ((swapped[i] = xs[i + 1]), (swapped[i + 1] = xs[i]));
      const back = w.vec(`v${name}`, swapped);
      for (let i = 0; i + 1 < xs.length; i += 2) if (!Object.is(back[i], got[i + 1]) || !Object.is(back[i + 1], got[i])) bad++;
      expect(bad).toBe(0);
    });
});
