/**
 * The wasm renderer: loops of the checked IR as WebAssembly functions, kept apart from
 * scheduling (plan.ts decides what a loop is and the IR writes it down; codegen.ts writes the
 * JavaScript around it and asks this renderer, loop by loop, for a call instead of a JavaScript
 * loop).
 *
 * Every rendered function has the signature (i0, i1, res, out_1..out_u, ...args): it runs rows
 * (or elements) i0 <= i < i1, zeroes and accumulates the row-fused products into out_q, and
 * stores its reductions at res. Threads call the same function on row ranges with their own
 * out and res (see threads.ts), so a pass is split without a second version of it.
 *
 * - Row-fused pass (`rows`): blocks of 4 rows; z_k = a_k·x with f64x2 (one x load serves the
 *   four rows), the body's ops for rows (0, 1) and (2, 3) as f64x2 pairs when every op has a
 *   vector form (else per row as scalar wasm), the reductions (a block's terms added first),
 *   then g_q += Σ_k h_q(k) a_k with f64x2 while the rows are in cache. Loads are read from
 *   memory where they are used.
 * - Vector loops: one element at a time, scalar.
 * - Not rendered (JavaScript runs them): loops over matrices, norm2 (dnrm2's scaled sums),
 *   sigmoid/softplus before lowering, and anything else the table below does not know.
 */
import { Dim } from '../../core/dims';
import type { JsNames } from '../codegen';
import { BodyInstr, EwOp, Loop, Operand, Reduction, Rows, Scalar, Value } from '../ir/types';
import { Fn, Local, ModuleBuilder, OP, SIMD } from './encoder';
import { MathFns, VMathFns, mathFns, vmathFns } from './math';

class Unsupported extends Error {}
const unsupported = (what: string): never => {
  throw new Unsupported(what);
};

/** Rows per block of a rendered row-fused pass. */
export const WASM_ROW_BLOCK = 4;

export interface RenderedLoop {
  readonly id: number;
  readonly fn: Fn;
  readonly outs: number;
  readonly reductions: number;
  /** Bytes of per-thread scratch the function uses at `res` (none for reductions). */
  readonly scratchBytes?: number;
}

/** Bytes of one block of rows of the wasm Gram kernel (also its packed copy's scratch). */
export const GRAM_BLOCK_BYTES = 262144;

export class WasmRenderer {
  readonly mb = new ModuleBuilder({ module: 'env', name: 'memory', shared: true, minPages: 1, maxPages: 65536 });
  readonly loops: RenderedLoop[] = [];
  private math?: MathFns;
  private readonly named = new Map<string, RenderedLoop>();

  private mathFn(name: keyof MathFns): Fn {
    if (!this.math) {
      this.math = mathFns();
      this.mb.add(this.math.exp);
      this.mb.add(this.math.log);
      this.mb.add(this.math.log1p);
    }
    return this.math[name];
  }
  /** The f64x2 math functions, inlined where used (as calls the seed at 1000000×10 took 25.6 ms on one thread, inlined 18.6). */
  private readonly vmath: VMathFns = vmathFns();
  private vmathFn(name: keyof VMathFns): Fn {
    return this.vmath[name];
  }
  private importMath(name: string, arity: number): number {
    return this.mb.importFn('math', name, arity === 2 ? ['f64', 'f64'] : ['f64'], ['f64']);
  }

  private register(fn: Fn, outs: number, reductions: number, scratchBytes = 0): RenderedLoop {
    const r = { id: this.loops.length, fn, outs, reductions, scratchBytes };
    this.loops.push(r);
    this.mb.add(fn, `f${r.id}`);
    return r;
  }

  /** JS lines that run loop l in wasm and define its reductions' scalars, or undefined (JS renders it). */
  renderLoop(l: Loop | Rows, names: JsNames): string[] | undefined {
    if (l.kind === 'loop' && l.space.kind !== 'vector') return undefined;
    try {
      return this.render(l, names);
    } catch (e) {
      if (e instanceof Unsupported) return undefined;
      throw e;
    }
  }

  /** A fixed kernel (gemv, gemvT, wgram) by name, built once. */
  fixed(name: 'gemv' | 'gemvT' | 'wgram'): RenderedLoop {
    let r = this.named.get(name);
    if (!r) {
      r = name === 'gemv' ? this.gemv() : name === 'gemvT' ? this.gemvT() : this.gram();
      this.named.set(name, r);
    }
    return r;
  }

