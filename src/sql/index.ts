/**
 * The SQL target: value and gradients of a row-separable loss as one aggregate query over a
 * table whose rows are the data's rows (see docs/sql.md for the column mapping). The loss is put
 * in stable form (src/compile/stable.ts), split into per-row sums and a merge (src/separable),
 * and every entry of every per-row term is written as a scalar SQL expression:
 *
 *   SELECT <merge> FROM (SELECT SUM(<term>) AS s0_1, …, COUNT(*) AS n_rows
 *                        FROM (SELECT *, <shared per-row values> FROM (… data, params …)))
 *
 * Per-row values used more than once (Aᵢx, σ(Aᵢx)) are computed once, in a nested SELECT per
 * level, so the engine never re-evaluates a dot product per gradient entry. The non-row inputs
 * (x, λ, W) are bound parameters $1, $2, … in the order `params` lists; dimension sizes other
 * than the rows are fixed when the query is written (the table has that many columns).
 */
import { Dim, dimFactors } from '../core/dims';
import { MatdiffError, UnsupportedError } from '../core/errors';
import { Graph, Node, topoOrder } from '../core/graph';
import { stabilize } from '../compile/stable';
import { RowSplit, splitRows } from '../separable';

export type Dialect = 'duckdb' | 'postgres';
export const DIALECTS: readonly Dialect[] = ['duckdb', 'postgres'];

export interface SqlOptions {
  readonly dialect?: Dialect;
  /** The table (default "data"). */
  readonly table?: string;
  /** Sizes of every dimension but the rows (the table's width). */
  readonly dims: Readonly<Record<string, number>>;
  /** The row dimension (default: found by splitRows). */
  readonly rows?: string;
}

/** One output column of the query and what it is. */
export interface SqlColumn {
  readonly name: string;
  /** 'value', or the gradient's variable and the entry (0-based row, column). */
  readonly of: { readonly kind: 'value' } | { readonly kind: 'gradient'; readonly variable: string; readonly row: number; readonly col: number };
}

export interface SqlQuery {
  readonly sql: string;
  /** The bound parameters in order: variable name and 0-based entry. */
  readonly params: readonly { readonly name: string; readonly variable: string; readonly row: number; readonly col: number }[];
  /** The data columns the table must have, and what each holds. */
  readonly columns: readonly { readonly name: string; readonly variable: string; readonly col: number }[];
  readonly outputs: readonly SqlColumn[];
}

/** An entry grid of SQL expressions. */
type Grid = string[][];

const grid = (r: number, c: number, f: (i: number, j: number) => string): Grid =>
  Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => f(i, j)));

function sizeOf(d: Dim, dims: Readonly<Record<string, number>>, rows: Dim): number {
  const [k, symbols] = dimFactors(d);
  return symbols.reduce((n, s) => {
    if (s === rows) throw new UnsupportedError('a per-row term has the rows as a dimension', undefined, 'this is a bug in the row split');
    const v = dims[s];
    if (v === undefined) throw new MatdiffError('usage', `the SQL target needs the size of ${s}`, undefined, `give it, e.g. --dims ${s}=20`);
    return n * v;
  }, k);
}

const num = (v: number) => {
  if (!Number.isFinite(v)) throw new UnsupportedError(`the constant ${v} has no SQL literal`, undefined, 'keep constants finite');
  const s = String(v);
  return `CAST(${/[.e]/.test(s) ? s : `${s}.0`} AS DOUBLE PRECISION)`;
};

/**
 * Scalar functions, written so that nothing overflows (σ for either sign, softplus as
 * max(z, 0) + log(1 + exp(−|z|))). PostgreSQL raises an error where exp underflows, so there
 * exp of anything below −745 is 0, as it is in IEEE arithmetic.
 */
