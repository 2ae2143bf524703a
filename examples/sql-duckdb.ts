// Logistic regression where the data lives in a database: matdiff writes the loss and its
// gradient as one aggregate query once, and each step of gradient descent runs that query with
// the current weights as parameters. Only n + 1 numbers leave the database per step.
import { DuckDBInstance } from '@duckdb/node-api';
import { derive } from '../src/derive';
import { emitSql } from '../src/sql';
import { parseProgram } from '../src';

const program = parseProgram(`
A : matrix(m, n)
x : vector(n)
b : vector(m)
-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))
`);

export async function main(log: (line: string) => void = console.log) {
  const n = 3;
  const f = program.result!;
  const x = program.scope.declaration('x')!.node;
  const query = emitSql(program.graph, f, new Map([[x, derive(program.graph, 'grad', f, x).node]]), { dims: { n } });

  // A table of 2000 labelled rows (columns a1 … a3 and b, as the query expects).
  const db = await DuckDBInstance.create(':memory:');
  const sql = await db.connect();
  await sql.run('CREATE TABLE data (a1 DOUBLE, a2 DOUBLE, a3 DOUBLE, b DOUBLE)');
  await sql.run(`INSERT INTO data SELECT a1, a2, a3, CASE WHEN 2*a1 - a2 + 0.5*a3 + 0.3*sin(i) > 0 THEN 1 ELSE 0 END
                 FROM (SELECT i, sin(i*1.1) AS a1, cos(i*0.7) AS a2, sin(i*0.3 + 1) AS a3 FROM range(2000) t(i))`);

  let w = [0, 0, 0];
  const losses: number[] = [];
  for (let step = 0; step < 30; step++) {
    const row = (await sql.runAndReadAll(query.sql, w)).getRows()[0].map(Number);
    const [loss, ...gradient] = row;
    losses.push(loss);
    if (step % 10 === 0) log(`step ${step}: loss ${loss.toFixed(6)}`);
    w = w.map((wi, i) => wi - 2.0 * gradient[i]);
  }
  log(`weights: ${w.map((v) => v.toFixed(3)).join(', ')}`);
  return { losses, weights: w };
}

if (require.main === module) void main();