  private render(l: Loop | Rows, names: JsNames): string[] {
    const rk = l.kind === 'rows' ? l : undefined;
    const f = new Fn(`loop`);
    const i0 = f.param('i32'),
      i1 = f.param('i32'),
      res = f.param('i32');
    const outs = rk ? rk.updates.map(() => f.param('i32')) : [];
    const args: string[] = [];
    const params = new Map<string, Local>();
    const param = (key: string, type: 'i32' | 'f64', js: string) => {
      let q = params.get(key);
      if (!q) {
        q = f.param(type);
        params.set(key, q);
        args.push(js);
      }
      return q;
    };
    const ptr = (v: Value) => {
      const b = names.array(v);
      return param(`p:${b}`, 'i32', `${b}.byteOffset`);
    };
    const scalar = (s: Scalar) => {
      const js = names.scalar(s);
      return param(`s:${js}`, 'f64', js);
    };
    const size = (d: Dim) => param(`d:${names.dim(d)}`, 'i32', names.dim(d));

    // plain loads are read in place at each use (as the Plan's renderer read other loops' arrays)
    const loads = new Map<number, Value>();
    const ops: Extract<BodyInstr, { kind: 'op' }>[] = [];
    for (const b of l.body)
      if (b.kind === 'op') ops.push(b);
      else if (b.transposed) unsupported('a transposed load');
      else loads.set(b.out.id, b.src);
    const i = f.local('i32'),
      i8 = f.local('i32');
    const t = new Map<string, Local>(); // locals per row: `${id}_${k}`
    const tl = (id: number, k: number) => {
      const key = `${id}_${k}`;
      let q = t.get(key);
      if (!q) t.set(key, (q = f.local('f64')));
      return q;
    };

    /** Push an operand's value for row i + k. */
    const val = (o: Operand, k: number): void => {
      if (o.tag === 'lit') f.f64(o.value);
      else if (o.tag !== 'local') f.get(scalar(o));
      else {
        const src = loads.get(o.id);
        if (src)
          f.get(ptr(src))
            .get(i8)
            .op(OP.i32_add)
            .f64load(8 * k);
        else f.get(tl(o.id, k));
      }
    };
    const tmp = () => f.local('f64');
    const chain = (as: readonly Operand[], k: number, op: number) => {
      val(as[0], k);
      for (let a = 1; a < as.length; a++) (val(as[a], k), f.op(op));
    };
    const pow = (as: readonly Operand[], k: number) => {
      const e = as[1];
      const v = e.tag === 'lit' ? e.value : NaN;
      if (v === 2 || v === 3 || v === -2) {
        const q = tmp();
        if (v === -2) f.f64(1);
        val(as[0], k);
        f.tee(q).get(q).op(OP.f64_mul);
        if (v === 3) f.get(q).op(OP.f64_mul);
        if (v === -2) f.op(OP.f64_div);
      } else if (v === -1) (f.f64(1), val(as[0], k), f.op(OP.f64_div));
      else if (v === 0.5) (val(as[0], k), f.op(OP.f64_sqrt));
      else (val(as[0], k), val(e, k), f.call(this.importMath('pow', 2)));
    };
    /** Push the value of an elementwise op for row k. */
    const expr = (op: EwOp, as: readonly Operand[], k: number): void => {
      const a0 = () => val(as[0], k);
      switch (op) {
        case 'copy':
          return a0();
        case 'add':
          return chain(as, k, OP.f64_add);
        case 'mul':
          return chain(as, k, OP.f64_mul);
        case 'pow':
          return pow(as, k);
        case 'exp':
          a0();
          f.call(this.mathFn('exp'));
          return;
        case 'log':
          a0();
          f.call(this.mathFn('log'));
          return;
        case 'sqrt':
          a0();
          f.op(OP.f64_sqrt);
          return;
        case 'abs':
          a0();
          f.op(OP.f64_abs);
          return;
        case 'sin':
        case 'cos':
        case 'tan':
        case 'tanh':
        case 'expm1':
          a0();
          f.call(this.importMath(op, 1));
          return;
        case 'relu':
          a0();
          f.f64(0).op(OP.f64_max);
          return; // f64.max keeps NaN, as relu of NaN is
        case 'sign': {
          const q = tmp();
          a0();
          f.set(q).f64(1).f64(-1).get(q).get(q).f64(0).op(OP.f64_lt).op(OP.select).get(q).f64(0).op(OP.f64_gt).op(OP.select);
          return;
        }
        case 'expNegAbs':
          a0();
          f.op(OP.f64_abs).op(OP.f64_neg).call(this.mathFn('exp'));
          return;
        case 'log1pE':
          a0();
          f.call(this.mathFn('log1p'));
          return;
        case 'softplusE':
          a0();
          f.f64(0).op(OP.f64_max);
          val(as[1], k);
          f.op(OP.f64_add);
          return;
        case 'max': // f64.max and f64.min keep NaN, as Math.max and Math.min do
        case 'min':
          a0();
          val(as[1], k);
          f.op(op === 'max' ? OP.f64_max : OP.f64_min);
          return;
        case 'sigmoidE': {
          // z >= 0 ? 1/(1+e) : e/(1+e), one division
          const e = tmp(),
            r = tmp();
          val(as[1], k);
          f.set(e).f64(1).f64(1).get(e).op(OP.f64_add).op(OP.f64_div).tee(r).get(e).get(r).op(OP.f64_mul);
          val(as[0], k);
          f.f64(0).op(OP.f64_ge).op(OP.select);
          return;
        }
        default:
          return unsupported(op);
      }
    };
    const term = (r: Reduction, k: number) => {
      if (r.op === 'sum') val(r.args[0], k);
      else if (r.op === 'norm1') (val(r.args[0], k), f.op(OP.f64_abs));
      else if (r.op === 'dot') (val(r.args[0], k), val(r.args[1], k), f.op(OP.f64_mul));
      else unsupported(r.op);
    };
    for (const r of l.reductions) if (r.op === 'norm2') unsupported('norm2');
    const acc = l.reductions.map(() => f.local('f64'));

    // ---- two rows at once: the ops of rows (2p, 2p + 1) as f64x2, the same operations lane by lane ----
    const tv = new Map<string, Local>();
    const tvl = (id: number, pair: number) => {
      const key = `${id}_${pair}`;
      let q = tv.get(key);
      if (!q) tv.set(key, (q = f.local('v128')));
      return q;
    };
    const VEC_OPS = new Set<EwOp>(['copy', 'add', 'mul', 'exp', 'log', 'sqrt', 'abs', 'expNegAbs', 'log1pE', 'softplusE', 'sigmoidE']);
    const vectorizable = (b: (typeof ops)[number]): boolean => {
      if (VEC_OPS.has(b.op)) return true;
      const e = b.args[1];
      return b.op === 'pow' && e.tag === 'lit' && [2, 3, -1, -2, 0.5].includes(e.value);
    };
    const paired = ops.every(vectorizable);
    const vval = (o: Operand, pair: number): void => {
      if (o.tag === 'lit') f.f64x2(o.value);
      else if (o.tag !== 'local') f.get(scalar(o)).simd(SIMD.f64x2_splat);
      else {
        const src = loads.get(o.id);
        if (src)
          f.get(ptr(src))
            .get(i8)
            .op(OP.i32_add)
            .v128load(16 * pair);
        else f.get(tvl(o.id, pair));
      }
    };
    const vchain = (as: readonly Operand[], pair: number, op: number) => {
      vval(as[0], pair);
      for (let a = 1; a < as.length; a++) (vval(as[a], pair), f.simd(op));
    };
    const vexpr = (op: EwOp, as: readonly Operand[], pair: number): void => {
      const a0 = () => vval(as[0], pair);
      switch (op) {
        case 'copy':
          return a0();
        case 'add':
          return vchain(as, pair, SIMD.f64x2_add);
        case 'mul':
          return vchain(as, pair, SIMD.f64x2_mul);
        case 'pow': {
          const e = as[1];
          const v = e.tag === 'lit' ? e.value : NaN;
          if (v === -1) (f.f64x2(1), a0(), f.simd(SIMD.f64x2_div));
          else if (v === 0.5) (a0(), f.simd(SIMD.f64x2_sqrt));
          else {
            const q = f.local('v128');
            if (v === -2) f.f64x2(1);
            a0();
            f.tee(q).get(q).simd(SIMD.f64x2_mul);
            if (v === 3) f.get(q).simd(SIMD.f64x2_mul);
            if (v === -2) f.simd(SIMD.f64x2_div);
          }
          return;
        }
        case 'exp':
          a0();
          f.inline(this.vmathFn('vexp'));
          return;
        case 'log':
          a0();
          f.inline(this.vmathFn('vlog'));
          return;
        case 'sqrt':
          a0();
          f.simd(SIMD.f64x2_sqrt);
          return;
        case 'abs':
          a0();
          f.simd(SIMD.f64x2_abs);
          return;
        case 'expNegAbs':
          a0();
          f.simd(SIMD.f64x2_abs).simd(SIMD.f64x2_neg).inline(this.vmathFn('vexp'));
          return;
        case 'log1pE':
          a0();
          f.inline(this.vmathFn('vlog1p'));
          return;
        case 'softplusE':
          a0();
          f.f64x2(0).simd(SIMD.f64x2_max);
          vval(as[1], pair);
          f.simd(SIMD.f64x2_add);
          return;
        case 'sigmoidE': {
          // z >= 0 ? 1/(1+e) : e/(1+e) as e*(1/(1+e)), lane by lane
          const e = f.local('v128'),
            r = f.local('v128');
          vval(as[1], pair);
          f.set(e).f64x2(1).f64x2(1).get(e).simd(SIMD.f64x2_add).simd(SIMD.f64x2_div).tee(r).get(e).get(r).simd(SIMD.f64x2_mul);
          vval(as[0], pair);
          f.f64x2(0).simd(SIMD.f64x2_ge).simd(SIMD.v128_bitselect);
          return;
        }
        default:
          return unsupported(op);
      }
    };

    const rows = (R: number) => {
      f.get(i).i32(3).op(OP.i32_shl).set(i8);
      if (rk) this.dots(f, R, ptr(rk.A), ptr(rk.x), size(rk.A.type.cols), i, (k) => tl(rk.z.id, k));
      if (paired && R % 2 === 0)
        for (let pair = 0; pair < R / 2; pair++) {
          if (rk)
            f.get(tl(rk.z.id, 2 * pair))
              .simd(SIMD.f64x2_splat)
              .get(tl(rk.z.id, 2 * pair + 1))
              .simd(SIMD.f64x2_replace_lane, 1)
              .set(tvl(rk.z.id, pair));
          for (const b of ops) {
            vexpr(b.op, b.args, pair);
            f.tee(tvl(b.out.id, pair));
            f.simd(SIMD.f64x2_extract_lane, 0).set(tl(b.out.id, 2 * pair));
            f.get(tvl(b.out.id, pair))
              .simd(SIMD.f64x2_extract_lane, 1)
              .set(tl(b.out.id, 2 * pair + 1));
          }
        }
      else
        for (let k = 0; k < R; k++)
          for (const b of ops) {
            expr(b.op, b.args, k);
            f.set(tl(b.out.id, k));
          }
      l.reductions.forEach((r, q) => {
        f.get(acc[q]);
        term(r, 0);
        for (let k = 1; k < R; k++) (term(r, k), f.op(OP.f64_add));
        f.op(OP.f64_add).set(acc[q]);
      });
      for (let k = 0; k < R; k++)
        for (const s of l.stores) {
          f.get(ptr(s.out)).get(i8).op(OP.i32_add);
          val(s.src, k);
          f.f64store(8 * k);
        }
      if (rk)
        this.updates(
          f,
          R,
          ptr(rk.A),
          size(rk.A.type.cols),
          i,
          outs,
          rk.updates.map((u) => (k: number) => val(u.h, k)),
        );
    };

    if (rk) this.zero(f, outs, size(rk.A.type.cols));
    f.get(i0).set(i);
    const R = rk ? WASM_ROW_BLOCK : 1;
    if (R > 1) {
      f.begin('block').begin('loop');
      f.get(i).i32(R).op(OP.i32_add).get(i1).op(OP.i32_gt_s).op(OP.br_if, 1);
      rows(R);
      f.get(i).i32(R).op(OP.i32_add).set(i).op(OP.br, 0);
      f.end().end();
    }
    f.begin('block').begin('loop');
    f.get(i).get(i1).op(OP.i32_ge_s).op(OP.br_if, 1);
    rows(1);
    f.get(i).i32(1).op(OP.i32_add).set(i).op(OP.br, 0);
    f.end().end();
    acc.forEach((a, q) =>
      f
        .get(res)
        .get(a)
        .f64store(8 * q),
    );

    const reg = this.register(f, outs.length, l.reductions.length);
    const rowsExpr = names.dim(rk ? rk.A.type.rows : l.kind === 'loop' && l.space.kind === 'vector' ? l.space.len : 1);
    // the work that decides whether a pass is split over threads: entries of A, or elements × ops
    const work = rk ? `${rowsExpr} * ${names.dim(rk.A.type.cols)}` : `${rowsExpr} * ${ops.length + 1}`;
    const lines = [
      `const r${reg.id} = X.loop(${reg.id}, ${rowsExpr}, [${rk ? rk.updates.map((u) => names.array(u.out)).join(', ') : ''}], [${args.join(', ')}], ${work});`,
    ];
    l.reductions.forEach((r, q) => lines.push(`const ${names.scalar(r.out)} = r${reg.id}[${q}];`));
    return lines;
  }

