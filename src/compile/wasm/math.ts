/**
 * exp, log and log1p as WebAssembly functions (f64 -> f64), ports of fdlibm's e_exp.c and
 * e_log.c (the algorithms V8's Math.exp and Math.log use, < 1 ulp), and log1p from log:
 * log1p(x) = log(u) + c/u with u = 1 + x rounded and c = (1 + x) - u exactly (Fast2Sum), which
 * stays within about 1.5 ulp. Tested against Math.* on 10^6 points (test/compile/wasm-math.test.ts).
 */
import { Fn, Local, OP, SIMD, ValType } from './encoder';

const INF = Infinity;

/** exp(x): k = round(x/ln2), r = x - k ln2 (in two parts), fdlibm's rational approximation, times 2^k in two exact steps. */
export function expFn(): Fn {
  const f = new Fn('exp', ['f64']);
  const x = f.param('f64');
  const k = f.local('f64'),
    hi = f.local('f64'),
    lo = f.local('f64'),
    r = f.local('f64'),
    t = f.local('f64'),
    c = f.local('f64');
  const ki = f.local('i32'),
    k1 = f.local('i32');
  // clamp (NaN passes through min/max): beyond these exp is 0 or inf and k stays in range
  f.f64(-746).get(x).f64(710).op(OP.f64_min).op(OP.f64_max).set(x);
  f.get(x).f64(1.4426950408889634).op(OP.f64_mul).op(OP.f64_nearest).set(k);
  f.get(x).get(k).f64(6.9314718036912381649e-1).op(OP.f64_mul).op(OP.f64_sub).set(hi);
  f.get(k).f64(1.90821492927058770002e-10).op(OP.f64_mul).set(lo);
  f.get(hi).get(lo).op(OP.f64_sub).set(r);
  f.get(r).get(r).op(OP.f64_mul).set(t);
  // c = r - t*(P1+t*(P2+t*(P3+t*(P4+t*P5))))
  f.get(r).get(t);
  f.f64(1.66666666666666019037e-1).get(t);
  f.f64(-2.77777777770155933842e-3).get(t);
  f.f64(6.61375632143793436117e-5).get(t);
  f.f64(-1.6533902205465251539e-6).get(t).f64(4.13813679705723846039e-8).op(OP.f64_mul).op(OP.f64_add);
  f.op(OP.f64_mul).op(OP.f64_add).op(OP.f64_mul).op(OP.f64_add).op(OP.f64_mul).op(OP.f64_add);
  f.op(OP.f64_mul).op(OP.f64_sub).set(c);
  // y = 1 - ((lo - (r*c)/(2-c)) - hi)
  f.f64(1).get(lo).get(r).get(c).op(OP.f64_mul).f64(2).get(c).op(OP.f64_sub).op(OP.f64_div).op(OP.f64_sub).get(hi).op(OP.f64_sub).op(OP.f64_sub);
  // * 2^k1 * 2^k2, k1 = k >> 1, k2 = k - k1: both normal powers; the first product is exact
  f.get(k).op(0xfc, 0x02).tee(ki).i32(1).op(OP.i32_shr_s).tee(k1);
  pow2(f);
  f.op(OP.f64_mul);
  f.get(ki).get(k1).op(OP.i32_sub);
  pow2(f);
  f.op(OP.f64_mul);
  return f;
}

/** 2^k for the i32 on the stack (normal range only). */
function pow2(f: Fn): void {
  f.i32(1023).op(OP.i32_add).op(OP.i64_extend_i32_u).i64(52n).op(OP.i64_shl).op(OP.f64_reinterpret_i64);
}

