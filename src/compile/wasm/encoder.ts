/**
 * A small WebAssembly binary encoder: enough of the MVP, the SIMD proposal's f64x2 and v128
 * memory operations, and the saturating conversions for the kernels the compiler generates.
 *
 * Function bodies are lists of bytes and Local handles: a local's index is known only when the
 * function is finished (parameters first, then locals, in the order they were declared), so a
 * renderer can ask for a parameter while it is writing the body.
 */
import { WA } from './api';

export type ValType = 'i32' | 'i64' | 'f64' | 'v128';
const VAL: Record<ValType, number> = { i32: 0x7f, i64: 0x7e, f64: 0x7c, v128: 0x7b };

export class Local {
  index = -1;
  constructor(
    readonly type: ValType,
    readonly isParam: boolean,
  ) {}
}

export function uleb(n: number, out: number[] = []): number[] {
  if (n < 0 || !Number.isInteger(n)) throw new Error(`internal: uleb of ${n}`);
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

export function sleb(v: bigint | number, out: number[] = []): number[] {
  let n = BigInt(v);
  for (;;) {
    const b = Number(n & 0x7fn);
    n >>= 7n;
    if ((n === 0n && (b & 0x40) === 0) || (n === -1n && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const f64Bytes = (v: number): number[] => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, v, true);
  return [...b];
};
const str = (s: string): number[] => {
  const b = [...new TextEncoder().encode(s)]; // not Buffer: the wasm backend runs in browsers too
  return [...uleb(b.length), ...b];
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];

/** Opcodes (one byte) of the MVP instructions used here. */
export const OP = {
  unreachable: 0x00,
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  br_if: 0x0d,
  return: 0x0f,
  call: 0x10,
  drop: 0x1a,
  select: 0x1b,
  i32_load: 0x28,
  i64_load: 0x29,
  f64_load: 0x2b,
  i32_store: 0x36,
  i64_store: 0x37,
  f64_store: 0x39,
  i32_eqz: 0x45,
  i32_eq: 0x46,
  i32_ne: 0x47,
  i32_lt_s: 0x48,
  i32_lt_u: 0x49,
  i32_gt_s: 0x4a,
  i32_gt_u: 0x4b,
  i32_le_s: 0x4c,
  i32_le_u: 0x4d,
  i32_ge_s: 0x4e,
  i32_ge_u: 0x4f,
  i64_eqz: 0x50,
  i64_eq: 0x51,
  i64_ne: 0x52,
  i64_lt_s: 0x53,
  i64_gt_s: 0x55,
  i64_lt_u: 0x54,
  i64_gt_u: 0x56,
  f64_eq: 0x61,
  f64_ne: 0x62,
  f64_lt: 0x63,
  f64_gt: 0x64,
  f64_le: 0x65,
  f64_ge: 0x66,
  i32_add: 0x6a,
  i32_sub: 0x6b,
  i32_mul: 0x6c,
  i32_and: 0x71,
  i32_or: 0x72,
  i32_xor: 0x73,
  i32_shl: 0x74,
  i32_shr_s: 0x75,
  i32_shr_u: 0x76,
  i64_add: 0x7c,
  i64_sub: 0x7d,
  i64_mul: 0x7e,
  i64_and: 0x83,
  i64_or: 0x84,
  i64_xor: 0x85,
  i64_shl: 0x86,
  i64_shr_s: 0x87,
  i64_shr_u: 0x88,
  f64_abs: 0x99,
  f64_neg: 0x9a,
  f64_ceil: 0x9b,
  f64_floor: 0x9c,
  f64_trunc: 0x9d,
  f64_nearest: 0x9e,
  f64_sqrt: 0x9f,
  f64_add: 0xa0,
  f64_sub: 0xa1,
  f64_mul: 0xa2,
  f64_div: 0xa3,
  f64_min: 0xa4,
  f64_max: 0xa5,
  f64_copysign: 0xa6,
  i32_wrap_i64: 0xa7,
  i32_trunc_f64_s: 0xaa,
  i64_extend_i32_s: 0xac,
  i64_extend_i32_u: 0xad,
  i64_trunc_f64_s: 0xb0,
  f64_convert_i32_s: 0xb7,
  f64_convert_i64_s: 0xb9,
  i64_reinterpret_f64: 0xbd,
  f64_reinterpret_i64: 0xbf,
} as const;

/** SIMD opcodes (after the 0xfd prefix). */
export const SIMD = {
  v128_load: 0x00,
  v128_load64_splat: 0x0a,
  v128_store: 0x0b,
  v128_const: 0x0c,
  f64x2_splat: 0x14,
  f64x2_extract_lane: 0x21,
  f64x2_replace_lane: 0x22,
  f64x2_eq: 0x47,
  f64x2_lt: 0x49,
  f64x2_gt: 0x4a,
  f64x2_ge: 0x4c,
  v128_and: 0x4e,
  v128_or: 0x50,
  v128_bitselect: 0x52,
  i64x2_splat: 0x12,
  f64x2_le: 0x4b,
  v128_not: 0x4d,
  v128_xor: 0x51,
  f64x2_nearest: 0x94,
  i32x4_shr_s: 0xac,
  i32x4_sub: 0xb1,
  i64x2_extend_low_i32x4_s: 0xc7,
  i64x2_shl: 0xcb,
  i64x2_shr_s: 0xcc,
  i64x2_shr_u: 0xcd,
  i64x2_add: 0xce,
  i64x2_sub: 0xd1,
  i64x2_gt_s: 0xd9,
  i32x4_trunc_sat_f64x2_s_zero: 0xfc,
  f64x2_abs: 0xec,
  f64x2_neg: 0xed,
  f64x2_sqrt: 0xef,
  f64x2_add: 0xf0,
  f64x2_sub: 0xf1,
  f64x2_mul: 0xf2,
  f64x2_div: 0xf3,
  f64x2_min: 0xf4,
  f64x2_max: 0xf5,
} as const;

export type Item = number | Local;

/** One function: its signature, locals and body. */
export class Fn {
  readonly params: Local[] = [];
  readonly locals: Local[] = [];
  readonly body: Item[] = [];
  index = -1; // in the module's function index space
  constructor(
    readonly name: string,
    readonly results: ValType[] = [],
  ) {}

  param(t: ValType): Local {
    const l = new Local(t, true);
    this.params.push(l);
    return l;
  }
  local(t: ValType): Local {
    const l = new Local(t, false);
    this.locals.push(l);
    return l;
  }
  op(...bytes: number[]): this {
    this.body.push(...bytes);
    return this;
  }
  simd(code: number, ...imm: number[]): this {
    this.body.push(0xfd, ...uleb(code), ...imm);
    return this;
  }
  get(l: Local): this {
    this.body.push(0x20, l);
    return this;
  }
  set(l: Local): this {
    this.body.push(0x21, l);
    return this;
  }
  tee(l: Local): this {
    this.body.push(0x22, l);
    return this;
  }
  f64(v: number): this {
    this.body.push(0x44, ...f64Bytes(v));
    return this;
  }
  i32(v: number): this {
    this.body.push(0x41, ...sleb(v | 0));
    return this;
  }
  i64(v: bigint): this {
    this.body.push(0x42, ...sleb(BigInt.asIntN(64, v)));
    return this;
  }
  /** Loads and stores: natural alignment hint, a constant byte offset. */
  mem(opcode: number, offset: number, align: number): this {
    this.body.push(opcode, align, ...uleb(offset));
    return this;
  }
  f64load(offset = 0): this {
    return this.mem(OP.f64_load, offset, 3);
  }
  f64store(offset = 0): this {
    return this.mem(OP.f64_store, offset, 3);
  }
  v128load(offset = 0): this {
    this.body.push(0xfd, ...uleb(SIMD.v128_load), 3, ...uleb(offset)); // 8-byte alignment promised, not 16
    return this;
  }
  /** Both lanes of an f64x2 (or i64x2) constant. */
  f64x2(v: number): this {
    return this.f64(v).simd(SIMD.f64x2_splat);
  }
  i64x2(v: bigint): this {
    return this.i64(v).simd(SIMD.i64x2_splat);
  }
  /** v128.load64_splat: one double from memory into both lanes. */
  splat64(offset = 0): this {
    this.body.push(0xfd, ...uleb(SIMD.v128_load64_splat), 3, ...uleb(offset));
    return this;
  }
  v128store(offset = 0): this {
    this.body.push(0xfd, ...uleb(SIMD.v128_store), 3, ...uleb(offset));
    return this;
  }
  call(f: Fn | number): this {
    this.body.push(0x10, f instanceof Fn ? -1 - this.callees.push(f) + 1 : f);
    return this;
  }
  /**
   * The body of `callee` here, in place of a call: its arguments (on the stack) go into fresh
   * locals, its locals become this function's, and the calls it makes are inlined too. Only for
   * callees without `return` and with one result (what the f64x2 math functions are).
   */
  inline(callee: Fn): this {
    const map = new Map<Local, Local>();
    const mapped = (l: Local) => {
      let q = map.get(l);
      if (!q) map.set(l, (q = this.local(l.type)));
      return q;
    };
    for (let k = callee.params.length - 1; k >= 0; k--) this.set(mapped(callee.params[k]));
    const body = callee.body;
    for (let k = 0; k < body.length; k++) {
      const it = body[k];
      if (it instanceof Local) this.body.push(mapped(it));
      else if (it < 0) {
        this.body.pop(); // the call opcode just copied
        this.inline(callee.callees[-it - 1]);
      } else this.body.push(it);
    }
    return this;
  }
  /** Callees by position, resolved to function indices when the module is written. */
  readonly callees: Fn[] = [];
  /** block/loop/if with no result (or one result type). */
  begin(kind: 'block' | 'loop' | 'if', result?: ValType): this {
    this.body.push(kind === 'block' ? OP.block : kind === 'loop' ? OP.loop : OP.if, result ? VAL[result] : 0x40);
    return this;
  }
  else(): this {
    return this.op(OP.else);
  }
  end(): this {
    return this.op(OP.end);
  }

  /** The code entry: locals grouped by type, the body, end. */
  encode(): number[] {
    this.params.forEach((l, i) => (l.index = i));
    this.locals.forEach((l, i) => (l.index = this.params.length + i));
    const groups: number[][] = [];
    for (const l of this.locals) {
      const last = groups[groups.length - 1];
      if (last && last[1] === VAL[l.type]) last[0]++;
      else groups.push([1, VAL[l.type]]);
    }
    const code: number[] = [...uleb(groups.length), ...groups.flatMap(([n, t]) => [...uleb(n), t])];
    for (let k = 0; k < this.body.length; k++) {
      const it = this.body[k];
      if (it instanceof Local) uleb(it.index, code);
      else if (it < 0) uleb(this.callees[-it - 1].index, code);
      else code.push(it);
    }
    code.push(OP.end);
    return [...uleb(code.length), ...code];
  }
}

export interface Import {
  readonly module: string;
  readonly name: string;
  readonly params: ValType[];
  readonly results: ValType[];
}

/** A module: imported functions, one imported memory, defined functions, exports. */
export class ModuleBuilder {
  readonly imports: Import[] = [];
  readonly fns: Fn[] = [];
  readonly exported = new Map<string, Fn>();
  constructor(readonly memory: { module: string; name: string; shared: boolean; minPages: number; maxPages: number }) {}

  /** An imported function: its index (imports come first in the index space). */
  importFn(module: string, name: string, params: ValType[], results: ValType[]): number {
    const k = this.imports.findIndex((i) => i.module === module && i.name === name);
    if (k >= 0) return k;
    this.imports.push({ module, name, params, results });
    return this.imports.length - 1;
  }
  add(f: Fn, exportName?: string): Fn {
    this.fns.push(f);
    if (exportName) this.exported.set(exportName, f);
    return f;
  }

  encode(): Uint8Array {
    this.fns.forEach((f, i) => (f.index = this.imports.length + i));
    const types: string[] = [];
    const typeOf = (params: ValType[], results: ValType[]) => {
      const key = `${params.join(',')}>${results.join(',')}`;
      let k = types.indexOf(key);
      if (k < 0) k = types.push(key) - 1;
      return k;
    };
    const importEntries = this.imports.map((i) => [...str(i.module), ...str(i.name), 0x00, ...uleb(typeOf(i.params, i.results))]);
    const m = this.memory;
    importEntries.push([...str(m.module), ...str(m.name), 0x02, m.shared ? 0x03 : 0x01, ...uleb(m.minPages), ...uleb(m.maxPages)]);
    const fnTypes = this.fns.map((f) =>
      uleb(
        typeOf(
          f.params.map((p) => p.type),
          f.results,
        ),
      ),
    );
    const typeEntries = types.map((key) => {
      const [ps, rs] = key.split('>');
      const list = (s: string) => (s ? s.split(',').map((t) => VAL[t as ValType]) : []);
      return [0x60, ...uleb(list(ps).length), ...list(ps), ...uleb(list(rs).length), ...list(rs)];
    });
    const exportEntries = [...this.exported].map(([name, f]) => [...str(name), 0x00, ...uleb(f.index)]);
    const codes = this.fns.map((f) => f.encode());
    const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
    const bytes = [
      0x00,
      0x61,
      0x73,
      0x6d,
      0x01,
      0x00,
      0x00,
      0x00,
      ...section(1, vec(typeEntries)),
      ...section(2, vec(importEntries)),
      ...section(3, vec(fnTypes)),
      ...section(7, vec(exportEntries)),
      ...section(10, vec(codes)),
    ];
    return Uint8Array.from(bytes);
  }
}

/** Does this runtime validate WebAssembly SIMD (f64x2)? Checked once with a 1-function module. */
let simdOk: boolean | undefined;
export function hasWasmSimd(): boolean {
  if (simdOk !== undefined) return simdOk;
  if (WA === undefined) return (simdOk = false);
  try {
    const f = new Fn('probe', ['f64']);
    f.f64(1).simd(SIMD.f64x2_splat).simd(SIMD.f64x2_extract_lane, 0);
    const mb = new ModuleBuilder({ module: 'env', name: 'memory', shared: false, minPages: 1, maxPages: 1 });
    mb.add(f, 'probe');
    simdOk = WA.validate(mb.encode());
  } catch {
    simdOk = false;
  }
  return simdOk === true;
}
