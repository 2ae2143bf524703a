/**
 * Node's `worker_threads`, for browser bundles (package.json's `browser` field maps it here).
 * The wasm backend starts workers only where SharedArrayBuffer memory exists; a page that has
 * it asks for none: the os shim beside this file reports a parallelism of 1. Should a caller ask
 * for threads anyway ({ threads: 4 }), the error says why.
 */
const unavailable = (): never => {
  throw new Error('matdiff: worker threads are Node-only; compile with { threads: 1 } in a browser');
};
export class Worker {
  constructor() {
    unavailable();
  }
}
export class MessageChannel {
  constructor() {
    unavailable();
  }
}
export class MessagePort {}
