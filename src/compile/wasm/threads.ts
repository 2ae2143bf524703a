/**
 * Worker threads for row-separable passes: one pool per process, sharing the arena's memory.
 * A job is (module, function, arguments) per worker, written into a control block in shared
 * memory; workers wait on it with Atomics.wait and the calling thread, having run its own
 * share, waits for them the same way, so `run` stays synchronous. Modules reach the workers
 * through a MessagePort that each worker drains (receiveMessageOnPort) before every job.
 *
 * Workers are unref'd (they never keep the process alive) and shut down when the last module
 * using them is released (Evaluator.dispose(), or the evaluator being garbage-collected).
 */
import { MessageChannel, MessagePort, Worker } from 'worker_threads';
import { Arena, Region } from './arena';

const MAX_ARGS = 512;
const HEADER = 4; // SEQ, DONE, ERR, spare
const PER_WORKER = 4; // module id (-1: quit), function id, argument count, active

const WORKER_SOURCE = String.raw`
const { workerData, receiveMessageOnPort } = require('worker_threads');
const { memory, ctrlOff, ctrlLen, argsOff, index, port, maxArgs } = workerData;
const ctrl = new Int32Array(memory.buffer, ctrlOff, ctrlLen);
const args = new Float64Array(memory.buffer, argsOff + index * maxArgs * 8, maxArgs);
const imports = { env: { memory }, math: { pow: Math.pow, sin: Math.sin, cos: Math.cos, tan: Math.tan, tanh: Math.tanh, expm1: Math.expm1 } };
const modules = new Map();
const base = ${HEADER} + index * ${PER_WORKER};
let seq = 0;
for (;;) {
  Atomics.wait(ctrl, 0, seq);
  seq = Atomics.load(ctrl, 0);
  for (let m; (m = receiveMessageOnPort(port)); ) {
    const msg = m.message;
    if (msg.module) modules.set(msg.id, new WebAssembly.Instance(msg.module, imports).exports);
    else modules.delete(msg.drop);
  }
  const mod = ctrl[base];
  if (mod === -1) break;
  if (ctrl[base + 3] !== 1) continue;
  try {
    const f = modules.get(mod)['f' + ctrl[base + 1]];
    const n = ctrl[base + 2];
    const a = new Array(n);
    for (let i = 0; i < n; i++) a[i] = args[i];
    f(...a);
  } catch (e) {
    Atomics.store(ctrl, 2, 1);
  }
  Atomics.add(ctrl, 1, 1);
  Atomics.notify(ctrl, 1);
}
port.close();
`;

export class ThreadPool {
  private readonly workers: { worker: Worker; port: MessagePort }[] = [];
  private readonly region: Region;
  private readonly ctrl: Int32Array;
  private readonly args: Float64Array;
  private readonly ids = new Map<object, number>();
  private nextId = 1;
  private seq = 0;
  private active = 0;
  closed = false;

  constructor(
    private readonly arena: Arena,
    readonly capacity: number,
  ) {
    const ctrlLen = HEADER + PER_WORKER * capacity;
    this.region = arena.alloc(ctrlLen * 4 + 64 + capacity * MAX_ARGS * 8);
    const buf = arena.memory.buffer;
    this.ctrl = new Int32Array(buf, this.region.offset, ctrlLen);
    const argsOff = this.region.offset + Math.ceil((ctrlLen * 4) / 64) * 64;
    this.args = new Float64Array(buf, argsOff, capacity * MAX_ARGS);
    for (let index = 0; index < capacity; index++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { memory: arena.memory, ctrlOff: this.region.offset, ctrlLen, argsOff, index, port: port2, maxArgs: MAX_ARGS },
        transferList: [port2],
      });
      worker.unref();
      port1.unref();
      this.workers.push({ worker, port: port1 });
    }
  }

  /** Make a module known to every worker (posted once; instantiated by each worker before its next job). */
  ensureModule(module: object): void {
    if (this.ids.has(module)) return;
    const id = this.nextId++;
    this.ids.set(module, id);
    for (const w of this.workers) w.port.postMessage({ id, module });
  }

  /** Start function `fn` of `module` on workers 0..jobs.length-1 with these arguments. */
  start(module: object, fn: number, jobs: number[][]): void {
    if (jobs.length > this.capacity) throw new Error(`internal: ${jobs.length} jobs for ${this.capacity} workers`);
    const id = this.ids.get(module)!;
    const c = this.ctrl;
    Atomics.store(c, 1, 0);
    Atomics.store(c, 2, 0);
    for (let w = 0; w < this.capacity; w++) {
      const base = HEADER + w * PER_WORKER;
      const job = jobs[w];
      c[base + 3] = job ? 1 : 0;
      if (!job) continue;
      if (job.length > MAX_ARGS) throw new Error(`internal: ${job.length} arguments (at most ${MAX_ARGS})`);
      c[base] = id;
      c[base + 1] = fn;
      c[base + 2] = job.length;
      this.args.set(job, w * MAX_ARGS);
    }
    this.active = jobs.length;
    Atomics.store(c, 0, ++this.seq);
    Atomics.notify(c, 0);
  }

  /** Block until the started job is done on every worker. */
  wait(): void {
    const c = this.ctrl;
    for (let spin = 0; spin < 20000 && Atomics.load(c, 1) < this.active; spin++);
    for (let d; (d = Atomics.load(c, 1)) < this.active;) Atomics.wait(c, 1, d, 1000);
    if (Atomics.load(c, 2) !== 0) throw new Error('a worker thread failed in a wasm kernel');
  }

  release(module: object): void {
    const id = this.ids.get(module);
    if (id === undefined) return;
    this.ids.delete(module);
    for (const w of this.workers) w.port.postMessage({ drop: id });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (let w = 0; w < this.capacity; w++) this.ctrl[HEADER + w * PER_WORKER] = -1;
    Atomics.store(this.ctrl, 0, ++this.seq);
    Atomics.notify(this.ctrl, 0);
    for (const w of this.workers) {
      w.port.close();
      void w.worker.terminate();
    }
    this.arena.release(this.region);
  }
}

let pool: ThreadPool | undefined;
let users = 0;

/** The process's pool with at least `workers` workers (a bigger one replaces a smaller one). */
export function getPool(arena: Arena, workers: number): ThreadPool {
  if (!pool || pool.closed || pool.capacity < workers) {
    pool?.close();
    pool = new ThreadPool(arena, workers);
  }
  return pool;
}

/** Count one more evaluator using the pool (until releasePool). */
export function acquirePool(): void {
  users++;
}

/** One evaluator fewer; the last one shuts the workers down. */
export function releasePool(module: object): void {
  pool?.release(module);
  if (--users <= 0) {
    users = 0;
    pool?.close();
    pool = undefined;
  }
}

/** Workers alive now (for tests). */
export function poolSize(): number {
  return pool && !pool.closed ? pool.capacity : 0;
}
