/** `matdiff eval --data FILE.parquet|.csv --params P.json`: streamed in batches, the same numbers as the JSON path. */
import { DuckDBInstance } from '@duckdb/node-api';
import { writeFileSync } from 'fs';
import { join } from 'path';
import { SEED, cli, scratch } from './helpers';

describe('eval over a table file', () => {
  it('gives the value and gradient of the whole file, equal to eval on the same data as JSON', async () => {
    const dir = scratch({ 'seed.matdiff': SEED, 'p.json': '{"x": [0.5, -0.25]}' });
    const c = await (await DuckDBInstance.create(':memory:')).connect();
    await c.run(`COPY (SELECT sin(i) a1, cos(i) a2, (sin(i*3) > 0)::DOUBLE b FROM range(3000) t(i)) TO '${join(dir, 'd.parquet')}' (FORMAT parquet)`);
    const rows = (await c.runAndReadAll('SELECT sin(i), cos(i), (sin(i*3) > 0)::DOUBLE FROM range(3000) t(i)')).getRows().map((r) => r.map(Number));
    c.closeSync();
    writeFileSync(join(dir, 'd.json'), JSON.stringify({ A: rows.map((r) => [r[0], r[1]]), b: rows.map((r) => r[2]), x: [0.5, -0.25] }));
    const streamed = await cli(['eval', 'seed.matdiff', '--data', 'd.parquet', '--params', 'p.json', '--wrt', 'x'], { cwd: dir });
    const whole = await cli(['eval', 'seed.matdiff', '--data', 'd.json', '--wrt', 'x'], { cwd: dir });
    expect(streamed.code).toBe(0);
    const [s, w] = [JSON.parse(streamed.stdout), JSON.parse(whole.stdout)];
    expect(s.value).toBeCloseTo(w.value, 12);
    s.gradient.x.forEach((g: number, i: number) => expect(g).toBeCloseTo(w.gradient.x[i], 12));
  });

  it('without --params says what it needs', async () => {
    const dir = scratch({ 'seed.matdiff': SEED });
    const r = await cli(['eval', 'seed.matdiff', '--data', 'd.csv', '--wrt', 'x'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--params FILE\.json/);
  });
});