  /** out_q[0..n) = 0. */
  private zero(f: Fn, outs: Local[], n: Local): void {
    if (!outs.length) return;
    const j = f.local('i32'),
      n8 = f.local('i32');
    f.get(n).i32(3).op(OP.i32_shl).set(n8).i32(0).set(j);
    f.begin('block').begin('loop');
    f.get(j).get(n8).op(OP.i32_ge_u).op(OP.br_if, 1);
    for (const o of outs) f.get(o).get(j).op(OP.i32_add).f64(0).f64store();
    f.get(j).i32(8).op(OP.i32_add).set(j).op(OP.br, 0);
    f.end().end();
  }

  /** z_k = a_{i+k} · x for k < R: f64x2 accumulators, one x load per pair of columns for all R rows. */
  private dots(f: Fn, R: number, A: Local, x: Local, n: Local, i: Local, z: (k: number) => Local): void {
    const n8 = f.local('i32'),
      ne = f.local('i32'),
      j = f.local('i32'),
      xv = f.local('v128');
    const pk = Array.from({ length: R }, () => f.local('i32'));
    const ak = Array.from({ length: R }, () => f.local('v128'));
    f.get(n).i32(3).op(OP.i32_shl).tee(n8).i32(-16).op(OP.i32_and).set(ne);
    // pk = A + (i + k) * n8
    f.get(A).get(i).get(n8).op(OP.i32_mul).op(OP.i32_add).set(pk[0]);
    for (let k = 1; k < R; k++)
      f.get(pk[k - 1])
        .get(n8)
        .op(OP.i32_add)
        .set(pk[k]);
    for (let k = 0; k < R; k++) f.f64(0).simd(SIMD.f64x2_splat).set(ak[k]);
    f.i32(0).set(j);
    f.begin('block').begin('loop');
    f.get(j).get(ne).op(OP.i32_ge_u).op(OP.br_if, 1);
    f.get(x).get(j).op(OP.i32_add).v128load().set(xv);
    for (let k = 0; k < R; k++) f.get(ak[k]).get(pk[k]).get(j).op(OP.i32_add).v128load().get(xv).simd(SIMD.f64x2_mul).simd(SIMD.f64x2_add).set(ak[k]);
    f.get(j).i32(16).op(OP.i32_add).set(j).op(OP.br, 0);
    f.end().end();
    for (let k = 0; k < R; k++) f.get(ak[k]).simd(SIMD.f64x2_extract_lane, 0).get(ak[k]).simd(SIMD.f64x2_extract_lane, 1).op(OP.f64_add).set(z(k));
    // odd n: the last column
    f.get(n8).get(ne).op(OP.i32_ne).begin('if');
    for (let k = 0; k < R; k++)
      f.get(z(k)).get(pk[k]).get(ne).op(OP.i32_add).f64load().get(x).get(ne).op(OP.i32_add).f64load().op(OP.f64_mul).op(OP.f64_add).set(z(k));
    f.end();
  }

