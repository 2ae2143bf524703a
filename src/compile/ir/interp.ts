/**
 * The interpreter: runs an IR (after allocate-buffers) with no code generation at all — no
 * `new Function`, no WebAssembly — for pages whose Content-Security-Policy forbids both.
 *
 * Loops run a chunk of indices at a time: each body instruction over the whole chunk (a tight
 * loop over Float64Arrays per instruction, so the dispatch costs once per chunk, not per entry),
 * then the reductions, stores and updates. Every operation is done in the order the generated
 * JavaScript does it (the same left-to-right sums, the same blocks of rows in a row-fused pass,
 * the same kernels: kernels.ts, whose text the JavaScript pastes in), so the results are those
 * of the 'js' backend, bit for bit.
 *
 * `prepare(ir)` does all the work that does not depend on the numbers once: slots for the
 * locals, registers for the scalars, where each array lives. `machine.run(d, ins, B)` then
 * allocates nothing.
 */
import { Dim } from '../../core/dims';
import * as K from '../kernels';
import { BodyInstr, EwOp, IR, Instr, Local, Operand, Reduction, Scalar, Value, isScalarType } from './types';

/** Indices per chunk of a loop (a multiple of every row block up to 32 is chosen per pass). */
export const CHUNK = 256;

/** What run() works on: dimension sizes (spec order), the inputs (IR order), the buffers. */
export interface Machine {
  readonly run: (d: Float64Array, ins: readonly Float64Array[], B: readonly Float64Array[]) => void;
  /** Sizes of every buffer for the dimension sizes d. */
  readonly sizes: (d: Float64Array) => number[];
}

interface Ctx {
  d: Float64Array;
  ins: readonly Float64Array[];
  B: readonly Float64Array[];
}

// ---- elementwise operations over a chunk ----
const enum Code {
  Copy,
  Add,
  Mul,
  Sq,
  Cube,
  Recip,
  RecipSq,
  SqrtP,
  Pow,
  Exp,
  Log,
  Sqrt,
  Sin,
  Cos,
  Tan,
  Tanh,
  Abs,
  Sign,
  Sigmoid,
  Softplus,
  ExpNegAbs,
  Log1p,
  SoftplusE,
  SigmoidE,
  Expm1,
  Relu,
  Max,
  Min,
}

const UNARY: Partial<Record<EwOp, Code>> = {
  copy: Code.Copy,
  exp: Code.Exp,
  log: Code.Log,
  sqrt: Code.Sqrt,
  sin: Code.Sin,
  cos: Code.Cos,
  tan: Code.Tan,
  tanh: Code.Tanh,
  abs: Code.Abs,
  sign: Code.Sign,
  sigmoid: Code.Sigmoid,
  softplus: Code.Softplus,
  expNegAbs: Code.ExpNegAbs,
  log1pE: Code.Log1p,
  expm1: Code.Expm1,
  relu: Code.Relu,
};

/** Elementwise ops of two arguments besides the fused stable forms. */
const BINARY: Partial<Record<EwOp, Code>> = { max: Code.Max, min: Code.Min };

/** pow with a literal exponent is written as the JavaScript renderer writes it. */
function powCode(e: Operand): Code {
  if (e.tag !== 'lit') return Code.Pow;
  switch (e.value) {
    case 2:
      return Code.Sq;
    case 3:
      return Code.Cube;
    case -1:
      return Code.Recip;
    case -2:
      return Code.RecipSq;
    case 0.5:
      return Code.SqrtP;
    default:
      return Code.Pow;
  }
}

