/**
 * The wasm backend's live parts: the module built from the rendered loops, instantiated over
 * the process's shared memory (arena.ts); `ALLOC`, which lays out an evaluator's buffers and
 * input slots in that memory; `WRAP`, which puts the inputs there before the generated kernel
 * runs (a view of wasm memory is used in place, anything else copied into its slot only when
 * its bytes changed); and `X.loop`, which runs a rendered loop on one thread or splits its rows
 * over worker threads (threads.ts).
 */
import { Arena, Region, getArena } from './arena';
import { WA } from './api';
import { gramMirror } from '../kernels';
import { GRAM_BLOCK_BYTES, MATH_IMPORTS, RenderedLoop, WasmRenderer } from './render';
import { acquirePool, getPool, releasePool } from './threads';

type Kernel = (d: Float64Array, ins: Float64Array[], B: Float64Array[]) => void;

/** The helper kernels that have a wasm version (WasmRenderer.fixed), called in their JavaScript helper's place. */
export const FIXED_KERNELS = ['gemv', 'gemvT', 'wgram'] as const;
export type FixedKernel = (typeof FIXED_KERNELS)[number];
/** A helper kernel as the generated code calls it. */
export type WasmHelper = (...args: never[]) => void;
type WasmFn = (...args: number[]) => void;

export interface WasmRunOptions {
  /** Threads for row-separable passes (1 = the calling thread only). */
  readonly threads: number;
  /** Smallest pass (rows × columns) split over threads. */
  readonly crossover: number;
}

interface Layout {
  readonly gen: number;
  readonly views: Float64Array[];
  readonly slots: Float64Array[];
  readonly ins: Float64Array[];
}

const EMPTY = new Float64Array(0);
const hasBuffer = typeof Buffer === 'function';