  /** out_q += Σ_k h_q(k) a_{i+k} for k < R, f64x2 over columns. */
  private updates(f: Fn, R: number, A: Local, n: Local, i: Local, outs: Local[], hs: ((k: number) => void)[]): void {
    const n8 = f.local('i32'),
      ne = f.local('i32'),
      j = f.local('i32');
    const pk = Array.from({ length: R }, () => f.local('i32'));
    const hv = hs.map(() => Array.from({ length: R }, () => f.local('v128')));
    const hsc = hs.map(() => Array.from({ length: R }, () => f.local('f64')));
    const ak = Array.from({ length: R }, () => f.local('v128'));
    f.get(n).i32(3).op(OP.i32_shl).tee(n8).i32(-16).op(OP.i32_and).set(ne);
    f.get(A).get(i).get(n8).op(OP.i32_mul).op(OP.i32_add).set(pk[0]);
    for (let k = 1; k < R; k++)
      f.get(pk[k - 1])
        .get(n8)
        .op(OP.i32_add)
        .set(pk[k]);
    hs.forEach((h, q) => {
      for (let k = 0; k < R; k++) {
        h(k);
        f.tee(hsc[q][k]).simd(SIMD.f64x2_splat).set(hv[q][k]);
      }
    });
    f.i32(0).set(j);
    f.begin('block').begin('loop');
    f.get(j).get(ne).op(OP.i32_ge_u).op(OP.br_if, 1);
    for (let k = 0; k < R; k++) f.get(pk[k]).get(j).op(OP.i32_add).v128load().set(ak[k]);
    outs.forEach((o, q) => {
      f.get(o).get(j).op(OP.i32_add); // address for the store
      f.get(o).get(j).op(OP.i32_add).v128load();
      f.get(hv[q][0]).get(ak[0]).simd(SIMD.f64x2_mul);
      for (let k = 1; k < R; k++) f.get(hv[q][k]).get(ak[k]).simd(SIMD.f64x2_mul).simd(SIMD.f64x2_add);
      f.simd(SIMD.f64x2_add).v128store();
    });
    f.get(j).i32(16).op(OP.i32_add).set(j).op(OP.br, 0);
    f.end().end();
    f.get(n8).get(ne).op(OP.i32_ne).begin('if');
    outs.forEach((o, q) => {
      f.get(o).get(ne).op(OP.i32_add);
      f.get(o).get(ne).op(OP.i32_add).f64load();
      f.get(hsc[q][0]).get(pk[0]).get(ne).op(OP.i32_add).f64load().op(OP.f64_mul);
      for (let k = 1; k < R; k++) f.get(hsc[q][k]).get(pk[k]).get(ne).op(OP.i32_add).f64load().op(OP.f64_mul).op(OP.f64_add);
      f.op(OP.f64_add).f64store();
    });
    f.end();
  }

