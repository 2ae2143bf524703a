/**
 * The compiled evaluator against the alternatives, on the logistic loss and its gradient
 * (value and gradient in one call), side by side in one run:
 *
 *   npx ts-node --transpile-only bench/evaluator.ts [--quick]
 *
 *   npx ts-node --transpile-only bench/evaluator.ts --crossover   (one thread against two, by size)
 *
 *   npx ts-node --transpile-only bench/evaluator.ts --hessian     (only the Hessian table)
 *
 *   npx ts-node --transpile-only bench/evaluator.ts --matdiff     (only matdiff's backends and the
 *   hand fused loop, no Hessian table: for comparing two versions of the evaluator quickly)
 *
 * Methods: 1. matdiff: the wasm backend with A resident (ev.input) on 2 and 1 threads, with A a
 * JS Float64Array unchanged between calls (compared, not copied) and changed before every call
 * (copied), and the js backend; 2. a hand-written fused, unrolled loop; 3. a plain two-pass
 * loop; 4. mathjs with its matrices; 5. TensorFlow.js valueAndGrad (cpu and wasm backends,
 * float32: the only dtype they differentiate); 6. NumPy (python3 subprocess). Each method's
 * gradient is checked against matdiff's. Also the machine's read bandwidth over 512 MiB (a JS
 * sum, a wasm f64x2 read on 1 and 2 threads, and a C read compiled with gcc -O3 -fopenmp, in the
 * same run), and for each method the GB/s of A read (m*n*8 bytes per call) and its fraction of
 * the best two-thread compiled read.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { compileProgram } from '../src/compile';
import { THREAD_CROSSOVER, wasmAvailable } from '../src/compile/evaluator';
import { handFused, readCeilingC, readCeilingWasm } from './hand-loops';

import { registerLogisticGradients } from './tfjs_gradients';

let gradientsRegistered = false;

// A full collection before each method, so that one method's garbage (mathjs makes gigabytes)
// is not collected during the next one's timing.
v8.setFlagsFromString('--expose-gc');
const collectGarbage: () => void = vm.runInNewContext('gc');

const QUICK = process.argv.includes('--quick');
const CROSSOVER = process.argv.includes('--crossover');
const HESSIAN_ONLY = process.argv.includes('--hessian');
const MATDIFF_ONLY = process.argv.includes('--matdiff');
const HESSIAN_SIZES: Array<[number, number]> = QUICK
  ? [[10000, 100]]
  : [
      [10000, 100],
      [100000, 100],
      [20000, 300],
    ];
const SIZES: Array<[number, number]> = QUICK
  ? [
      [10000, 100],
      [100000, 100],
    ]
  : [
      [10000, 100],
      [100000, 100],
      [1000000, 10],
      [2000, 2000],
    ];

const SEED = `A : matrix(m, n)
x : vector(n)
b : vector(m)
J = -1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))
J`;

interface Data {
  m: number;
  n: number;
  A: Float64Array;
  x: Float64Array;
  b: Float64Array;
}

interface Outcome {
  loss: number;
  g: ArrayLike<number>;
}

interface Method {
  name: string;
  /** Relative tolerance for the gradient check (float32 methods are looser). */
  tol: number;
  setup(d: Data): Promise<(() => Outcome | Promise<Outcome>) | string>; // a string: skipped, with the reason
  /** Time budget per size, to keep slow methods from taking minutes. */
  budgetMs?: number;
  /** Runs timed inside the method itself (NumPy). */
  external?: (d: Data) => { medianMs: number; out: Outcome } | string;
}

// ---------- data ----------

function makeData(m: number, n: number): Data {
  let s = 12345 + m + n;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296) * 2 - 1;
  const A = new Float64Array(m * n);
  for (let i = 0; i < A.length; i++) A[i] = rnd();
  const x = new Float64Array(n);
  for (let j = 0; j < n; j++) x[j] = rnd() * (2 / Math.sqrt(n));
  const b = new Float64Array(m);
  for (let i = 0; i < m; i++) b[i] = rnd() > 0 ? 1 : 0;
  return { m, n, A, x, b };
}