/** Do two Float64Arrays hold the same bytes (memcmp where Node has it)? */
function sameBytes(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  if (hasBuffer) return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

export class WasmRuntime {
  readonly arena: Arena = getArena();
  private readonly fns: WasmFn[];
  private readonly loops: RenderedLoop[];
  private readonly resRegion: Region;
  private readonly res: Float64Array[]; // per thread
  private readonly resPtr: number[];
  private pooled = false;
  private partials = new WeakMap<Float64Array, Float64Array[]>();
  private readonly partialRegions: Region[] = [];
  private readonly sizesOf = new WeakMap<Float64Array[], number[]>();
  private readonly layouts = new WeakMap<Float64Array[], Layout>();
  private scratch?: Region;
  private gen = 0;
  readonly module: object;
  private disposed = false;
  readonly X: { loop: (id: number, rows: number, outs: Float64Array[], args: number[], work: number) => Float64Array };

  constructor(
    renderer: WasmRenderer,
    private readonly opts: WasmRunOptions,
  ) {
    this.loops = renderer.loops;
    const bytes = renderer.mb.encode();
    this.module = new WA!.Module(bytes);
    const inst = new WA!.Instance(this.module, { env: { memory: this.arena.memory }, math: MATH_IMPORTS });
    this.fns = this.loops.map((l) => inst.exports[`f${l.id}`] as WasmFn);
    const maxRed = Math.max(1, ...this.loops.map((l) => l.reductions));
    // each thread's res: its reductions, or a kernel's scratch (the Gram's packed block), whichever is larger
    const stride = Math.ceil(Math.max(maxRed * 8, ...this.loops.map((l) => l.scratchBytes ?? 0)) / 64) * 64;
    const T = Math.max(1, opts.threads);
    this.resRegion = this.arena.alloc(T * stride);
    this.res = Array.from({ length: T }, (_, t) => this.arena.view(this.resRegion, t * stride, maxRed));
    this.resPtr = this.res.map((r) => r.byteOffset);
    this.X = { loop: (id, rows, outs, args, work) => this.loop(id, rows, outs, args, work) };
  }

  /** Run rendered loop `id` over rows [0, rows): on this thread, or split over the pool. */
  private loop(id: number, rows: number, outs: Float64Array[], args: number[], work: number): Float64Array {
    const T = this.threadsFor(rows, work);
    const fn = this.fns[id];
    if (T <= 1) {
      const a: number[] = [0, rows, this.resPtr[0]];
      for (const o of outs) a.push(o.byteOffset);
      for (const v of args) a.push(v);
      fn(...a);
      return this.res[0];
    }
    return this.split(id, T, rows, outs, args);
  }

  private threadsFor(rows: number, work: number): number {
    const T = this.opts.threads;
    if (T <= 1 || work < this.opts.crossover || rows < 2 * T) return 1;
    return T;
  }

  /** Rows split in T contiguous ranges (multiples of 4); thread 0 (this one) writes outs, the others partial copies; summed in thread order. */
  private split(id: number, T: number, rows: number, outs: Float64Array[], args: number[]): Float64Array {
    if (!this.pooled) (acquirePool(), (this.pooled = true));
    const pool = getPool(this.arena, T - 1);
    pool.ensureModule(this.module);
    const bounds: number[] = [0];
    for (let t = 1; t < T; t++) bounds.push(Math.min(rows, Math.floor((rows * t) / T / 4) * 4));
    bounds.push(rows);
    const parts = outs.map((o) => this.partialsOf(o, T));
    const jobs: number[][] = [];
    for (let t = 1; t < T; t++) {
      const a: number[] = [bounds[t], bounds[t + 1], this.resPtr[t]];
      for (const p of parts) a.push(p[t - 1].byteOffset);
      for (const v of args) a.push(v);
      jobs.push(a);
    }
    pool.start(this.module, id, jobs);
    const a0: number[] = [bounds[0], bounds[1], this.resPtr[0]];
    for (const o of outs) a0.push(o.byteOffset);
    for (const v of args) a0.push(v);
    let err: unknown;
    try {
      this.fns[id](...a0);
    } catch (e) {
      err = e;
    }
    pool.wait();
    if (err) throw err;
    // fixed order: out = ((out_0 + out_1) + out_2) + ...
    outs.forEach((o, q) => {
      for (let t = 1; t < T; t++) {
        const p = parts[q][t - 1];
        for (let j = 0; j < o.length; j++) o[j] += p[j];
      }
    });
    const nr = this.loops[id].reductions;
    const r0 = this.res[0];
    for (let k = 0; k < nr; k++) for (let t = 1; t < T; t++) r0[k] += this.res[t][k];
    return r0;
  }

  private partialsOf(o: Float64Array, T: number): Float64Array[] {
    let p = this.partials.get(o);
    if (!p || p.length < T - 1) {
      const r = this.arena.alloc((T - 1) * o.length * 8);
      this.partialRegions.push(r);
      p = Array.from({ length: T - 1 }, (_, t) => this.arena.rawView(r, t * o.length * 8, o.length));
      this.partials.set(o, p);
    }
    return p;
  }

  /**
   * allocate(d) for the generated code: the runtime's buffer set holds real arrays only for
   * the outputs (what results point to); the kernel runs on a layout of every buffer and input
   * slot in this evaluator's one scratch region of wasm memory, and its outputs are copied back.
   * So wasm memory per evaluator is bounded by its largest signature, whatever the runtime caches.
   */
  allocator(outputs: readonly number[]): (sizes: number[], d: Float64Array) => Float64Array[] {
    const isOut = new Set(outputs);
    return (sizes) => {
      const B = sizes.map((n, i) => (isOut.has(i) ? new Float64Array(n) : EMPTY));
      this.sizesOf.set(B, sizes);
      return B;
    };
  }

  private layoutFor(B: Float64Array[], inputs: Float64Array[], nInputs: number): Layout {
    let L = this.layouts.get(B);
    if (L && L.gen === this.gen) return L;
    const sizes = this.sizesOf.get(B)!;
    // a view of wasm memory needs no slot
    const all = sizes.concat(inputs.slice(0, nInputs).map((a) => (this.arena.owns(a) ? 0 : a.length)));
    const pad = (n: number) => Math.ceil((n * 8) / 64) * 64;
    const total = all.reduce((s, n) => s + pad(n), 0);
    if (!this.scratch || this.scratch.bytes < total) {
      if (this.scratch) this.arena.release(this.scratch);
      this.scratch = this.arena.alloc(total);
      this.gen++;
    }
    for (const r of this.partialRegions) this.arena.release(r);
    this.partialRegions.length = 0;
    this.partials = new WeakMap();
    let off = 0;
    const views = all.map((n) => {
      const v = this.arena.rawView(this.scratch!, off, n);
      off += pad(n);
      return v;
    });
    L = { gen: this.gen, views: views.slice(0, sizes.length), slots: views.slice(sizes.length), ins: new Array(inputs.length) };
    this.layouts.set(B, L);
    return L;
  }

  /** The kernel over wasm memory: inputs in place (views of it) or copied into slots when their bytes changed; outputs copied back. */
  wrap(kernel: Kernel, outputs: readonly number[], nInputs: number): Kernel {
    const arena = this.arena;
    return (d, ins, B) => {
      if (this.disposed) throw new Error('this evaluator was disposed');
      let L = this.layoutFor(B, ins, nInputs);
      for (let k = 0; k < nInputs; k++)
        if (L.slots[k].length !== ins[k].length && !arena.owns(ins[k])) {
          this.layouts.delete(B); // an input that was a view of wasm memory is now a plain array: it needs a slot
          L = this.layoutFor(B, ins, nInputs);
          break;
        }
      const w = L.ins;
      for (let k = 0; k < ins.length; k++) {
        const a = ins[k];
        if (k >= nInputs || arena.owns(a)) w[k] = a;
        else {
          const slot = L.slots[k];
          if (!sameBytes(a, slot)) slot.set(a);
          w[k] = slot;
        }
      }
      kernel(d, w, L.views);
      for (const o of outputs) B[o].set(L.views[o]);
    };
  }

  /**
   * gemv, gemvT and wgram as calls into their rendered wasm functions (`ids`: which loop is
   * which), with the JavaScript helpers' signatures: the generated kernel calls them in their
   * place, and their rows are split over threads like any row pass.
   */
  fixedKernels(ids: readonly (readonly [FixedKernel, number])[]): Partial<Record<FixedKernel, WasmHelper>> {
    const made: Record<FixedKernel, (id: number) => WasmHelper> = {
      gemv: (id) => (A: Float64Array, r: number, c: number, x: Float64Array, y: Float64Array) =>
        void this.loop(id, r, [], [A.byteOffset, c, x.byteOffset, y.byteOffset], r * c),
      gemvT: (id) => (A: Float64Array, r: number, c: number, v: Float64Array, y: Float64Array) =>
        void this.loop(id, r, [y], [A.byteOffset, c, v.byteOffset], r * c),
      // C = M' diag(v) M (M' M when v is null): one triangle per thread over its rows, summed in thread order, then mirrored
      wgram: (id) => (M: Float64Array, v: Float64Array | null, r: number, c: number, C: Float64Array) => {
        const mb = Math.max(1, Math.floor(GRAM_BLOCK_BYTES / 8 / c)); // rows per block: its scaled copy fits the kernel's scratch
        this.loop(id, r, [C], [M.byteOffset, c, v ? v.byteOffset : 0, mb], (r * c * (c + 1)) / 2);
        gramMirror(C, c);
      },
    };
    return Object.fromEntries(ids.map(([h, id]) => [h, made[h](id)]));
  }

  /** A resident input: a view of wasm memory of `length` entries, released when collected. */
  resident(length: number): Float64Array {
    return this.arena.view(this.arena.alloc(length * 8), 0, length);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.pooled) releasePool(this.module);
    this.pooled = false;
    this.arena.release(this.resRegion);
    if (this.scratch) this.arena.release(this.scratch);
    for (const r of this.partialRegions) this.arena.release(r);
    this.partialRegions.length = 0;
    this.scratch = undefined;
  }
}