  /** gemv(i0, i1, res, A, c, x, y): y_i = a_i · x for rows i0 <= i < i1. */
  private gemv(): RenderedLoop {
    const f = new Fn('gemv');
    const i0 = f.param('i32'),
      i1 = f.param('i32');
    f.param('i32'); // res (no reductions)
    const A = f.param('i32'),
      c = f.param('i32'),
      x = f.param('i32'),
      y = f.param('i32');
    const i = f.local('i32');
    const z = Array.from({ length: WASM_ROW_BLOCK }, () => f.local('f64'));
    f.get(i0).set(i);
    for (const R of [WASM_ROW_BLOCK, 1]) {
      f.begin('block').begin('loop');
      f.get(i).i32(R).op(OP.i32_add).get(i1).op(OP.i32_gt_s).op(OP.br_if, 1);
      this.dots(f, R, A, x, c, i, (k) => z[k]);
      for (let k = 0; k < R; k++)
        f.get(y)
          .get(i)
          .i32(3)
          .op(OP.i32_shl)
          .op(OP.i32_add)
          .get(z[k])
          .f64store(8 * k);
      f.get(i).i32(R).op(OP.i32_add).set(i).op(OP.br, 0);
      f.end().end();
    }
    return this.register(f, 0, 0);
  }

  /** gemvT(i0, i1, res, y, A, c, v): y = Σ_{i0 <= i < i1} v_i a_i (y zeroed first). */
  private gemvT(): RenderedLoop {
    const f = new Fn('gemvT');
    const i0 = f.param('i32'),
      i1 = f.param('i32');
    f.param('i32');
    const y = f.param('i32'),
      A = f.param('i32'),
      c = f.param('i32'),
      v = f.param('i32');
    const i = f.local('i32');
    this.zero(f, [y], c);
    f.get(i0).set(i);
    for (const R of [WASM_ROW_BLOCK, 1]) {
      f.begin('block').begin('loop');
      f.get(i).i32(R).op(OP.i32_add).get(i1).op(OP.i32_gt_s).op(OP.br_if, 1);
      this.updates(
        f,
        R,
        A,
        c,
        i,
        [y],
        [
          (k) =>
            void f
              .get(v)
              .get(i)
              .i32(3)
              .op(OP.i32_shl)
              .op(OP.i32_add)
              .f64load(8 * k),
        ],
      );
      f.get(i).i32(R).op(OP.i32_add).set(i).op(OP.br, 0);
      f.end().end();
    }
    return this.register(f, 1, 0);
  }