// ---------- 1. matdiff ----------

type Backendish = { backend: 'js' | 'wasm'; threads?: number };

/** matdiff with A as given: 'resident' (ev.input, filled once), 'plain' (a JS Float64Array, unchanged), 'changed' (a JS Float64Array whose bytes change before each call: copied every call). */
function matdiffMethod(name: string, o: Backendish, a: 'resident' | 'plain' | 'changed'): Method {
  return {
    name,
    tol: 1e-12,
    async setup(d) {
      if (o.backend === 'wasm' && !wasmAvailable()) return 'no WebAssembly SIMD / shared memory here';
      const ev = compileProgram(SEED, { wrt: 'x', ...o });
      let A = d.A;
      if (a === 'resident') {
        A = ev.input('A', { m: d.m, n: d.n });
        A.set(d.A);
      }
      const inputs = { A, x: d.x, b: d.b };
      const a0 = d.A[0];
      let flip = false;
      return () => {
        if (a === 'changed') {
          flip = !flip;
          d.A[0] = flip ? a0 + 2 ** -40 : a0; // the first bytes differ: a full copy
        }
        const r = ev.run(inputs);
        return { loss: r.value!.data[0], g: r.gradients.x.data };
      };
    },
  };
}

const matdiffJs = matdiffMethod('matdiff js', { backend: 'js' }, 'plain');
const matdiffW1 = matdiffMethod('matdiff wasm 1T res.', { backend: 'wasm', threads: 1 }, 'resident');
const matdiffW2 = matdiffMethod('matdiff wasm 2T res.', { backend: 'wasm', threads: 2 }, 'resident');
const matdiffW2plain = matdiffMethod('matdiff wasm 2T same A', { backend: 'wasm', threads: 2 }, 'plain');
const matdiffW2fresh = matdiffMethod('matdiff wasm 2T new A', { backend: 'wasm', threads: 2 }, 'changed');

// ---------- 2. hand-written fused loop ----------

const hand: Method = {
  name: 'hand fused loop',
  tol: 1e-10,
  async setup(d) {
    const g = new Float64Array(d.n);
    return () => ({ loss: handFused(d.A, d.x, d.b, d.m, d.n, g), g });
  },
};

// ---------- 3. plain two-pass loop ----------

function twoPass(A: Float64Array, x: Float64Array, b: Float64Array, m: number, n: number, z: Float64Array, g: Float64Array): number {
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += A[i * n + j] * x[j];
    z[i] = s;
  }
  let loss = 0;
  g.fill(0);
  for (let i = 0; i < m; i++) {
    const zi = z[i];
    const sig = zi >= 0 ? 1 / (1 + Math.exp(-zi)) : Math.exp(zi) / (1 + Math.exp(zi));
    const sp = Math.max(zi, 0) + Math.log1p(Math.exp(-Math.abs(zi)));
    loss += b[i] * (sp - zi) + (1 - b[i]) * sp;
    const r = sig - b[i];
    for (let j = 0; j < n; j++) g[j] += r * A[i * n + j];
  }
  for (let j = 0; j < n; j++) g[j] /= m;
  return loss / m;
}

const plain: Method = {
  name: 'plain two-pass loop',
  tol: 1e-10,
  async setup(d) {
    const z = new Float64Array(d.m);
    const g = new Float64Array(d.n);
    return () => ({ loss: twoPass(d.A, d.x, d.b, d.m, d.n, z, g), g });
  },
};

// ---------- 4. mathjs ----------

const mathjs: Method = {
  name: 'mathjs',
  tol: 1e-10,
  budgetMs: 8000,
  async setup(d) {
    const math = require('mathjs');
    const rows: number[][] = [];
    for (let i = 0; i < d.m; i++) rows.push(Array.from(d.A.subarray(i * d.n, (i + 1) * d.n)));
    const A = math.matrix(rows);
    const At = math.transpose(A);
    const x = math.matrix(Array.from(d.x));
    const b = math.matrix(Array.from(d.b));
    const m = d.m;
    return () => {
      const z = math.multiply(A, x);
      const s = math.map(z, (v: number) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))));
      const g = math.divide(math.multiply(At, math.subtract(s, b)), m);
      const sp = math.map(z, (v: number) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
      const loss = math.sum(math.subtract(sp, math.dotMultiply(b, z))) / m;
      return { loss, g: g.toArray() as number[] };
    };
  },
};

