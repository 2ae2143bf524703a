/**
 * The buffer cache: one State (buffers, converted inputs, result) per dimension signature, in
 * a least-recently-used Map bounded both by count (MAX_SIGNATURES) and by bytes
 * (MAX_CACHE_BYTES, counting the kernel's buffers and the converted copies of array inputs);
 * the signature in use is always kept, however large.
 */
import { Binding, inPlace, dimText, sizeOf } from './inputs';
import type { Kernel, Result } from './types';

/** Longest array the kernel indexes: below 2³¹, so index arithmetic in int32 is exact. */
export const MAX_ENTRIES = 2147483647;
/** Buffers are kept for at most this many dimension signatures (least recently used dropped first)... */
export const MAX_SIGNATURES = 8;
/** ...and for no more than this many bytes in all (the signature in use is kept even if larger). */
export const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/** Everything kept for one dimension signature. */
export interface State {
  readonly key: string;
  /** The sizes of spec.dims this state is for. */
  readonly d: Float64Array;
  /** The kernel's buffers (allocate's arrays). */
  readonly B: Float64Array[];
  readonly kernel: Kernel;
  /** The arrays the kernel reads, per input, for the current call. */
  readonly ins: Float64Array[];
  /** Converted copies of array inputs, per input, made on first use. */
  readonly conv: (Float64Array | undefined)[];
  readonly result: Result;
}

/** Refuse sizes whose arrays cannot exist (before allocating anything). */
export function checkArrays(b: Binding): void {
  for (const [r, c] of b.spec.arrays) {
    const len = sizeOf(b, r) * sizeOf(b, c);
    if (len > MAX_ENTRIES)
      b.fail(
        'the sizes ' +
          dimText(b, r) +
          ' × ' +
          dimText(b, c) +
          ' need an array of ' +
          len +
          ' numbers (' +
          ((len * 8) / 1e9).toPrecision(3) +
          ' GB), more than the ' +
          MAX_ENTRIES +
          ' one array can hold',
        'use sizes whose products stay below ' + MAX_ENTRIES + ' (2^31 - 1)',
      );
  }
}

/** Bytes a cached signature holds: the kernel's buffers and the converted array inputs. */
export function bytesOf(st: State): number {
  const seen = new Set<Float64Array>();
  let bytes = 0;
  for (const b of st.B) if (!seen.has(b)) (seen.add(b), (bytes += b.byteLength));
  for (const c of st.conv) if (c !== undefined) bytes += c.byteLength;
  return bytes;
}

/**
 * At most the bytes a new signature for the current dimensions will hold: the arrays the kernel
 * indexes, less its inputs (spec.arrays lists both), plus copies of array inputs.
 */
export function bytesNeeded(b: Binding): number {
  const nIn = b.spec.inputs.length;
  let entries = 0;
  for (const [r, c] of b.spec.arrays) entries += sizeOf(b, r) * sizeOf(b, c);
  for (let k = 0; k < nIn; k++) entries -= b.rowsOf[k] * b.colsOf[k];
  for (let k = 0; k < nIn; k++) if (!inPlace(b, k)) entries += b.rowsOf[k] * b.colsOf[k];
  return Math.max(0, entries) * 8;
}

/**
 * Drop least recently used signatures (never keep) until at most count remain and their
 * bytes, plus extra for a signature about to be made, fit in MAX_CACHE_BYTES.
 */
export function trim(states: Map<string, State>, keep: State | undefined, count: number, extra: number): void {
  let total = extra;
  for (const s of states.values()) total += bytesOf(s);
  for (const [key, s] of states) {
    if (states.size <= count && total <= MAX_CACHE_BYTES) break;
    if (s === keep) continue;
    total -= bytesOf(s);
    states.delete(key);
  }
}

/** Are two dimension signatures equal? */
export function sameDims(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