function functions(dialect: Dialect): Record<string, (a: string) => string> {
  const exp = dialect === 'postgres' ? (a: string) => `(CASE WHEN ${a} < -745.0 THEN 0.0 ELSE EXP(${a}) END)` : (a: string) => `EXP(${a})`;
  return {
    exp,
    log: (a) => `LN(${a})`,
    sqrt: (a) => `SQRT(${a})`,
    sin: (a) => `SIN(${a})`,
    cos: (a) => `COS(${a})`,
    tan: (a) => `TAN(${a})`,
    tanh: (a) => `TANH(${a})`,
    abs: (a) => `ABS(${a})`,
    sign: (a) => `SIGN(${a})`,
    // SQL engines have no log1p or expm1: these lose the relative precision near 0 that the evaluator keeps.
    log1p: (a) => `LN(1.0 + ${a})`,
    expm1: (a) => `(${exp(a)} - 1.0)`,
    relu: (a) => `GREATEST(${a}, 0.0)`,
    sigmoid: (a) => `(CASE WHEN ${a} >= 0 THEN 1.0 / (1.0 + ${exp(`-(${a})`)}) ELSE ${exp(a)} / (1.0 + ${exp(a)}) END)`,
    softplus: (a) => `(GREATEST(${a}, 0.0) + LN(1.0 + ${exp(`-ABS(${a})`)}))`,
  };
}

/** Writes nodes as grids, in one of two scopes: per row (data columns) or merged (sums and COUNT). */
class Writer {
  private readonly memo = new Map<Node, Grid>();
  constructor(
    private readonly leaf: (n: Node) => Grid | undefined,
    private readonly size: (d: Dim) => number,
    private readonly fns: Record<string, (a: string) => string>,
  ) {}

  write(n: Node): Grid {
    const hit = this.memo.get(n) ?? this.leaf(n);
    if (hit) return hit;
    const g = this.build(n);
    this.memo.set(n, g);
    return g;
  }

  /** Bind a node to precomputed column names (a shared per-row value). */
  bind(n: Node, g: Grid): void {
    this.memo.set(n, g);
  }

  private build(n: Node): Grid {
    const r = this.size(n.shape.rows);
    const c = this.size(n.shape.cols);
    const a = n.args.map((x) => this.write(x));
    const at = (x: Grid, i: number, j: number) => (x.length === 1 && x[0].length === 1 ? x[0][0] : x[i][j]); // scalars broadcast
    switch (n.op) {
      case 'const':
        return [[num(n.value!.valueOf())]];
      case 'zeros':
        return grid(r, c, () => '0.0');
      case 'ones':
        return grid(r, c, () => '1.0');
      case 'eye':
        return grid(r, c, (i, j) => (i === j ? '1.0' : '0.0'));
      case 'add':
        return grid(r, c, (i, j) => `(${a.map((x) => at(x, i, j)).join(' + ')})`);
      case 'mul':
      case 'hadamard':
        return grid(r, c, (i, j) => `(${a.map((x) => at(x, i, j)).join(' * ')})`);
      case 'pow':
      case 'epow': {
        // Small constant exponents as the evaluator writes them: a product, a reciprocal, a root.
        const k = n.args[1].op === 'const' ? n.args[1].value!.valueOf() : undefined;
        const power = (b: string, e: string) =>
          k === 2 ? `(${b} * ${b})` : k === -1 ? `(1.0 / ${b})` : k === 0.5 ? `SQRT(${b})` : k === -2 ? `(1.0 / (${b} * ${b}))` : `POWER(${b}, ${e})`;
        return grid(r, c, (i, j) => power(at(a[0], i, j), at(a[1], i, j)));
      }
      case 'transpose':
        return grid(r, c, (i, j) => a[0][j][i]);
      case 'matmul':
        return a.slice(1).reduce((acc, x) => grid(acc.length, x[0].length, (i, j) => `(${acc[i].map((v, k) => `${v} * ${x[k][j]}`).join(' + ')})`), a[0]);
      case 'sum':
        return [[`(${a[0].flat().join(' + ')})`]];
      case 'norm1':
        return [
          [
            `(${a[0]
              .flat()
              .map((v) => `ABS(${v})`)
              .join(' + ')})`,
          ],
        ];
      case 'norm2':
        return [
          [
            `SQRT(${a[0]
              .flat()
              .map((v) => `${v} * ${v}`)
              .join(' + ')})`,
          ],
        ];
      case 'tr':
        return [[`(${a[0].map((row, i) => row[i]).join(' + ')})`]];
      case 'diagm':
        return grid(r, c, (i, j) => (i === j ? a[0][i][0] : '0.0'));
      case 'diagv':
        return grid(r, 1, (i) => a[0][i][i]);
      case 'max':
      case 'min':
        return grid(r, c, (i, j) => `${n.op === 'max' ? 'GREATEST' : 'LEAST'}(${at(a[0], i, j)}, ${at(a[1], i, j)})`);
      default: {
        const f = this.fns[n.op];
        if (f) return grid(r, c, (i, j) => f(a[0][i][j]));
        throw new UnsupportedError(
          `the SQL target does not write ${n.op}`,
          undefined,
          'compute the aggregates in SQL and the rest in the evaluator, or rewrite without it',
        );
      }
    }
  }
}