// ---------- 5. TensorFlow.js ----------

function tfMethod(backend: 'cpu' | 'wasm'): Method {
  return {
    name: `tfjs ${backend} (float32)`,
    tol: 2e-3,
    budgetMs: 8000,
    async setup(d) {
      const tf = require('@tensorflow/tfjs-core');
      require('@tensorflow/tfjs-backend-cpu');
      if (backend === 'wasm') {
        const wasm = require('@tensorflow/tfjs-backend-wasm');
        const dir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
        wasm.setWasmPaths(dir);
      }
      if (!gradientsRegistered) {
        registerLogisticGradients(tf);
        gradientsRegistered = true;
      }
      try {
        if (!(await tf.setBackend(backend))) return `backend ${backend} did not initialize`;
        await tf.ready();
      } catch (e) {
        return `backend ${backend}: ${(e as Error).message}`;
      }
      const A = tf.tensor2d(Float32Array.from(d.A), [d.m, d.n]);
      const b = tf.tensor2d(Float32Array.from(d.b), [d.m, 1]);
      const x = tf.tensor2d(Float32Array.from(d.x), [d.n, 1]);
      const loss = (xv: unknown) => {
        const z = tf.matMul(A, xv);
        // softplus(z) - b z, averaged: the same loss, stable in float32
        return tf.mean(tf.sub(tf.softplus(z), tf.mul(b, z)));
      };
      const vg = tf.valueAndGrad(loss);
      return () => {
        const { value, grad } = vg(x);
        const out = { loss: value.dataSync()[0], g: grad.dataSync() as Float32Array };
        value.dispose();
        grad.dispose();
        return out;
      };
    },
  };
}

// ---------- 6. NumPy ----------

