/**
 * The SQL target on a real PostgreSQL server (scripts/postgres-server.sh starts a throwaway one;
 * .ci/run installs Debian's postgresql when it is missing): the PostgreSQL dialect's value and
 * gradient equal the JS evaluator's on random tables, through psql with PREPARE/EXECUTE.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { LOSSES, SqlCase, expectedRow, paramValues, relDiff, rowValues, sqlCase } from './helpers';

const SCRIPT = path.join(__dirname, '../../scripts/postgres-server.sh');
let socketDir = '';
let port = '';

beforeAll(() => {
  socketDir = process.env.MATDIFF_PG_DIR ?? '/tmp/matdiff-pg';
  try {
    port = execFileSync('bash', [SCRIPT], { encoding: 'utf8', env: { ...process.env, MATDIFF_PG_DIR: socketDir } }).trim();
  } catch (e) {
    throw new Error(
      `no PostgreSQL server for the SQL tests: install it (apt-get install -y postgresql) or run bash scripts/postgres-server.sh --install\n${String(e)}`,
      { cause: e },
    );
  }
}, 60_000);

const literal = (v: number) => (Number.isFinite(v) ? v.toPrecision(17) : 'NULL');

/** The table, the prepared query and its execution, as one psql script; the output row as numbers. */
function run(c: SqlCase): number[] {
  const types = c.query.params.map(() => 'double precision').join(', ');
  const rows = Array.from({ length: c.rows }, (_, i) => `(${rowValues(c, i).map(literal).join(', ')})`);
  const script = [
    'DROP TABLE IF EXISTS data;',
    `CREATE TEMP TABLE data (${c.query.columns.map((k) => `${k.name} double precision`).join(', ')});`,
    `INSERT INTO data VALUES ${rows.join(',\n')};`,
    `PREPARE loss${types ? `(${types})` : ''} AS ${c.query.sql};`,
    `EXECUTE loss${types ? `(${paramValues(c).map(literal).join(', ')})` : ''};`,
  ].join('\n');
  const out = execFileSync('psql', ['-h', socketDir, '-p', port, '-U', 'postgres', '-d', 'postgres', '-X', '-q', '-At', '-F', ',', '-v', 'ON_ERROR_STOP=1'], {
    input: script,
    encoding: 'utf8',
  });
  const last = out.trim().split('\n').pop()!;
  return last.split(',').map(Number);
}

describe('the SQL target on PostgreSQL', () => {
  it.each(LOSSES)('%s: value and gradient equal the JS evaluator within 1e-10', (_label, source, wrt) => {
    const c = sqlCase(source, wrt, 300, 'postgres');
    const got = run(c);
    expect(got).toHaveLength(c.query.outputs.length);
    expect(relDiff(got, expectedRow(c))).toBeLessThan(1e-10);
  });

  it('the seed stays finite and right where |Ax| is about 1000', () => {
    const c = sqlCase(LOSSES[0][1], ['x'], 50, 'postgres', 300);
    const got = run(c);
    expect(got.every(Number.isFinite)).toBe(true);
    expect(relDiff(got, expectedRow(c))).toBeLessThan(1e-10);
  });
});