/** log(x), fdlibm's e_log.c without its shortcuts (the general formula is as accurate; only the two final forms remain). */
export function logFn(): Fn {
  const f = new Fn('log', ['f64']);
  const x = f.param('f64');
  const k = f.local('i32'),
    hx = f.local('i32'),
    i = f.local('i32'),
    bits = f.local('i64');
  const fm = f.local('f64'),
    s = f.local('f64'),
    z = f.local('f64'),
    w = f.local('f64'),
    R = f.local('f64'),
    hfsq = f.local('f64'),
    dk = f.local('f64');
  // special cases: x <= 0, inf, NaN
  f.get(x).f64(0).op(OP.f64_gt).get(x).f64(INF).op(OP.f64_lt).op(OP.i32_and).op(OP.i32_eqz).begin('if');
  {
    // x == 0: -inf; x < 0: NaN; inf and NaN: themselves
    f.f64(-INF).f64(NaN).get(x).get(x).op(OP.f64_add).get(x).f64(0).op(OP.f64_lt).op(OP.select).get(x).f64(0).op(OP.f64_eq).op(OP.select).op(OP.return);
  }
  f.end();
  f.i32(0).set(k);
  // subnormal: scale by 2^54
  f.get(x).f64(2.2250738585072014e-308).op(OP.f64_lt).begin('if');
  f.get(x).f64(18014398509481984).op(OP.f64_mul).set(x).i32(-54).set(k);
  f.end();
  f.get(x).op(OP.i64_reinterpret_f64).tee(bits).i64(32n).op(OP.i64_shr_u).op(OP.i32_wrap_i64).set(hx);
  // k += (hx>>20)-1023; hx &= 0xfffff; i = (hx+0x95f64)&0x100000; HI(x) = hx|(i^0x3ff00000); k += i>>20
  f.get(k).get(hx).i32(20).op(OP.i32_shr_s).i32(1023).op(OP.i32_sub).op(OP.i32_add).set(k);
  f.get(hx).i32(0xfffff).op(OP.i32_and).set(hx);
  f.get(hx).i32(0x95f64).op(OP.i32_add).i32(0x100000).op(OP.i32_and).set(i);
  f.get(hx).get(i).i32(0x3ff00000).op(OP.i32_xor).op(OP.i32_or).op(OP.i64_extend_i32_u).i64(32n).op(OP.i64_shl);
  f.get(bits).i64(0xffffffffn).op(OP.i64_and).op(OP.i64_or).op(OP.f64_reinterpret_i64).f64(1).op(OP.f64_sub).set(fm);
  f.get(k).get(i).i32(20).op(OP.i32_shr_s).op(OP.i32_add).tee(k).op(OP.f64_convert_i32_s).set(dk);
  // s = f/(2+f); z = s*s; w = z*z; R = t2 + t1
  f.get(fm).f64(2).get(fm).op(OP.f64_add).op(OP.f64_div).tee(s).get(s).op(OP.f64_mul).tee(z).get(z).op(OP.f64_mul).set(w);
  // t1 = w*(Lg2+w*(Lg4+w*Lg6))
  f.get(w)
    .f64(3.999999999940941908e-1)
    .get(w)
    .f64(2.222219843214978396e-1)
    .get(w)
    .f64(1.531383769920937332e-1)
    .op(OP.f64_mul)
    .op(OP.f64_add)
    .op(OP.f64_mul)
    .op(OP.f64_add)
    .op(OP.f64_mul);
  // t2 = z*(Lg1+w*(Lg3+w*(Lg5+w*Lg7)))
  f.get(z).f64(6.66666666666673513e-1).get(w).f64(2.857142874366239149e-1).get(w).f64(1.818357216161805012e-1).get(w).f64(1.479819860511658591e-1);
  f.op(OP.f64_mul).op(OP.f64_add).op(OP.f64_mul).op(OP.f64_add).op(OP.f64_mul).op(OP.f64_add).op(OP.f64_mul);
  f.op(OP.f64_add).set(R);
  f.get(fm).f64(0.5).op(OP.f64_mul).get(fm).op(OP.f64_mul).set(hfsq);
  // i = (hx - 0x6147a) | (0x6b851 - hx) > 0: dk*ln2_hi - ((hfsq - (s*(hfsq+R) + dk*ln2_lo)) - f)
  //                                  else: dk*ln2_hi - ((s*(f-R) - dk*ln2_lo) - f)
  f.get(dk).f64(6.9314718036912381649e-1).op(OP.f64_mul);
  f.get(hfsq)
    .get(s)
    .get(hfsq)
    .get(R)
    .op(OP.f64_add)
    .op(OP.f64_mul)
    .get(dk)
    .f64(1.90821492927058770002e-10)
    .op(OP.f64_mul)
    .op(OP.f64_add)
    .op(OP.f64_sub)
    .get(fm)
    .op(OP.f64_sub);
  f.get(s).get(fm).get(R).op(OP.f64_sub).op(OP.f64_mul).get(dk).f64(1.90821492927058770002e-10).op(OP.f64_mul).op(OP.f64_sub).get(fm).op(OP.f64_sub);
  f.get(hx).i32(0x6147a).op(OP.i32_sub).i32(0x6b851).get(hx).op(OP.i32_sub).op(OP.i32_or).i32(0).op(OP.i32_gt_s).op(OP.select);
  f.op(OP.f64_sub);
  return f;
}