function numpyRun(d: Data, reps: number, warmup: number): { medianMs: number; out: Outcome } | string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'matdiff-np-'));
  try {
    fs.writeFileSync(path.join(dir, 'A.f64'), Buffer.from(d.A.buffer, d.A.byteOffset, d.A.byteLength));
    fs.writeFileSync(path.join(dir, 'x.f64'), Buffer.from(d.x.buffer));
    fs.writeFileSync(path.join(dir, 'b.f64'), Buffer.from(d.b.buffer));
    const script = path.join(__dirname, 'numpy_logistic.py');
    const out = execFileSync('python3', [script, dir, String(d.m), String(d.n), String(reps), String(warmup)], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const r = JSON.parse(out);
    return { medianMs: r.median_ms, out: { loss: r.loss, g: r.g } };
  } catch (e) {
    const msg = String((e as { stderr?: string }).stderr || (e as Error).message);
    return /No module named|ENOENT|not found/.test(msg)
      ? `python3 with numpy is not available (${msg.split('\n').filter(Boolean).pop()})`
      : `failed: ${msg.slice(0, 200)}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const numpy: Method = {
  name: 'NumPy (python3)',
  tol: 1e-10,
  async setup() {
    return 'external';
  },
  external: (d) => numpyRun(d, QUICK ? 7 : 15, 3),
};

// ---------- timing ----------

async function timeIt(f: () => Outcome | Promise<Outcome>, budgetMs: number): Promise<{ medianMs: number; out: Outcome; reps: number }> {
  await f(); // warm-up (also JIT)
  const t0 = performance.now();
  let out = await f();
  const once = performance.now() - t0;
  const warm = Math.max(2, Math.min(20, Math.floor(budgetMs / 4 / Math.max(once, 0.01))));
  for (let k = 0; k < warm; k++) out = await f();
  const reps = Math.max(3, Math.min(QUICK ? 15 : 31, Math.floor(budgetMs / Math.max(once, 0.01))));
  const times: number[] = [];
  for (let k = 0; k < reps; k++) {
    const t = performance.now();
    out = await f();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], out, reps };
}

function bandwidthGBs(): number {
  const N = (512 * 1024 * 1024) / 8;
  const a = new Float64Array(N);
  for (let i = 0; i < N; i++) a[i] = i & 15;
  let best = Infinity;
  let sink = 0;
  for (let r = 0; r < (QUICK ? 3 : 6); r++) {
    const t = performance.now();
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    for (let i = 0; i < N; i += 4) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
    }
    best = Math.min(best, performance.now() - t);
    sink += s0 + s1 + s2 + s3;
  }
  if (sink < 0) console.log(sink);
  return (N * 8) / (best / 1e3) / 1e9;
}

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0,
    den = 0;
  for (let i = 0; i < b.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / Math.max(den, 1e-300);
}

const fmt = (v: number, w: number, p = 2) => (Number.isFinite(v) ? v.toFixed(p) : '-').padStart(w);

async function main() {
  console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} (${os.cpus().length} cores)${QUICK ? ', --quick' : ''}`);
  if (CROSSOVER) return crossover();
  if (HESSIAN_ONLY) return hessianTable();
  const jsCeiling = bandwidthGBs();
  const w1 = readCeilingWasm(1),
    w2 = readCeilingWasm(2);
  const c = readCeilingC();
  console.log(
    `read bandwidth over 512 MiB: JS sum ${jsCeiling.toFixed(2)} GB/s; wasm f64x2 1 thread ${w1.toFixed(2)}, 2 threads ${w2.toFixed(2)} GB/s; ${typeof c === 'string' ? `C: ${c}` : `C (gcc -O3) 1 thread ${c[0].toFixed(2)}, 2 threads ${c[1].toFixed(2)} GB/s`}`,
  );
  const ceiling = Math.max(w2, typeof c === 'string' ? 0 : c[1]);
  console.log(`ceiling used for "% ceiling": ${ceiling.toFixed(2)} GB/s (the best two-thread compiled read)\n`);
  const ours = [matdiffW2, matdiffW1, matdiffW2plain, matdiffW2fresh, matdiffJs, hand];
  const methods = MATDIFF_ONLY ? ours : [...ours, plain, mathjs, tfMethod('cpu'), tfMethod('wasm'), numpy];
  const summary: string[] = [];
  for (const [m, n] of SIZES) {
    const d = makeData(m, n);
    const bytes = m * n * 8;
    console.log(`(m, n) = (${m}, ${n}): A is ${(bytes / 1e6).toFixed(0)} MB`);
    console.log(
      `  ${'method'.padEnd(22)} ${'median ms'.padStart(10)} ${'GB/s of A'.padStart(10)} ${'% ceiling'.padStart(10)} ${'× matdiff time'.padStart(15)}  gradient check`,
    );
    const rows: [string, number][] = [];
    let ref: Outcome | undefined;
    let base = NaN;
    const times: Record<string, number> = {};
    for (const meth of methods) {
      let res: { medianMs: number; out: Outcome } | string;
      collectGarbage();
      if (meth.external) res = meth.external(d);
      else {
        const f = await meth.setup(d);
        res = typeof f === 'string' ? f : await timeIt(f, meth.budgetMs ?? (QUICK ? 1500 : 3000));
      }
      if (typeof res === 'string') {
        console.log(`  ${meth.name.padEnd(22)} skipped: ${res}`);
        continue;
      }
      if (!ref) {
        ref = { loss: res.out.loss, g: Float64Array.from(res.out.g) };
        base = res.medianMs;
      }
      const err = Math.max(relErr(res.out.g, ref.g), Math.abs(res.out.loss - ref.loss) / Math.abs(ref.loss));
      const check = err <= meth.tol ? `ok (rel. diff ${err.toExponential(1)})` : `MISMATCH (rel. diff ${err.toExponential(1)} > ${meth.tol})`;
      const gbs = bytes / (res.medianMs / 1e3) / 1e9;
      times[meth.name] = res.medianMs;
      rows.push([meth.name, res.medianMs]);
      console.log(
        `  ${meth.name.padEnd(22)} ${fmt(res.medianMs, 10, 3)} ${fmt(gbs, 10)} ${fmt((100 * gbs) / ceiling, 9, 1)}% ${fmt(res.medianMs / base, 15, 2)}  ${check}`,
      );
    }
    const t = (k: string) => times[k] ?? NaN;
    const np = t('NumPy (python3)');
    console.log(
      `  NumPy time / method time: ${rows
        .filter(([k]) => k.startsWith('matdiff'))
        .map(([k, v]) => `${k} ${(np / v).toFixed(2)}×`)
        .join(', ')}`,
    );
    const md = t('matdiff wasm 2T res.');
    const pct = (100 * (bytes / (md / 1e3) / 1e9)) / ceiling;
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    summary.push(
      `(${m}, ${n}): vs hand fused ${(t('hand fused loop') / md).toFixed(2)}× [${verdict(md <= t('hand fused loop') * 1.03)}], ` +
        `vs mathjs ${(t('mathjs') / md).toFixed(0)}× [${verdict(t('mathjs') / md >= 20)}], ` +
        `vs tfjs cpu ${(t('tfjs cpu (float32)') / md).toFixed(1)}× [${verdict(t('tfjs cpu (float32)') > md)}], ` +
        `vs tfjs wasm ${(t('tfjs wasm (float32)') / md).toFixed(1)}× [${verdict(t('tfjs wasm (float32)') > md)}], ` +
        `vs NumPy ${(np / md).toFixed(2)}× [${verdict((m === 100000 && n === 100) || (m === 1000000 && n === 10) ? np / md >= 2 : np >= md)}], ` +
        `${pct.toFixed(0)}% of the two-thread compiled read ceiling${m === 100000 && n === 100 ? ` [${verdict(pct >= 50)}]` : ''}`,
    );
    console.log('');
  }
  if (MATDIFF_ONLY) return;
  console.log('targets for matdiff wasm, 2 threads, A resident (ratios are other method time / its time; hand loop "met" within 3% noise):');
  for (const s of summary) console.log(`  ${s}`);
  console.log('');
  await hessianTable();
}