  /**
   * gram(i0, i1, res, C, X, c, v, mb): C = Σ_{i0 <= i < i1} v_i x_i x_iᵀ (v = 0: no weights), upper triangle only
   * (tiles on the diagonal are full; the caller mirrors), X r×c stored. Rows go in blocks of mb
   * (mb·c·8 <= GRAM_BLOCK_BYTES): the block is first copied scaled, p_i = v_i x_i, into the
   * scratch at res, then every 4×4 tile of C passes over it while it is in cache, as 8 f64x2
   * accumulators: per row two loads of p_i[k0..k0+4), four splats of x_i[j0..j0+4), 16 products.
   * Columns past the last multiple of 4 are a strip done in pairs of rows of C.
   */
  private gram(): RenderedLoop {
    const f = new Fn('gram');
    const i0 = f.param('i32'),
      i1 = f.param('i32');
    const P = f.param('i32'); // scratch: the scaled block
    const C = f.param('i32'),
      X = f.param('i32'),
      c = f.param('i32'),
      v = f.param('i32'),
      mb = f.param('i32');
    const I = () => f.local('i32');
    const n8 = I(),
      e4 = I(),
      e2 = I(),
      nn = I(),
      ib = I(),
      ie = I(),
      rs = I(),
      re = I(),
      j0 = I(),
      k0 = I(),
      pj = I(),
      pk = I(),
      pv = I(),
      cp = I(),
      q = I();
    const acc = Array.from({ length: 8 }, () => f.local('v128'));
    const s = f.local('v128'),
      da0 = f.local('v128'),
      da1 = f.local('v128'),
      a = f.local('v128');
    const sacc = f.local('f64');
    f.get(c).get(c).op(OP.i32_mul).set(nn);
    this.zero(f, [C], nn);
    f.get(c).i32(3).op(OP.i32_shl).tee(n8).i32(-32).op(OP.i32_and).set(e4);
    f.get(n8).i32(-16).op(OP.i32_and).set(e2);
    const loopWhile = (cond: () => void, body: () => void) => {
      f.begin('block').begin('loop');
      cond();
      f.op(OP.i32_eqz).op(OP.br_if, 1);
      body();
      f.op(OP.br, 0);
      f.end().end();
    };
    const ltu = (x: Local, y: Local) => () => void f.get(x).get(y).op(OP.i32_lt_u);
    const inc = (x: Local, by: number | Local) => (typeof by === 'number' ? f.get(x).i32(by) : f.get(x).get(by), f.op(OP.i32_add).set(x));
    f.get(i0).set(ib);
    loopWhile(
      () => void f.get(ib).get(i1).op(OP.i32_lt_s),
      () => {
        // ie = min(ib + mb, i1); rows of the block at rs..re in X
        f.get(ib).get(mb).op(OP.i32_add).tee(ie).get(i1).get(ie).get(i1).op(OP.i32_lt_s).op(OP.select).set(ie);
        f.get(X).get(ib).get(n8).op(OP.i32_mul).op(OP.i32_add).set(rs);
        f.get(X).get(ie).get(n8).op(OP.i32_mul).op(OP.i32_add).set(re);
        // the scaled copy: P row by row = v_i x_i
        f.get(v).get(ib).i32(3).op(OP.i32_shl).op(OP.i32_add).set(pv);
        f.get(rs).set(pj);
        f.get(P).set(pk);
        loopWhile(ltu(pj, re), () => {
          f.get(v).op(OP.i32_eqz).begin('if').f64(1).simd(SIMD.f64x2_splat).set(s).else().get(pv).splat64().set(s).end();
          f.i32(0).set(q);
          loopWhile(ltu(q, e2), () => {
            f.get(pk).get(q).op(OP.i32_add).get(pj).get(q).op(OP.i32_add).v128load().get(s).simd(SIMD.f64x2_mul).v128store();
            inc(q, 16);
          });
          f.get(e2).get(n8).op(OP.i32_ne).begin('if');
          f.get(pk).get(e2).op(OP.i32_add).get(pj).get(e2).op(OP.i32_add).f64load().get(s).simd(SIMD.f64x2_extract_lane, 0).op(OP.f64_mul).f64store();
          f.end();
          inc(pj, n8);
          inc(pk, n8);
          inc(pv, 8);
        });
        // 4×4 tiles, k0 >= j0
        f.i32(0).set(j0);
        loopWhile(ltu(j0, e4), () => {
          f.get(j0).set(k0);
          loopWhile(ltu(k0, e4), () => {
            for (const r of acc) f.f64(0).simd(SIMD.f64x2_splat).set(r);
            f.get(rs).get(j0).op(OP.i32_add).set(pj);
            f.get(re).get(j0).op(OP.i32_add).set(q);
            f.get(P).get(k0).op(OP.i32_add).set(pk);
            loopWhile(ltu(pj, q), () => {
              f.get(pk).v128load().set(da0);
              f.get(pk).v128load(16).set(da1);
              for (let jj = 0; jj < 4; jj++) {
                f.get(pj)
                  .splat64(8 * jj)
                  .set(a);
                f.get(acc[2 * jj])
                  .get(a)
                  .get(da0)
                  .simd(SIMD.f64x2_mul)
                  .simd(SIMD.f64x2_add)
                  .set(acc[2 * jj]);
                f.get(acc[2 * jj + 1])
                  .get(a)
                  .get(da1)
                  .simd(SIMD.f64x2_mul)
                  .simd(SIMD.f64x2_add)
                  .set(acc[2 * jj + 1]);
              }
              inc(pj, n8);
              inc(pk, n8);
            });
            // C rows j0..j0+3 (j0 in bytes: row j0/8 starts at C + j0*c), columns k0..k0+3
            f.get(C).get(j0).get(c).op(OP.i32_mul).op(OP.i32_add).get(k0).op(OP.i32_add).set(cp);
            for (let jj = 0; jj < 4; jj++) {
              for (const h of [0, 1])
                f.get(cp)
                  .get(cp)
                  .v128load(16 * h)
                  .get(acc[2 * jj + h])
                  .simd(SIMD.f64x2_add)
                  .v128store(16 * h);
              if (jj < 3) inc(cp, n8);
            }
            inc(k0, 32);
          });
          inc(j0, 32);
        });
        // columns k >= e4: rows j of C in pairs (j, j+1 <= k), then (k, k) alone
        f.get(e4).set(k0);
        loopWhile(ltu(k0, n8), () => {
          f.i32(0).set(j0);
          loopWhile(
            () => void f.get(j0).i32(8).op(OP.i32_add).get(k0).op(OP.i32_le_u),
            () => {
              f.f64(0).simd(SIMD.f64x2_splat).set(acc[0]);
              f.get(rs).get(j0).op(OP.i32_add).set(pj);
              f.get(re).get(j0).op(OP.i32_add).set(q);
              f.get(P).get(k0).op(OP.i32_add).set(pk);
              loopWhile(ltu(pj, q), () => {
                f.get(acc[0]).get(pj).v128load().get(pk).splat64().simd(SIMD.f64x2_mul).simd(SIMD.f64x2_add).set(acc[0]);
                inc(pj, n8);
                inc(pk, n8);
              });
              f.get(C).get(j0).get(c).op(OP.i32_mul).op(OP.i32_add).get(k0).op(OP.i32_add).set(cp);
              f.get(cp).get(cp).f64load().get(acc[0]).simd(SIMD.f64x2_extract_lane, 0).op(OP.f64_add).f64store();
              f.get(cp).get(n8).op(OP.i32_add).tee(cp).get(cp).f64load().get(acc[0]).simd(SIMD.f64x2_extract_lane, 1).op(OP.f64_add).f64store();
              inc(j0, 16);
            },
          );
          f.get(j0).get(k0).op(OP.i32_eq).begin('if');
          {
            f.f64(0).set(sacc);
            f.get(rs).get(k0).op(OP.i32_add).set(pj);
            f.get(re).get(k0).op(OP.i32_add).set(q);
            f.get(P).get(k0).op(OP.i32_add).set(pk);
            loopWhile(ltu(pj, q), () => {
              f.get(sacc).get(pk).f64load().get(pj).f64load().op(OP.f64_mul).op(OP.f64_add).set(sacc);
              inc(pj, n8);
              inc(pk, n8);
            });
            f.get(C).get(k0).get(c).op(OP.i32_mul).op(OP.i32_add).get(k0).op(OP.i32_add).tee(cp).get(cp).f64load().get(sacc).op(OP.f64_add).f64store();
          }
          f.end();
          inc(k0, 8);
        });
        f.get(ie).set(ib);
      },
    );
    return this.register(f, 1, 0, GRAM_BLOCK_BYTES);
  }

  get empty(): boolean {
    return this.loops.length === 0;
  }
}

/** The imported Math functions a module may call (same names in the worker threads). */
export const MATH_IMPORTS = { pow: Math.pow, sin: Math.sin, cos: Math.cos, tan: Math.tan, tanh: Math.tanh, expm1: Math.expm1 };
