/** Shared set-up for the SQL target's tests: a program, its gradients, data, and the query. */
import { Node, freeVars } from '../../src/core/graph';
import { derive } from '../../src/derive';
import { compileNodes } from '../../src/compile';
import { makeRng, randomEnv } from '../../src/eval/random';
import { Env, Tensor } from '../../src/eval/tensor';
import { parseProgram } from '../../src/parse';
import { Dialect, SqlQuery, emitSql } from '../../src/sql';

export interface SqlCase {
  readonly query: SqlQuery;
  readonly env: Env;
  readonly rows: number;
  /** The JS evaluator's values (stable forms): the loss, then each gradient. */
  readonly expected: Tensor[];
  readonly wrt: readonly Node[];
}

export const LOSSES: ReadonlyArray<[string, string, readonly string[]]> = [
  ['the seed', "A : matrix(m, n); x : vector(n); b : vector(m)\n-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))", ['x']],
  ['least squares with a ridge', "A : matrix(m, n); x : vector(n); b : vector(m); lambda : scalar\nnorm2(A*x - b)^2 + lambda * x' * x", ['x', 'lambda']],
  ['Poisson regression', "A : matrix(m, n); x : vector(n); b : vector(m)\nsum(exp(A*x)) - b' * A * x", ['x']],
  ['a softplus hinge', 'A : matrix(m, n); x : vector(n); b : vector(m)\nsum(softplus(1 - b .* (A*x))) / m', ['x']],
  ['multi-output least squares', "X : matrix(m, n); W : matrix(k, n); Y : matrix(m, k)\nsum((X*W' - Y) .^ 2) / m", ['W']],
];

/** The query for `source` wrt `wrt`, on random data of `rows` rows (n = 4, k = 3). */
export function sqlCase(source: string, wrt: readonly string[], rows: number, dialect: Dialect = 'duckdb', scale = 1): SqlCase {
  const p = parseProgram(source);
  const f = p.result!;
  const vars = wrt.map((w) => freeVars(f).get(w)!);
  const gradients = new Map(vars.map((v) => [v, derive(p.graph, 'grad', f, v).node]));
  const query = emitSql(p.graph, f, gradients, { dialect, dims: { n: 4, k: 3 } });
  const env = randomEnv(p.graph, [f, ...gradients.values()], makeRng(rows), {
    sizes: new Map([
      ['m', rows],
      ['n', 4],
      ['k', 3],
    ]),
  });
  if (scale !== 1) for (const t of env.vars.values()) for (let i = 0; i < t.data.length; i++) t.data[i] *= scale;
  const ev = compileNodes(p.graph, { value: f, gradients: Object.fromEntries(vars.map((v) => [v.name!, gradients.get(v)!])) }, { backend: 'js' });
  const got = ev.run(Object.fromEntries(env.vars), { dims: Object.fromEntries(env.dims), copy: true });
  const expected = [got.value!, ...vars.map((v) => got.gradients[v.name!]!)];
  return { query, env, rows, expected, wrt: vars };
}

/** The bound parameters' values, in order. */
export const paramValues = (c: SqlCase): number[] =>
  c.query.params.map((p) => {
    const t = c.env.vars.get(p.variable)!;
    return t.data[p.row * t.cols + p.col];
  });

/** Row i of the table, in the query's column order. */
export const rowValues = (c: SqlCase, i: number): number[] =>
  c.query.columns.map((col) => {
    const t = c.env.vars.get(col.variable)!;
    return t.data[i * t.cols + col.col];
  });

/** The query's output row as the reference's tensors would list them: value, then gradient entries. */
export function expectedRow(c: SqlCase): number[] {
  const out = [c.expected[0].data[0]];
  c.query.outputs.slice(1).forEach((o) => {
    if (o.of.kind !== 'gradient') return;
    const { variable, row, col } = o.of;
    const k = c.wrt.findIndex((v) => v.name === variable);
    const t = c.expected[k + 1];
    out.push(t.data[row * t.cols + col]);
  });
  return out;
}

/** Largest relative difference between two rows of numbers, scaled by the larger magnitude. */
export function relDiff(a: readonly number[], b: readonly number[]): number {
  let worst = 0;
  a.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b[i]) / Math.max(1e-300, Math.abs(v), Math.abs(b[i])))));
  return worst;
}