/**
 * The seed's Hessian (1/m) Aᵀ diag(σ′(Ax)) A, compiled (outputs: ['hessian'], A resident; and
 * hessian: true, which adds the value, the gradient and an HVP), against NumPy's
 * `A.T @ (d[:, None] * A)` with d given (the issue's yardstick) and NumPy's whole Hessian
 * (z, σ, d, then that expression). Each Hessian is checked against NumPy's.
 */
async function hessianTable() {
  console.log("Hessian of the seed, median ms (NumPy: 'expr' is A.T @ (d[:, None] * A) with d given; 'full' also computes d from A and x)");
  console.log(
    `  ${'(m, n)'.padEnd(14)} ${'wasm 2T'.padStart(9)} ${'wasm 1T'.padStart(9)} ${'2T +v,g,hvp'.padStart(12)} ${'js'.padStart(9)} ${'NumPy expr'.padStart(11)} ${'NumPy full'.padStart(11)}  NumPy expr / wasm 2T   check`,
  );
  for (const [m, n] of HESSIAN_SIZES) {
    const d = makeData(m, n);
    for (let j = 0; j < n; j++) d.x[j] *= 0.1;
    const v = Float64Array.from({ length: n }, (_, j) => Math.cos(j));
    collectGarbage();
    const np = numpyHessian(d, QUICK ? 7 : 15, 3);
    const run = async (o: object, all: boolean) => {
      collectGarbage();
      const ev = compileProgram(SEED, { wrt: 'x', ...(all ? { hessian: true } : { outputs: ['hessian'] }), ...o });
      const A = ev.input('A', { m, n });
      A.set(d.A);
      const inputs: Record<string, Float64Array> = all ? { A, x: d.x, b: d.b, 'v@x': v } : { A, x: d.x, b: d.b };
      const r = await timeIt(() => ({ loss: 0, g: ev.run(inputs).hessians!.x.data }), QUICK ? 1500 : 3000);
      const H = Float64Array.from(r.out.g);
      ev.dispose();
      return { ms: r.medianMs, H };
    };
    const w2 = await run({ backend: 'wasm', threads: 2 }, false);
    const w1 = await run({ backend: 'wasm', threads: 1 }, false);
    const w2all = await run({ backend: 'wasm', threads: 2 }, true);
    const js = await run({ backend: 'js' }, false);
    let check = 'NumPy skipped';
    let npExpr = NaN,
      npFull = NaN;
    if (typeof np !== 'string') {
      npExpr = np.exprMs;
      npFull = np.fullMs;
      const err = Math.max(...[w2, w1, w2all, js].map((r) => relErr(r.H, np.H)));
      check = err <= 1e-10 ? `ok (rel. diff ${err.toExponential(1)})` : `MISMATCH (rel. diff ${err.toExponential(1)})`;
    } else check = np;
    const ratio = npExpr / w2.ms;
    console.log(
      `  ${`${m}×${n}`.padEnd(14)} ${fmt(w2.ms, 9, 3)} ${fmt(w1.ms, 9, 3)} ${fmt(w2all.ms, 12, 3)} ${fmt(js.ms, 9, 3)} ${fmt(npExpr, 11, 3)} ${fmt(npFull, 11, 3)}  ${fmt(ratio, 8, 2)}× [${ratio >= 1 ? 'met' : 'MISSED'}]   ${check}`,
    );
  }
}