/** dst[k] = f(a[ao + k·as], b[bo + k·bs]) for k < n (a stride of 0 broadcasts a scalar). */
function apply(code: Code, dst: Float64Array, n: number, a: Float64Array, ao: number, as: number, b: Float64Array, bo: number, bs: number): void {
  let k = 0;
  switch (code) {
    case Code.Copy:
      for (; k < n; k++) dst[k] = a[ao + k * as];
      return;
    case Code.Add:
      for (; k < n; k++) dst[k] = a[ao + k * as] + b[bo + k * bs];
      return;
    case Code.Mul:
      for (; k < n; k++) dst[k] = a[ao + k * as] * b[bo + k * bs];
      return;
    case Code.Sq:
      for (; k < n; k++) {
        const x = a[ao + k * as];
        dst[k] = x * x;
      }
      return;
    case Code.Cube:
      for (; k < n; k++) {
        const x = a[ao + k * as];
        dst[k] = x * x * x;
      }
      return;
    case Code.Recip:
      for (; k < n; k++) dst[k] = 1 / a[ao + k * as];
      return;
    case Code.RecipSq:
      for (; k < n; k++) {
        const x = a[ao + k * as];
        dst[k] = 1 / (x * x);
      }
      return;
    case Code.SqrtP:
    case Code.Sqrt:
      for (; k < n; k++) dst[k] = Math.sqrt(a[ao + k * as]);
      return;
    case Code.Pow:
      for (; k < n; k++) dst[k] = Math.pow(a[ao + k * as], b[bo + k * bs]);
      return;
    case Code.Exp:
      for (; k < n; k++) dst[k] = Math.exp(a[ao + k * as]);
      return;
    case Code.Log:
      for (; k < n; k++) dst[k] = Math.log(a[ao + k * as]);
      return;
    case Code.Sin:
      for (; k < n; k++) dst[k] = Math.sin(a[ao + k * as]);
      return;
    case Code.Cos:
      for (; k < n; k++) dst[k] = Math.cos(a[ao + k * as]);
      return;
    case Code.Tan:
      for (; k < n; k++) dst[k] = Math.tan(a[ao + k * as]);
      return;
    case Code.Tanh:
      for (; k < n; k++) dst[k] = Math.tanh(a[ao + k * as]);
      return;
    case Code.Abs:
      for (; k < n; k++) dst[k] = Math.abs(a[ao + k * as]);
      return;
    case Code.Sign:
      for (; k < n; k++) dst[k] = Math.sign(a[ao + k * as]);
      return;
    case Code.Expm1:
      for (; k < n; k++) dst[k] = Math.expm1(a[ao + k * as]);
      return;
    case Code.Relu:
      for (; k < n; k++) {
        const z = a[ao + k * as];
        dst[k] = z > 0 ? z : z === z ? 0 : NaN;
      }
      return;
    case Code.Sigmoid:
      for (; k < n; k++) dst[k] = K.sigmoid(a[ao + k * as]);
      return;
    case Code.Softplus:
      for (; k < n; k++) dst[k] = K.softplus(a[ao + k * as]);
      return;
    case Code.ExpNegAbs:
      for (; k < n; k++) dst[k] = Math.exp(-Math.abs(a[ao + k * as]));
      return;
    case Code.Log1p:
      for (; k < n; k++) dst[k] = Math.log1p(a[ao + k * as]);
      return;
    case Code.SoftplusE:
      for (; k < n; k++) dst[k] = Math.max(a[ao + k * as], 0) + b[bo + k * bs];
      return;
    case Code.Max:
      for (; k < n; k++) dst[k] = Math.max(a[ao + k * as], b[bo + k * bs]);
      return;
    case Code.Min:
      for (; k < n; k++) dst[k] = Math.min(a[ao + k * as], b[bo + k * bs]);
      return;
    case Code.SigmoidE:
      for (; k < n; k++) {
        const z = a[ao + k * as],
          e = b[bo + k * bs];
        dst[k] = z >= 0 ? 1 / (1 + e) : e / (1 + e);
      }
      return;
  }
}

/** Where an operand's entries are during one chunk: arr[off + k·stride]. */
class Ref {
  arr: Float64Array;
  off = 0;
  stride: number;
  /** fixed: a slot or a scalar's cell (stride 0); else the outer array of a plain load, at the chunk. */
  constructor(
    fixed: Float64Array,
    stride: number,
    private readonly load?: (c: Ctx) => Float64Array,
  ) {
    this.arr = fixed;
    this.stride = stride;
  }
  bind(c: Ctx, base: number): void {
    if (this.load) {
      this.arr = this.load(c);
      this.off = base;
    }
  }
}
const EMPTY = new Float64Array(0);

