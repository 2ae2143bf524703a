/**
 * The slice of the WebAssembly JavaScript API the compiler uses, typed here because the
 * project's lib (ES2022, no DOM) does not declare it. Read from globalThis, so a runtime
 * without WebAssembly is detected instead of throwing at load time.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}
export type WasmModule = object;
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
export interface WasmApi {
  Memory: new (d: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (m: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  validate(bytes: Uint8Array): boolean;
}
export const WA: WasmApi | undefined = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