function numpyHessian(d: Data, reps: number, warmup: number): { exprMs: number; fullMs: number; H: number[] } | string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'matdiff-np-'));
  try {
    fs.writeFileSync(path.join(dir, 'A.f64'), Buffer.from(d.A.buffer, d.A.byteOffset, d.A.byteLength));
    fs.writeFileSync(path.join(dir, 'x.f64'), Buffer.from(d.x.buffer));
    fs.writeFileSync(path.join(dir, 'b.f64'), Buffer.from(d.b.buffer));
    const script = path.join(__dirname, 'numpy_logistic.py');
    const out = execFileSync('python3', [script, dir, String(d.m), String(d.n), String(reps), String(warmup), 'hessian'], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const r = JSON.parse(out);
    return { exprMs: r.median_ms, fullMs: r.full_ms, H: r.H };
  } catch (e) {
    return `NumPy: ${String((e as { stderr?: string }).stderr || (e as Error).message)
      .split('\n')
      .filter(Boolean)
      .pop()}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Seed value + gradient, A resident: one thread against two (split at any size), to place THREAD_CROSSOVER. */
async function crossover() {
  console.log(`thread crossover (median ms, A resident; THREAD_CROSSOVER = ${THREAD_CROSSOVER} rows×cols)`);
  for (const n of [10, 100, 1000])
    for (const m of [200, 500, 1000, 2000, 5000, 10000, 20000, 50000]) {
      if (m * n > 5e6) continue;
      const d = makeData(m, n);
      const ms: number[] = [];
      for (const threads of [1, 2]) {
        const ev = compileProgram(SEED, { wrt: 'x', threads, threadCrossover: 0 });
        const A = ev.input('A', { m, n });
        A.set(d.A);
        const r = await timeIt(() => {
          const o = ev.run({ A, x: d.x, b: d.b });
          return { loss: o.value!.data[0], g: o.gradients.x.data };
        }, 400);
        ms.push(r.medianMs);
        ev.dispose();
      }
      console.log(
        `  m = ${String(m).padStart(6)}, n = ${String(n).padStart(4)}, m·n = ${String(m * n).padStart(8)}: 1 thread ${ms[0].toFixed(4)}, 2 threads ${ms[1].toFixed(4)} -> ${ms[1] < ms[0] ? 'split wins' : 'one thread wins'} (${(ms[0] / ms[1]).toFixed(2)}×)`,
      );
    }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