export function prepare(ir: IR): Machine {
  const storage = ir.storage;
  const buffers = ir.buffers;
  if (!storage || !buffers) throw new Error('internal: interpret: the IR has no buffers (run allocate-buffers first)');
  const dimIndex = new Map(ir.dims.map((d, i) => [d, i]));
  const dimOf = (name: string): number => {
    const i = dimIndex.get(name);
    if (i === undefined) throw new Error(`internal: interpret: no dimension ${name}`);
    return i;
  };
  const size = (x: Dim): ((c: Ctx) => number) => {
    if (typeof x === 'number') return () => x;
    const i = dimOf(x);
    return (c) => c.d[i];
  };

  // scalar registers and array storage
  let S = EMPTY; // made once every register is known (the steps read it when they run)
  let nextReg = 0;
  const reg = new Map<number, number>();
  const inputIndex = new Map(ir.inputs.map((v, k) => [v.id, k]));
  const viewOf = new Map<number, Value>();
  for (const ins of ir.instrs) if (ins.kind === 'view') viewOf.set(ins.out.id, ins.src);
  const arrayOf = (v0: Value): ((c: Ctx) => Float64Array) => {
    let v = v0;
    while (viewOf.has(v.id)) v = viewOf.get(v.id)!;
    const k = inputIndex.get(v.id);
    if (k !== undefined) return (c) => c.ins[k];
    const b = storage.get(v.id);
    if (b === undefined) throw new Error(`internal: interpret: array value ${v.id} has no storage`);
    return (c) => c.B[b];
  };
  const regOf = (v: Value): number => {
    let r = reg.get(v.id);
    if (r === undefined) reg.set(v.id, (r = nextReg++));
    return r;
  };
  const scalarOf = (s: Scalar): ((c: Ctx) => number) => {
    if (s.tag === 'lit') {
      const x = s.value;
      return () => x;
    }
    if (s.tag === 'dim') {
      const i = dimOf(s.name);
      return (c) => c.d[i];
    }
    const r = regOf(s);
    return () => S[r];
  };

  const steps: ((c: Ctx) => void)[] = [];
  // scalar inputs: their one entry, into a register
  ir.inputs.forEach((v, k) => {
    if (!isScalarType(v.type) || k >= ir.inputs.length - ir.unused) return;
    const r = regOf(v);
    steps.push((c) => (S[r] = c.ins[k][0]));
  });

  /** An elementwise operation on scalars: the chunk kernel over one entry. */
  const scalarStep = (op: EwOp, args: readonly Scalar[], out: number) => {
    const code =
      op === 'add'
        ? Code.Add
        : op === 'mul'
          ? Code.Mul
          : op === 'pow'
            ? powCode(args[1])
            : op === 'softplusE'
              ? Code.SoftplusE
              : op === 'sigmoidE'
                ? Code.SigmoidE
                : (BINARY[op] ?? UNARY[op]);
    if (code === undefined) throw new Error(`internal: interpret: ${op} on scalars`);
    const get = args.map(scalarOf);
    const a = new Float64Array(1),
      b = new Float64Array(1),
      t = new Float64Array(1);
    return (c: Ctx) => {
      a[0] = get[0](c);
      if (get.length === 1) apply(code, t, 1, a, 0, 0, a, 0, 0);
      else {
        b[0] = get[1](c);
        apply(code, t, 1, a, 0, 0, b, 0, 0);
        for (let k = 2; k < get.length; k++) {
          b[0] = get[k](c);
          apply(code, t, 1, t, 0, 0, b, 0, 0);
        }
      }
      S[out] = t[0];
    };
  };

  const callStep = (ins: Extract<Instr, { kind: 'call' }>): ((c: Ctx) => void) => {
    const args = ins.args.map(arrayOf);
    const [X] = ins.args;
    const rows = size(X.type.rows),
      cols = size(X.type.cols);
    const out = isScalarType(ins.out.type) ? regOf(ins.out) : -1;
    const Y = out < 0 ? arrayOf(ins.out) : () => EMPTY;
    const W = ins.scratch === undefined ? () => EMPTY : (c: Ctx) => c.B[ins.scratch!];
    switch (ins.op) {
      case 'gemv':
        return (c) => K.gemv(args[0](c), rows(c), cols(c), args[1](c), Y(c));
      case 'gemvT':
        return (c) => K.gemvT(args[0](c), rows(c), cols(c), args[1](c), Y(c));
      case 'outer': {
        const r = size(ins.out.type.rows),
          cc = size(ins.out.type.cols);
        return (c) => K.outer(args[0](c), args[1](c), r(c), cc(c), Y(c));
      }
      case 'gemm': {
        const r = size(ins.out.type.rows),
          cc = size(ins.out.type.cols);
        const k = ins.tx ? rows : cols;
        const tx = ins.tx === true,
          ty = ins.ty === true;
        return (c) => K.gemm(args[0](c), tx, args[1](c), ty, r(c), k(c), cc(c), Y(c));
      }
      case 'wgram': {
        const v = args[1];
        return (c) => K.wgram(args[0](c), v ? v(c) : null, rows(c), cols(c), Y(c));
      }
      case 'tr':
        return (c) => (S[out] = K.tr(args[0](c), rows(c)));
      case 'det':
        return (c) => (S[out] = K.det(args[0](c), rows(c), W(c)));
      case 'logdet':
        return (c) => (S[out] = K.logdet(args[0](c), rows(c), W(c)));
      case 'inv':
        return (c) => K.inv(args[0](c), rows(c), Y(c), W(c));
      case 'diagm': {
        const n = size(ins.out.type.rows);
        return (c) => {
          const v = args[0](c),
            D = Y(c),
            len = n(c);
          D.fill(0);
          for (let i = 0; i < len; i++) D[i * len + i] = v[i];
        };
      }
      case 'diagv':
        return (c) => {
          const A = args[0](c),
            y = Y(c),
            len = rows(c);
          for (let i = 0; i < len; i++) y[i] = A[i * len + i];
        };
      case 'logsumexp':
        return (c) => (S[out] = K.logsumexp(args[0](c), rows(c) * cols(c)));
      case 'softmax':
        return (c) => (rows(c) > 1 && cols(c) > 1 ? K.softmaxColumns(args[0](c), rows(c), cols(c), Y(c)) : K.softmax(args[0](c), rows(c) * cols(c), Y(c)));
    }
  };

  const regionStep = (ins: Extract<Instr, { kind: 'loop' | 'rows' }>): ((c: Ctx) => void) => {
    const R = ins.kind === 'rows' ? ins.block : 1;
    const chunk = ins.kind === 'rows' ? R * Math.max(1, Math.floor(CHUNK / R)) : CHUNK;
    const matrix = ins.kind === 'loop' && ins.space.kind === 'matrix';
    const spaceRows = ins.kind === 'rows' ? size(ins.A.type.rows) : ins.space.kind === 'vector' ? size(ins.space.len) : size(ins.space.rows);
    const spaceCols = matrix && ins.kind === 'loop' && ins.space.kind === 'matrix' ? size(ins.space.cols) : () => 1;
    // locals: a slot each, or (a plain load) the outer array itself at the chunk's offset
    const slot = new Map<number, Float64Array>();
    const loadOf = new Map<number, (c: Ctx) => Float64Array>();
    const slotFor = (l: Local) => {
      let s = slot.get(l.id);
      if (!s) slot.set(l.id, (s = new Float64Array(chunk)));
      return s;
    };
    const cells: { cell: Float64Array; get: (c: Ctx) => number }[] = [];
    const ref = (o: Operand): Ref => {
      if (o.tag === 'local') {
        const load = loadOf.get(o.id);
        return load ? new Ref(EMPTY, 1, load) : new Ref(slotFor(o), 1);
      }
      const cell = new Float64Array(1);
      cells.push({ cell, get: scalarOf(o) });
      return new Ref(cell, 0);
    };
    // body instructions as chunk steps
    type Step = (c: Ctx, base: number, n: number) => void;
    const body: Step[] = [];
    if (ins.kind === 'rows') slotFor(ins.z);
    for (const b of ins.body as readonly BodyInstr[]) {
      if (b.kind === 'load') {
        const src = arrayOf(b.src);
        if (!b.transposed) {
          loadOf.set(b.out.id, src);
          continue;
        }
        const dst = slotFor(b.out);
        // entry (i, j) of the loop's matrix is entry (j, i) of the stored one (rows×cols stored as cols-major rows)
        body.push((c, base, n) => {
          const X = src(c),
            cols = spaceCols(c),
            rows = spaceRows(c);
          let i = Math.floor(base / cols),
            j = base - i * cols;
          for (let k = 0; k < n; k++) {
            dst[k] = X[j * rows + i];
            if (++j === cols) ((j = 0), i++);
          }
        });
        continue;
      }
      const dst = slotFor(b.out);
      if (b.op === 'eye') {
        body.push((c, base, n) => {
          const cols = spaceCols(c);
          let i = Math.floor(base / cols),
            j = base - i * cols;
          for (let k = 0; k < n; k++) {
            dst[k] = i === j ? 1 : 0;
            if (++j === cols) ((j = 0), i++);
          }
        });
        continue;
      }
      const refs = b.args.map(ref);
      const code =
        b.op === 'add'
          ? Code.Add
          : b.op === 'mul'
            ? Code.Mul
            : b.op === 'pow'
              ? powCode(b.args[1])
              : b.op === 'softplusE'
                ? Code.SoftplusE
                : b.op === 'sigmoidE'
                  ? Code.SigmoidE
                  : (BINARY[b.op] ?? UNARY[b.op]);
      if (code === undefined) throw new Error(`internal: interpret: ${b.op} in a loop`);
      const [ra, rb] = refs;
      body.push((c, base, n) => {
        for (const r of refs) r.bind(c, base);
        if (refs.length === 1) apply(code, dst, n, ra.arr, ra.off, ra.stride, ra.arr, ra.off, ra.stride);
        else {
          apply(code, dst, n, ra.arr, ra.off, ra.stride, rb.arr, rb.off, rb.stride);
          for (let k = 2; k < refs.length; k++) apply(code, dst, n, dst, 0, 1, refs[k].arr, refs[k].off, refs[k].stride);
        }
      });
    }
    // reductions: accumulators in registers of their own
    const reds = ins.reductions.map((r: Reduction) => ({ op: r.op, refs: r.args.map(ref), out: regOf(r.out) }));
    const acc = new Float64Array(reds.length * 3);
    const stores = ins.stores.map((s) => ({ src: ref(s.src), dst: arrayOf(s.out) }));
    const updates = ins.kind === 'rows' ? ins.updates.map((u) => ({ h: ref(u.h), out: arrayOf(u.out) })) : [];
    const term = (op: Reduction['op'], a: Ref, b: Ref | undefined, k: number): number =>
      op === 'sum'
        ? a.arr[a.off + k * a.stride]
        : op === 'norm1'
          ? Math.abs(a.arr[a.off + k * a.stride])
          : a.arr[a.off + k * a.stride] * b!.arr[b!.off + k * b!.stride];
    const nrm2 = (q: number, i: number) => {
      const x = Math.abs(q);
      if (x > K.NRM2.tbig) {
        const u = x * K.NRM2.sbig;
        acc[i + 1] += u * u;
      } else if (x < K.NRM2.tsml) {
        const u = x * K.NRM2.ssml;
        acc[i + 2] += u * u;
      } else acc[i] += x * x;
    };
    /** Reductions over entries [k0, k1) of the chunk, one at a time. */
    const reduceSingle = (k0: number, k1: number) => {
      reds.forEach((r, q) => {
        const [a, b] = r.refs;
        if (r.op === 'norm2') for (let k = k0; k < k1; k++) nrm2(a.arr[a.off + k * a.stride], 3 * q);
        else for (let k = k0; k < k1; k++) acc[3 * q] += term(r.op, a, b, k);
      });
    };
    /** Over [k0, k1) in blocks of R: the block's terms added first, then to the accumulator. */
    const reduceBlocks = (k0: number, k1: number) => {
      reds.forEach((r, q) => {
        const [a, b] = r.refs;
        if (r.op === 'norm2') {
          for (let k = k0; k < k1; k++) nrm2(a.arr[a.off + k * a.stride], 3 * q);
          return;
        }
        for (let k = k0; k < k1; k += R) {
          let s = term(r.op, a, b, k);
          for (let t = 1; t < R; t++) s += term(r.op, a, b, k + t);
          acc[3 * q] += s;
        }
      });
    };

    if (ins.kind === 'loop') {
      const total = matrix ? (c: Ctx) => spaceRows(c) * spaceCols(c) : spaceRows;
      return (c) => {
        for (const x of cells) x.cell[0] = x.get(c);
        acc.fill(0);
        const len = total(c);
        for (let base = 0; base < len; base += chunk) {
          const n = Math.min(chunk, len - base);
          for (const s of body) s(c, base, n);
          for (const r of reds) for (const x of r.refs) x.bind(c, base);
          reduceSingle(0, n);
          for (const s of stores) {
            s.src.bind(c, base);
            const dst = s.dst(c),
              src = s.src;
            for (let k = 0; k < n; k++) dst[base + k] = src.arr[src.off + k * src.stride];
          }
        }
        reds.forEach((r, q) => (S[r.out] = r.op === 'norm2' ? K.norm2Finish(acc[3 * q], acc[3 * q + 1], acc[3 * q + 2]) : acc[3 * q]));
      };
    }

    // a row-fused pass
    const A = arrayOf(ins.A),
      X = arrayOf(ins.x),
      zs = slot.get(ins.z.id)!;
    const width = size(ins.A.type.cols);
    return (c) => {
      for (const x of cells) x.cell[0] = x.get(c);
      acc.fill(0);
      const m = spaceRows(c),
        n = width(c),
        a = A(c),
        x = X(c);
      const outs = updates.map((u) => u.out(c));
      for (const g of outs) g.fill(0);
      const blocked = R > 1 ? m - (m % R) : 0; // rows in whole blocks; the rest one at a time
      for (let base = 0; base < m; base += chunk) {
        const rows = Math.min(chunk, m - base);
        for (let k = 0; k < rows; k++) {
          const o = (base + k) * n;
          let s = 0;
          for (let j = 0; j < n; j++) s += a[o + j] * x[j];
          zs[k] = s;
        }
        for (const s of body) s(c, base, rows);
        for (const r of reds) for (const y of r.refs) y.bind(c, base);
        const inBlocks = Math.max(0, Math.min(rows, blocked - base));
        reduceBlocks(0, inBlocks);
        reduceSingle(inBlocks, rows);
        for (const s of stores) {
          s.src.bind(c, base);
          const dst = s.dst(c),
            src = s.src;
          for (let k = 0; k < rows; k++) dst[base + k] = src.arr[src.off + k * src.stride];
        }
        updates.forEach((u, q) => {
          const g = outs[q],
            h = u.h;
          h.bind(c, base);
          for (let k = 0; k < inBlocks; k += R) {
            const o = (base + k) * n;
            for (let j = 0; j < n; j++) {
              let s = h.arr[h.off + k * h.stride] * a[o + j];
              for (let t = 1; t < R; t++) s += h.arr[h.off + (k + t) * h.stride] * a[o + t * n + j];
              g[j] += s;
            }
          }
          for (let k = inBlocks; k < rows; k++) {
            const o = (base + k) * n,
              hk = h.arr[h.off + k * h.stride];
            for (let j = 0; j < n; j++) g[j] += hk * a[o + j];
          }
        });
      }
      reds.forEach((r, q) => (S[r.out] = r.op === 'norm2' ? K.norm2Finish(acc[3 * q], acc[3 * q + 1], acc[3 * q + 2]) : acc[3 * q]));
    };
  };

  for (const ins of ir.instrs) {
    switch (ins.kind) {
      case 'scalar':
        steps.push(scalarStep(ins.op, ins.args, regOf(ins.out)));
        break;
      case 'view':
        break; // the same data
      case 'call':
        steps.push(callStep(ins));
        break;
      case 'loop':
      case 'rows':
        steps.push(regionStep(ins));
        break;
    }
  }

  // outputs: left in their own buffer, or copied into their result buffer
  ir.outputs.forEach((o) => {
    const b = o.buffer!;
    const src = o.src;
    if (src.tag === 'value' && !isScalarType(src.type)) {
      if (storage.get(src.id) === b) return;
      const from = arrayOf(src);
      steps.push((c) => c.B[b].set(from(c)));
    } else {
      const get = scalarOf(src);
      steps.push((c) => (c.B[b][0] = get(c)));
    }
  });

  S = new Float64Array(nextReg);
  const bufferSizes = buffers.map((x) => {
    const r = size(x.rows),
      cc = size(x.cols);
    return (c: Ctx) => r(c) * cc(c);
  });
  const ctx: Ctx = { d: EMPTY, ins: [], B: [] };
  return {
    run(d, ins, B) {
      ctx.d = d;
      ctx.ins = ins;
      ctx.B = B;
      for (const s of steps) s(ctx);
      ctx.ins = [];
      ctx.B = [];
    },
    sizes(d) {
      const c: Ctx = { d, ins: [], B: [] };
      return bufferSizes.map((f) => f(c));
    },
  };
}