const ident = (s: string) => s.toLowerCase().replace(/[^a-z0-9_]/g, '_');

/** The table columns a data variable is read from: a matrix A's a1 … an, a vector b's b (docs/scale.md). */
export function dataColumns(v: Node, width: number): string[] {
  const base = ident(v.name!);
  return width === 1 && v.shape.cols === 1 ? [base] : Array.from({ length: width }, (_, j) => `${base}${j + 1}`);
}

/**
 * The query for the value and gradients of `f` (a scalar) wrt `wrt`: `gradients` are the
 * gradients to return, already derived (and verified) by the caller.
 */
export function emitSql(g: Graph, f: Node, gradients: ReadonlyMap<Node, Node>, opts: SqlOptions): SqlQuery {
  const dialect = opts.dialect ?? 'duckdb';
  if (!DIALECTS.includes(dialect)) throw new MatdiffError('usage', `unknown SQL dialect ${dialect}`, undefined, `one of ${DIALECTS.join(', ')}`);
  const table = opts.table ?? 'data';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table))
    throw new MatdiffError('usage', `the table name ${table} is not a plain SQL identifier`, undefined, 'use letters, digits and _');
  const roots = stabilize(g, [f, ...gradients.values()]);
  const split = splitRows(g, roots, { rows: opts.rows, params: [...gradients.keys()] });
  const size = (d: Dim) => sizeOf(d, opts.dims, split.rows);

  // Data columns: a matrix A's columns a1 … an, a vector b's entries b.
  const columns: { name: string; variable: string; col: number }[] = [];
  const rowLeaves = new Map<Node, Grid>();
  for (const [v, r] of [...split.rowOf].sort((a, b) => a[0].id - b[0].id)) {
    const width = size(r.shape.cols);
    const names = dataColumns(v, width);
    names.forEach((name, j) => columns.push({ name, variable: v.name!, col: j }));
    rowLeaves.set(r, [names]);
  }
  const taken = new Set<string>();
  for (const c of columns) {
    if (taken.has(c.name))
      throw new MatdiffError(
        'usage',
        `two data variables map to the column ${c.name}`,
        undefined,
        'rename one of them (column names are the lowercased variable names)',
      );
    taken.add(c.name);
  }

  // Parameters: every other variable, entry by entry (row-major), as $1, $2, …
  const params: { name: string; variable: string; row: number; col: number }[] = [];
  const paramLeaves = new Map<Node, Grid>();
  for (const v of topoOrder(roots)
    .filter((n) => n.op === 'var' && !split.rowOf.has(n))
    .sort((a, b) => a.id - b.id)) {
    const [r, c] = [size(v.shape.rows), size(v.shape.cols)];
    paramLeaves.set(
      v,
      grid(r, c, (i, j) => {
        const name = r * c === 1 ? `p_${ident(v.name!)}` : c === 1 ? `p_${ident(v.name!)}_${i + 1}` : `p_${ident(v.name!)}_${i + 1}_${j + 1}`;
        params.push({ name, variable: v.name!, row: i, col: j });
        return name;
      }),
    );
  }
  const rowCount = `(SELECT COUNT(*) FROM ${table})`;
  const dimLeaf = (n: Node, rows: string): Grid | undefined => {
    if (n.op !== 'dim') return undefined;
    return n.name === split.rows ? [[`CAST(${rows} AS DOUBLE PRECISION)`]] : [[num(size(n.name!))]];
  };

  // Per-row terms: shared values become columns, one nested SELECT per level.
  const fns = functions(dialect);
  const perRow = new Writer((n) => rowLeaves.get(n) ?? paramLeaves.get(n) ?? dimLeaf(n, rowCount), size, fns);
  const levels = sharedLevels(split, size);
  let from = `(SELECT * FROM ${table}, params) AS q0`;
  levels.forEach((nodes, k) => {
    const cols: string[] = [];
    for (const n of nodes) {
      const entries = perRow.write(n);
      const names = entries.map((row, i) => row.map((_, j) => `t${n.id}_${i}_${j}`));
      entries.forEach((row, i) => row.forEach((e, j) => cols.push(`${e} AS ${names[i][j]}`)));
      perRow.bind(n, names);
    }
    from = `(SELECT *, ${cols.join(', ')} FROM ${from}) AS q${k + 1}`;
  });
  const sums: string[] = [];
  const aggregateLeaves = new Map<Node, Grid>();
  split.aggregates.forEach((a, k) => {
    const entries = perRow.write(a.perRow);
    aggregateLeaves.set(
      a.placeholder,
      entries.map((row, i) =>
        row.map((e, j) => {
          sums.push(`SUM(${e}) AS s${k}_${i}_${j}`);
          return `s${k}_${i}_${j}`;
        }),
      ),
    );
  });
  sums.push('COUNT(*) AS n_rows');

  // The merge, over the sums and the parameters.
  const merged = new Writer((n) => aggregateLeaves.get(n) ?? paramLeaves.get(n) ?? dimLeaf(n, 'n_rows'), size, fns);
  const outputs: SqlColumn[] = [];
  const selects: string[] = [];
  const [value, ...grads] = split.merged;
  selects.push(`${merged.write(value)[0][0]} AS value`);
  outputs.push({ name: 'value', of: { kind: 'value' } });
  [...gradients.keys()].forEach((v, k) => {
    merged.write(grads[k]).forEach((row, i) =>
      row.forEach((e, j) => {
        const name = row.length === 1 ? `grad_${ident(v.name!)}_${i + 1}` : `grad_${ident(v.name!)}_${i + 1}_${j + 1}`;
        selects.push(`${e} AS ${name}`);
        outputs.push({ name, of: { kind: 'gradient', variable: v.name!, row: i, col: j } });
      }),
    );
  });
  const cast = (i: number) => (dialect === 'postgres' ? `CAST($${i + 1} AS DOUBLE PRECISION)` : `CAST($${i + 1} AS DOUBLE)`);
  const paramsCte = params.length ? `SELECT ${params.map((p, i) => `${cast(i)} AS ${p.name}`).join(', ')}` : 'SELECT 1 AS no_params';
  const sql = [`WITH params AS (${paramsCte}),`, `sums AS (SELECT ${sums.join(', ')} FROM ${from})`, `SELECT ${selects.join(', ')}`, 'FROM sums, params'].join(
    '\n',
  );
  return { sql, params, columns, outputs };
}

