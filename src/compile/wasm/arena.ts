/**
 * One WebAssembly.Memory per process, shared (a SharedArrayBuffer, so worker threads see the
 * same bytes and views survive growth), and a first-fit allocator over it. Every evaluator's
 * buffers, input slots and resident inputs are regions of this memory; a region is released
 * when every Float64Array view of it has been garbage-collected (FinalizationRegistry), or
 * explicitly. Shared memory never shrinks: its size is the high-water mark.
 */
import { WA, WasmMemory } from './api';

const PAGE = 65536;
/** 4 GiB, all that wasm32 addresses; shared memories need a maximum (address space is reserved, not committed). */
const MAX_PAGES = 65536;
const ALIGN = 64;

export interface Region {
  readonly offset: number;
  readonly bytes: number;
  released: boolean;
}

export class Arena {
  readonly memory: WasmMemory;
  private top = ALIGN; // offset 0 stays unused: a null pointer is never a buffer
  private readonly free: { offset: number; bytes: number }[] = [];
  private readonly buffers = new WeakSet<object>();
  private readonly live = new Map<Region, number>();
  private readonly registry = new FinalizationRegistry<Region>((r) => this.unref(r));

  constructor() {
    if (!WA) throw new Error('internal: no WebAssembly');
    this.memory = new WA.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
    this.buffers.add(this.memory.buffer);
  }

  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  /** A region of at least `bytes` bytes, 64-byte aligned. Throws RangeError beyond 4 GiB. */
  alloc(bytes0: number): Region {
    const bytes = Math.max(ALIGN, Math.ceil(bytes0 / ALIGN) * ALIGN);
    for (let k = 0; k < this.free.length; k++) {
      const b = this.free[k];
      if (b.bytes < bytes) continue;
      const r = { offset: b.offset, bytes, released: false };
      if (b.bytes === bytes) this.free.splice(k, 1);
      else ((b.offset += bytes), (b.bytes -= bytes));
      return r;
    }
    const offset = this.top;
    const end = offset + bytes;
    if (end > MAX_PAGES * PAGE) throw new RangeError(`wasm memory: ${end} bytes is more than 4 GiB`);
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      try {
        this.memory.grow(Math.ceil((end - have) / PAGE));
      } catch (e) {
        throw new RangeError(`wasm memory could not grow to ${end} bytes: ${(e as Error).message}`, { cause: e });
      }
      this.buffers.add(this.memory.buffer);
    }
    this.top = end;
    return { offset, bytes, released: false };
  }

  release(r: Region): void {
    if (r.released) return;
    r.released = true;
    this.live.delete(r);
    const list = this.free;
    let k = 0;
    while (k < list.length && list[k].offset < r.offset) k++;
    list.splice(k, 0, { offset: r.offset, bytes: r.bytes });
    // coalesce with the neighbours
    if (k + 1 < list.length && list[k].offset + list[k].bytes === list[k + 1].offset) ((list[k].bytes += list[k + 1].bytes), list.splice(k + 1, 1));
    if (k > 0 && list[k - 1].offset + list[k - 1].bytes === list[k].offset) ((list[k - 1].bytes += list[k].bytes), list.splice(k, 1));
    const last = list[list.length - 1];
    if (last && last.offset + last.bytes === this.top) ((this.top = last.offset), list.pop());
  }

  /** A Float64Array over part of a region; the region is released once all such views are collected. */
  view(r: Region, byteOffset: number, length: number): Float64Array {
    const buf = this.memory.buffer;
    this.buffers.add(buf);
    const v = new Float64Array(buf, r.offset + byteOffset, length);
    this.live.set(r, (this.live.get(r) ?? 0) + 1);
    this.registry.register(v, r);
    return v;
  }

  /** A view that keeps nothing alive and releases nothing (the caller owns the region). */
  rawView(r: Region, byteOffset: number, length: number): Float64Array {
    const buf = this.memory.buffer;
    this.buffers.add(buf);
    return new Float64Array(buf, r.offset + byteOffset, length);
  }

  private unref(r: Region): void {
    const n = (this.live.get(r) ?? 0) - 1;
    if (n > 0) this.live.set(r, n);
    else if (!r.released) this.release(r);
  }

  /** Is this array a view of the arena's memory (its byteOffset is then a wasm pointer)? */
  owns(a: Float64Array): boolean {
    return this.buffers.has(a.buffer);
  }
}

let arena: Arena | undefined;
export function getArena(): Arena {
  return (arena ??= new Arena());
}

/** Can this runtime run the wasm backend (SIMD validates, and shared memory can be made)? */
let sharedOk: boolean | undefined;
export function hasSharedMemory(): boolean {
  if (sharedOk !== undefined) return sharedOk;
  try {
    getArena();
    sharedOk = true;
  } catch {
    sharedOk = false;
  }
  return sharedOk;
}
