/**
 * The seed's loss and gradient over a Parquet file of ROWS × 20 (default 10⁷), four ways, each
 * in its own process so that each reports its own peak memory (VmHWM):
 *   memory   the compiled evaluator on the whole table, loaded into memory first
 *   stream   matdiff's streaming evaluation (src/stream), batches of 65,536 rows
 *   emitted  the SQL target's query, run by DuckDB on the file
 *   hand     a hand-written DuckDB aggregate query for the same loss and gradient
 * Prints rows per second, peak RSS, the ratio emitted/hand, and each path's largest relative
 * difference from `memory`.
 *
 *   npx ts-node --transpile-only bench/scale.ts [ROWS]
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DuckDBInstance } from '@duckdb/node-api';
import { compileNodes } from '../src/compile';
import { freeVars } from '../src/core/graph';
import { derive } from '../src/derive';
import { tensor } from '../src/eval/tensor';
import { parseProgram } from '../src/parse';
import { emitSql } from '../src/sql';
import { evaluateStream } from '../src/stream';

const N = 20;
const SEED = "A : matrix(m, n); x : vector(n); b : vector(m)\n-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))";
const X = Array.from({ length: N }, (_, j) => Math.sin(j + 1) / 4);
const cols = Array.from({ length: N }, (_, j) => `a${j + 1}`);

const peakMiB = () => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;

function program() {
  const p = parseProgram(SEED);
  const f = p.result!;
  const x = freeVars(f).get('x')!;
  return { p, f, x, G: derive(p.graph, 'grad', f, x).node };
}

async function makeFile(file: string, rows: number) {
  const c = await (await DuckDBInstance.create(':memory:')).connect();
  const a = cols.map((name, j) => `sin(i * ${0.37 + j * 0.011} + ${j}) AS ${name}`).join(', ');
  const score = cols.map((name, j) => `${X[j]} * ${name}`).join(' + ');
  await c.run(
    `COPY (SELECT *, CASE WHEN ${score} + 0.3 * sin(i * 1.7) > 0 THEN 1.0 ELSE 0.0 END AS b FROM (SELECT ${a}, i FROM range(${rows}) t(i))) TO '${file}' (FORMAT parquet)`,
  );
  c.closeSync();
}

async function run(mode: string, file: string): Promise<{ seconds: number; out: number[] }> {
  const { p, f, x, G } = program();
  const t0 = performance.now();
  let out: number[];
  if (mode === 'memory') {
    const c = await (await DuckDBInstance.create(':memory:')).connect();
    const reader = await c.runAndReadAll(`SELECT ${cols.join(', ')}, b FROM read_parquet('${file}')`);
    const rows = reader.currentRowCount;
    const A = new Float64Array(rows * N);
    const b = new Float64Array(rows);
    const columns = reader.getColumns() as number[][];
    for (let j = 0; j < N; j++) for (let i = 0; i < rows; i++) A[i * N + j] = columns[j][i];
    for (let i = 0; i < rows; i++) b[i] = columns[N][i];
    const loaded = performance.now();
    const ev = compileNodes(p.graph, { value: f, gradients: { x: G } }, {});
    ev.run({ A, b, x: X }, { dims: { m: rows, n: N } }); // warm-up
    const t1 = performance.now();
    const r = ev.run({ A, b, x: X }, { dims: { m: rows, n: N } });
    const seconds = (performance.now() - t1) / 1000;
    console.error(`memory: loading took ${((loaded - t0) / 1000).toFixed(1)} s`);
    return { seconds, out: [r.value!.data[0], ...r.gradients.x!.data] };
  }
  if (mode === 'stream') {
    const r = await evaluateStream(p.graph, [f, G], [x], { file, params: new Map([['x', tensor(N, 1, Float64Array.from(X))]]) });
    out = [r.values[0].data[0], ...r.values[1].data];
  } else {
    const c = await (await DuckDBInstance.create(':memory:')).connect();
    await c.run(`CREATE VIEW data AS SELECT * FROM read_parquet('${file}')`);
    if (mode === 'emitted') {
      const q = emitSql(p.graph, f, new Map([[x, G]]), { dims: { n: N } });
      out = (await c.runAndReadAll(q.sql, X)).getRows()[0].map(Number);
    } else {
      // By hand: z = aᵢᵀx, the loss by softplus, the gradient Σ aᵢ(σ(z) − bᵢ)/m.
      const z = cols.map((name, j) => `${name} * ${X[j]}`).join(' + ');
      const sp = (e: string) => `(GREATEST(${e}, 0) + LN(1 + EXP(-ABS(${e}))))`;
      const sig = `(CASE WHEN z >= 0 THEN 1 / (1 + EXP(-z)) ELSE EXP(z) / (1 + EXP(z)) END)`;
      const sql = `SELECT AVG(b * ${sp('-z')} + (1 - b) * ${sp('z')}), ${cols.map((name) => `AVG(${name} * (${sig} - b))`).join(', ')} FROM (SELECT *, ${z} AS z FROM data)`;
      out = (await c.runAndReadAll(sql)).getRows()[0].map(Number);
    }
    c.closeSync();
  }
  return { seconds: (performance.now() - t0) / 1000, out };
}

async function main() {
  const [mode, file] = process.argv.slice(2);
  if (mode && file) {
    const r = await run(mode, file);
    console.log(JSON.stringify({ ...r, peak: peakMiB() }));
    return;
  }
  const rows = Number(process.argv[2] ?? 1e7);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'matdiff-scale-'));
  const parquet = path.join(dir, 'data.parquet');
  console.log(`writing ${rows.toLocaleString('en')} × ${N} to ${parquet} …`);
  await makeFile(parquet, rows);
  console.log(`file: ${(fs.statSync(parquet).size / 2 ** 20).toFixed(0)} MiB`);
  const results: Record<string, { seconds: number; out: number[]; peak: number }> = {};
  for (const m of ['memory', 'stream', 'emitted', 'hand']) {
    const text = execFileSync(process.execPath, [...process.execArgv, __filename, m, parquet], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    results[m] = JSON.parse(text.trim().split('\n').pop()!);
  }
  const ref = results.memory.out;
  const rel = (o: number[]) => Math.max(...o.map((v, i) => Math.abs(v - ref[i]) / Math.max(Math.abs(v), Math.abs(ref[i]), 1e-300)));
  console.log('\npath      seconds   rows/s        peak RSS   max rel diff vs memory');
  for (const [m, r] of Object.entries(results))
    console.log(
      `${m.padEnd(9)} ${r.seconds.toFixed(3).padStart(7)}   ${(rows / r.seconds).toExponential(2).padStart(9)}   ${r.peak.toFixed(0).padStart(6)} MiB   ${rel(r.out).toExponential(1)}`,
    );
  console.log(`\nemitted / hand-written DuckDB query: ${(results.emitted.seconds / results.hand.seconds).toFixed(2)}×`);
  console.log('(memory: evaluation only, the table already loaded; the others include reading the file)');
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