/**
 * The per-row nodes worth computing once, by level (a node's level is one more than its
 * arguments'): every non-leaf node used by two nodes or more, or read entry by entry more than
 * once by one (a scalar broadcast over a row, a factor of a product), so that σ(Aᵢx) is one
 * column however many gradient entries use it.
 */
function sharedLevels(split: RowSplit, size: (d: Dim) => number): Node[][] {
  const roots = split.aggregates.map((a) => a.perRow);
  const order = topoOrder(roots);
  const entries = (n: Node) => size(n.shape.rows) * size(n.shape.cols);
  const uses = new Map<Node, number>();
  const rereads = new Set<Node>();
  for (const n of order)
    for (const a of new Set(n.args)) {
      uses.set(a, (uses.get(a) ?? 0) + 1);
      if (n.op === 'matmul' || entries(n) > entries(a)) rereads.add(a);
    }
  for (const r of roots) uses.set(r, (uses.get(r) ?? 0) + 1);
  const level = new Map<Node, number>();
  const levels: Node[][] = [];
  for (const n of order) {
    const below = Math.max(0, ...n.args.map((a) => level.get(a) ?? 0));
    const shared = n.args.length > 0 && n.op !== 'const' && ((uses.get(n) ?? 0) > 1 || rereads.has(n));
    level.set(n, shared ? below + 1 : below);
    if (shared) (levels[below] ??= []).push(n);
  }
  return levels.filter((l) => l !== undefined);
}
