/**
 * Streaming evaluation: a loss and its gradient over a Parquet or CSV file read in batches much
 * smaller than the file, equal to the compiled evaluator on the whole data.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compileNodes } from '../../src/compile';
import { freeVars } from '../../src/core/graph';
import { MatdiffError } from '../../src/core/errors';
import { derive } from '../../src/derive';
import { makeRng, randomEnv } from '../../src/eval/random';
import { tensor } from '../../src/eval/tensor';
import { parseProgram } from '../../src/parse';
import { evaluateStream } from '../../src/stream';

const SEED = "A : matrix(m, n); x : vector(n); b : vector(m)\n-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))";
let dir = '';
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'matdiff-stream-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const rel = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1e-300, Math.abs(a[i]), Math.abs(b[i])));
  return worst;
};

describe('evaluateStream', () => {
  it.each(['parquet', 'csv'])('the seed over a %s file in batches equals the whole-data evaluator', async (format) => {
    const p = parseProgram(SEED);
    const f = p.result!;
    const x = freeVars(f).get('x')!;
    const G = derive(p.graph, 'grad', f, x).node;
    const m = 5000;
    const env = randomEnv(p.graph, [f, G], makeRng(4), {
      sizes: new Map([
        ['m', m],
        ['n', 3],
      ]),
    });
    const A = env.vars.get('A')!;
    const b = env.vars.get('b')!;
    const file = path.join(dir, `data.${format}`);
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    await db.run('CREATE TABLE t (a1 DOUBLE, a2 DOUBLE, a3 DOUBLE, b DOUBLE)');
    const app = await db.createAppender('t');
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < 3; j++) app.appendDouble(A.data[i * 3 + j]);
      app.appendDouble(b.data[i]);
      app.endRow();
    }
    app.closeSync();
    await db.run(`COPY t TO '${file}' (FORMAT ${format}${format === 'csv' ? ', HEADER' : ''})`);
    db.closeSync();

    const batches: number[] = [];
    const got = await evaluateStream(p.graph, [f, G], [x], {
      file,
      params: new Map([['x', env.vars.get('x')!]]),
      batchRows: 512,
      onProgress: (rows) => batches.push(rows),
    });
    expect(got.rows).toBe(m);
    expect(got.batches).toBe(Math.ceil(m / 512));
    expect(batches[batches.length - 1]).toBe(m);
    const ev = compileNodes(p.graph, [f, G], {});
    const want = ev.run(Object.fromEntries(env.vars), { dims: Object.fromEntries(env.dims), copy: true }).outputs;
    expect(rel(got.values[0].data, want[0].data)).toBeLessThan(1e-10);
    expect(rel(got.values[1].data, want[1].data)).toBeLessThan(1e-10);
  });

  it('a missing parameter, a bad entry and an unknown format are located data or usage errors', async () => {
    const p = parseProgram(SEED);
    const f = p.result!;
    const x = freeVars(f).get('x')!;
    await expect(evaluateStream(p.graph, [f], [x], { file: path.join(dir, 'data.parquet'), params: new Map() })).rejects.toThrow(
      /no value for the parameter x/,
    );
    await expect(evaluateStream(p.graph, [f], [x], { file: 'data.txt', params: new Map([['x', tensor(3, 1)]]) })).rejects.toThrow(MatdiffError);
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'a1,a2,a3,b\n1,2,3,1\n1,,3,0\n');
    const noColumn = path.join(dir, 'short.csv');
    fs.writeFileSync(noColumn, 'a1,a2,b\n1,2,1\n');
    await expect(evaluateStream(p.graph, [f], [x], { file: noColumn, params: new Map([['x', tensor(3, 1)]]) })).rejects.toThrow(/cannot read .*short\.csv/);
    await expect(evaluateStream(p.graph, [f], [x], { file: bad, params: new Map([['x', tensor(3, 1)]]) })).rejects.toThrow(
      /row 2 \(1-based\) of .*bad\.csv: column a2 is empty or not a number/,
    );
  });
});