/** log1p(x) = log(u) + c/u, u = 1 + x, c the exact rounding error of u. */
export function log1pFn(log: Fn): Fn {
  const f = new Fn('log1p', ['f64']);
  const x = f.param('f64');
  const u = f.local('f64');
  // x <= -1, inf, NaN
  f.get(x).f64(-1).op(OP.f64_gt).get(x).f64(INF).op(OP.f64_lt).op(OP.i32_and).op(OP.i32_eqz).begin('if');
  f.f64(-INF).f64(NaN).get(x).get(x).op(OP.f64_add).get(x).f64(-1).op(OP.f64_lt).op(OP.select).get(x).f64(-1).op(OP.f64_eq).op(OP.select).op(OP.return);
  f.end();
  // tiny x (and ±0): x itself
  f.get(x)
    .op(OP.f64_abs)
    .f64(2 ** -54)
    .op(OP.f64_lt)
    .begin('if');
  f.get(x).op(OP.return);
  f.end();
  f.f64(1).get(x).op(OP.f64_add).set(u);
  f.get(u).call(log);
  // c = |x| <= 1 ? x - (u - 1) : 1 - (u - x)
  f.get(x).get(u).f64(1).op(OP.f64_sub).op(OP.f64_sub);
  f.f64(1).get(u).get(x).op(OP.f64_sub).op(OP.f64_sub);
  f.get(x).op(OP.f64_abs).f64(1).op(OP.f64_le).op(OP.select);
  f.get(u).op(OP.f64_div).op(OP.f64_add);
  return f;
}

export interface MathFns {
  readonly exp: Fn;
  readonly log: Fn;
  readonly log1p: Fn;
}

export function mathFns(): MathFns {
  const log = logFn();
  return { exp: expFn(), log, log1p: log1pFn(log) };
}

/** The f64x2 versions (v128 -> v128), lane for lane the same bits as mathFns'. */
export interface VMathFns {
  readonly vexp: Fn;
  readonly vlog: Fn;
  readonly vlog1p: Fn;
}

export function vmathFns(): VMathFns {
  const vlog = vlogFn();
  return { vexp: vexpFn(), vlog, vlog1p: vlog1pFn(vlog) };
}

export type { Local, ValType };

// ---------- f64x2 versions: the same operations lane by lane (bit for bit the scalar results) ----------

/** exp of both lanes: expFn's steps in f64x2 (2^k from i64x2 exponent bits). */
export function vexpFn(): Fn {
  const f = new Fn('vexp', ['v128']);
  const x = f.param('v128');
  const V = () => f.local('v128');
  const k = V(),
    hi = V(),
    lo = V(),
    r = V(),
    t = V(),
    c = V(),
    ki = V(),
    k1 = V();
  const mul = () => f.simd(SIMD.f64x2_mul),
    add = () => f.simd(SIMD.f64x2_add),
    sub = () => f.simd(SIMD.f64x2_sub);
  f.f64x2(-746).get(x).f64x2(710).simd(SIMD.f64x2_min).simd(SIMD.f64x2_max).set(x);
  f.get(x).f64x2(1.4426950408889634);
  mul();
  f.simd(SIMD.f64x2_nearest).set(k);
  f.get(x).get(k).f64x2(6.9314718036912381649e-1);
  mul();
  sub();
  f.set(hi);
  f.get(k).f64x2(1.90821492927058770002e-10);
  mul();
  f.set(lo);
  f.get(hi).get(lo);
  sub();
  f.set(r);
  f.get(r).get(r);
  mul();
  f.set(t);
  f.get(r).get(t);
  f.f64x2(1.66666666666666019037e-1).get(t);
  f.f64x2(-2.77777777770155933842e-3).get(t);
  f.f64x2(6.61375632143793436117e-5).get(t);
  f.f64x2(-1.6533902205465251539e-6).get(t).f64x2(4.13813679705723846039e-8);
  (mul(), add(), mul(), add(), mul(), add(), mul(), add(), mul(), sub());
  f.set(c);
  f.f64x2(1).get(lo).get(r).get(c);
  mul();
  f.f64x2(2).get(c);
  sub();
  f.simd(SIMD.f64x2_div);
  sub();
  f.get(hi);
  sub();
  sub();
  // * 2^k1 * 2^k2 (k in the low two i32 lanes)
  f.get(k).simd(SIMD.i32x4_trunc_sat_f64x2_s_zero).tee(ki).i32(1).simd(SIMD.i32x4_shr_s).tee(k1);
  vpow2(f);
  mul();
  f.get(ki).get(k1).simd(SIMD.i32x4_sub);
  vpow2(f);
  mul();
  return f;
}

