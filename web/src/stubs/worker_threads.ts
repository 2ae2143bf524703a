/**
 * Browser stand-in for Node's `worker_threads`, used by the playground build only for imports
 * from src/compile/wasm/threads.ts. The wasm backend's thread pool is never started in the
 * browser (the os stub says one thread, and 'auto' does not choose wasm there); if it were,
 * this says why it cannot run instead of failing obscurely.
 */
const unavailable = (what: string): never => {
  throw new Error(`${what}: worker_threads is not available in the browser`);
};
export class Worker {
  constructor() {
    unavailable('Worker');
  }
}
export class MessageChannel {
  constructor() {
    unavailable('MessageChannel');
  }
}
export class MessagePort {}
export const receiveMessageOnPort = (): undefined => undefined;
export const workerData = undefined;