/** 2^k for the i32 lanes 0 and 1 of the v128 on the stack (normal range only), as f64x2. */
function vpow2(f: Fn): void {
  f.simd(SIMD.i64x2_extend_low_i32x4_s).i64x2(1023n).simd(SIMD.i64x2_add).i32(52).simd(SIMD.i64x2_shl);
}

/** log of both lanes: logFn's steps in f64x2, the special cases chosen at the end by mask. */
export function vlogFn(): Fn {
  const f = new Fn('vlog', ['v128']);
  const x0 = f.param('v128');
  const V = () => f.local('v128');
  const x = V(),
    sub = V(),
    k = V(),
    hx = V(),
    i = V(),
    bits = V(),
    fm = V(),
    s = V(),
    z = V(),
    w = V(),
    R = V(),
    hfsq = V(),
    dk = V(),
    special = V();
  const mul = () => f.simd(SIMD.f64x2_mul),
    add = () => f.simd(SIMD.f64x2_add),
    fsub = () => f.simd(SIMD.f64x2_sub);
  // special = !(x > 0 && x < inf): x == 0 ? -inf : x < 0 ? NaN : x + x
  f.get(x0).f64x2(0).simd(SIMD.f64x2_gt).get(x0).f64x2(INF).simd(SIMD.f64x2_lt).simd(SIMD.v128_and).simd(SIMD.v128_not).set(special);
  // subnormal: x * 2^54, k = -54
  f.get(x0).f64x2(2.2250738585072014e-308).simd(SIMD.f64x2_lt).set(sub);
  f.get(x0).f64x2(18014398509481984);
  mul();
  f.get(x0).get(sub).simd(SIMD.v128_bitselect).tee(x);
  f.i64x2(0xffffffffn).simd(SIMD.v128_and).set(bits); // the low word
  f.get(x).i32(32).simd(SIMD.i64x2_shr_u).set(hx);
  // k = (sub ? -54 : 0) + (hx >> 20) - 1023
  f.i64x2(-54n).get(sub).simd(SIMD.v128_and).get(hx).i32(20).simd(SIMD.i64x2_shr_s).simd(SIMD.i64x2_add).i64x2(1023n).simd(SIMD.i64x2_sub).set(k);
  f.get(hx).i64x2(0xfffffn).simd(SIMD.v128_and).set(hx);
  f.get(hx).i64x2(0x95f64n).simd(SIMD.i64x2_add).i64x2(0x100000n).simd(SIMD.v128_and).set(i);
  // x with high word hx | (i ^ 0x3ff00000), minus 1
  f.get(hx).get(i).i64x2(0x3ff00000n).simd(SIMD.v128_xor).simd(SIMD.v128_or).i32(32).simd(SIMD.i64x2_shl).get(bits).simd(SIMD.v128_or).f64x2(1);
  fsub();
  f.set(fm);
  // k += i >> 20; dk = k as f64 (exactly: the bits of 2^52 + 2048 + k, minus 2^52 + 2048)
  f.get(k)
    .get(i)
    .i32(20)
    .simd(SIMD.i64x2_shr_s)
    .simd(SIMD.i64x2_add)
    .i64x2(0x4330000000000000n + 2048n)
    .simd(SIMD.i64x2_add)
    .f64x2(4503599627372544);
  fsub();
  f.set(dk);
  f.get(fm).f64x2(2).get(fm);
  add();
  f.simd(SIMD.f64x2_div).tee(s).get(s);
  mul();
  f.tee(z).get(z);
  mul();
  f.set(w);
  f.get(w).f64x2(3.999999999940941908e-1).get(w).f64x2(2.222219843214978396e-1).get(w).f64x2(1.531383769920937332e-1);
  (mul(), add(), mul(), add(), mul());
  f.get(z).f64x2(6.66666666666673513e-1).get(w).f64x2(2.857142874366239149e-1).get(w).f64x2(1.818357216161805012e-1).get(w).f64x2(1.479819860511658591e-1);
  (mul(), add(), mul(), add(), mul(), add(), mul());
  add();
  f.set(R);
  f.get(fm).f64x2(0.5);
  mul();
  f.get(fm);
  mul();
  f.set(hfsq);
  f.get(dk).f64x2(6.9314718036912381649e-1);
  mul();
  f.get(hfsq).get(s).get(hfsq).get(R);
  (add(), mul());
  f.get(dk).f64x2(1.90821492927058770002e-10);
  (mul(), add(), fsub());
  f.get(fm);
  fsub();
  f.get(s).get(fm).get(R);
  (fsub(), mul());
  f.get(dk).f64x2(1.90821492927058770002e-10);
  (mul(), fsub());
  f.get(fm);
  fsub();
  f.get(hx)
    .i64x2(0x6147an)
    .simd(SIMD.i64x2_sub)
    .i64x2(0x6b851n)
    .get(hx)
    .simd(SIMD.i64x2_sub)
    .simd(SIMD.v128_or)
    .i64x2(0n)
    .simd(SIMD.i64x2_gt_s)
    .simd(SIMD.v128_bitselect);
  fsub();
  f.set(R); // the result where x is positive and finite
  // the special lanes
  f.f64x2(-INF).f64x2(NaN).get(x0).get(x0);
  add();
  f.get(x0).f64x2(0).simd(SIMD.f64x2_lt).simd(SIMD.v128_bitselect).get(x0).f64x2(0).simd(SIMD.f64x2_eq).simd(SIMD.v128_bitselect);
  f.get(R).get(special).simd(SIMD.v128_bitselect);
  return f;
}

/** log1p of both lanes: log1pFn's steps in f64x2 (the special and tiny lanes chosen by mask). */
export function vlog1pFn(vlog: Fn): Fn {
  const f = new Fn('vlog1p', ['v128']);
  const x = f.param('v128');
  const u = f.local('v128');
  const add = () => f.simd(SIMD.f64x2_add),
    sub = () => f.simd(SIMD.f64x2_sub);
  f.f64x2(1).get(x);
  add();
  f.set(u);
  f.get(u).call(vlog);
  f.get(x).get(u).f64x2(1);
  (sub(), sub());
  f.f64x2(1).get(u).get(x);
  (sub(), sub());
  f.get(x).simd(SIMD.f64x2_abs).f64x2(1).simd(SIMD.f64x2_le).simd(SIMD.v128_bitselect);
  f.get(u).simd(SIMD.f64x2_div);
  add();
  f.set(u);
  // tiny x (and ±0): x itself
  f.get(x)
    .get(u)
    .get(x)
    .simd(SIMD.f64x2_abs)
    .f64x2(2 ** -54)
    .simd(SIMD.f64x2_lt)
    .simd(SIMD.v128_bitselect)
    .set(u);
  // x <= -1, inf, NaN: x == -1 ? -inf : x < -1 ? NaN : x + x
  f.f64x2(-INF).f64x2(NaN).get(x).get(x);
  add();
  f.get(x).f64x2(-1).simd(SIMD.f64x2_lt).simd(SIMD.v128_bitselect).get(x).f64x2(-1).simd(SIMD.f64x2_eq).simd(SIMD.v128_bitselect);
  f.get(u);
  f.get(x).f64x2(-1).simd(SIMD.f64x2_gt).get(x).f64x2(INF).simd(SIMD.f64x2_lt).simd(SIMD.v128_and).simd(SIMD.v128_not);
  f.simd(SIMD.v128_bitselect);
  return f;
}
