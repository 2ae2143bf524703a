/**
 * Streaming evaluation of files bigger than memory: a row-separable loss (src/separable) over a
 * Parquet or CSV file, read by DuckDB in row batches; each batch runs through the compiled
 * evaluator (the aggregates' whole-data forms, evaluated on the batch, are its partial sums),
 * the partial sums are added, and the merge is evaluated once at the end. Memory stays bounded
 * by the batch: DuckDB streams the file, and one batch of rows is held at a time.
 *
 * DuckDB's npm package (@duckdb/node-api) is loaded only here, when a file is streamed: it is an
 * optional dependency of the package (npm install @duckdb/node-api to use this).
 */
import * as B from '../core/build';
import { Dim, dimFactors } from '../core/dims';
import { MatdiffError } from '../core/errors';
import { Graph, Node, mapBottomUp, topoOrder } from '../core/graph';
import { rebuild } from '../core/rebuild';
import { compileNodes } from '../compile';
import { stabilize } from '../compile/stable';
import { evaluateAll } from '../eval/reference';
import { Tensor, tensor } from '../eval/tensor';
import { RowSplit, splitRows } from '../separable';
import { dataColumns } from '../sql';

export interface StreamOptions {
  /** A .parquet or .csv file (CSV with a header row), one row per data row. */
  readonly file: string;
  /** The values of every variable that is not data (x, λ, W). */
  readonly params: ReadonlyMap<string, Tensor>;
  /** Rows per batch (default 65,536). */
  readonly batchRows?: number;
  /** Called after each batch with the rows read so far and the total. */
  readonly onProgress?: (rows: number, total: number) => void;
}

export interface StreamResult {
  /** Each root's value, in order. */
  readonly values: Tensor[];
  readonly rows: number;
  readonly batches: number;
}

/** The file as a DuckDB table expression (read_parquet or read_csv), the name quoted as a literal. */
function source(file: string): string {
  const quoted = `'${file.replace(/'/g, "''")}'`;
  if (/\.parquet$/i.test(file)) return `read_parquet(${quoted})`;
  if (/\.csv$/i.test(file)) return `read_csv(${quoted}, header = true)`;
  throw new MatdiffError('usage', `cannot stream ${file}: only .parquet and .csv files are read in batches`, undefined, 'convert it, or give a JSON data file');
}

type DuckDB = typeof import('@duckdb/node-api');

async function duckdb(): Promise<DuckDB> {
  try {
    return await import('@duckdb/node-api');
  } catch {
    throw new MatdiffError('usage', 'streaming a data file needs DuckDB', undefined, 'npm install @duckdb/node-api');
  }
}

/** DuckDB's own errors about the file (no such file, a missing column) as data errors naming the columns expected. */
async function reading<T>(file: string, columns: readonly string[], f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof MatdiffError) throw e;
    const message = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    throw new MatdiffError('data', `cannot read ${file}: ${message}`, undefined, `the file needs one row per data row, with the columns ${columns.join(', ')}`);
  }
}

/** A dimension's size from the parameters' shapes (the data's widths come from the same symbols). */
function sizesFrom(split: RowSplit, params: ReadonlyMap<string, Tensor>, roots: readonly Node[]): Map<string, number> {
  const sizes = new Map<string, number>();
  const note = (d: Dim, n: number) => typeof d === 'string' && !d.includes('*') && d !== split.rows && sizes.set(d, n);
  for (const n of topoOrder(roots).filter((v) => v.op === 'var')) {
    const t = params.get(n.name!);
    if (!t) continue;
    note(n.shape.rows, n.shape.cols === 1 || n.shape.rows !== 1 ? t.rows : t.cols);
    note(n.shape.cols, t.cols);
  }
  return sizes;
}

const widthOf = (d: Dim, sizes: ReadonlyMap<string, number>): number => {
  const [k, symbols] = dimFactors(d);
  return symbols.reduce((n, s) => {
    const v = sizes.get(s);
    if (v === undefined) throw new MatdiffError('usage', `the size of ${s} is not known from the parameters`, undefined, `give a parameter of that dimension`);
    return n * v;
  }, k);
};

/**
 * The value of each of `roots` (a row-separable loss, its gradients) on the rows of a file.
 * `params` are the parameters; every other variable is data, read from the file's columns.
 */
export async function evaluateStream(g: Graph, roots: readonly Node[], params: readonly Node[], opts: StreamOptions): Promise<StreamResult> {
  const stable = stabilize(g, roots);
  const split = splitRows(g, stable, { params });
  const R = split.rows;
  const sizes = sizesFrom(split, opts.params, stable);
  for (const p of params)
    if (!opts.params.has(p.name!)) throw new MatdiffError('usage', `no value for the parameter ${p.name}`, undefined, `give ${p.name} a value`);
  // The row count inside a per-row term means all rows, not the batch's: a scalar input.
  const total = B.variable(g, '#rows', { rows: 1, cols: 1 });
  const whole = split.aggregates.map((a) => mapBottomUp(a.whole, (n, args) => (n.op === 'dim' && n.name === R ? total : rebuild(g, n, args))));
  const data = [...split.rowOf.keys()].sort((a, b) => a.id - b.id);
  const layout = data.map((v) => ({ v, width: widthOf(v.shape.rows === R ? v.shape.cols : v.shape.rows, sizes) }));
  const columns = layout.flatMap(({ v, width }) => dataColumns(v, width));

  const { DuckDBInstance } = await duckdb();
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    const from = source(opts.file);
    const count = Number((await reading(opts.file, columns, () => connection.runAndReadAll(`SELECT COUNT(*) FROM ${from}`))).getRows()[0][0]);
    const ev = compileNodes(g, whole, { inputs: [...params, total, ...data] });
    const sums = whole.map(() => undefined as Float64Array | undefined);
    const batchRows = Math.max(1, Math.floor(opts.batchRows ?? 65_536));
    const buffers = layout.map(({ width }) => new Float64Array(batchRows * width));
    let filled = 0;
    let rows = 0;
    let batches = 0;
    const flush = () => {
      if (filled === 0) return;
      const inputs: Record<string, Float64Array | number | Tensor> = { '#rows': count };
      for (const [name, t] of opts.params) inputs[name] = t;
      layout.forEach(({ v, width }, k) => {
        inputs[v.name!] = v.shape.rows === R ? tensor(filled, width, buffers[k].subarray(0, filled * width)) : transposed(buffers[k], filled, width);
      });
      const out = ev.run(inputs as never, { dims: { ...Object.fromEntries(sizes), [R]: filled } as never });
      out.outputs.forEach((t, k) => {
        const acc = (sums[k] ??= new Float64Array(t.data.length));
        for (let e = 0; e < acc.length; e++) acc[e] += t.data[e];
      });
      rows += filled;
      batches++;
      filled = 0;
      opts.onProgress?.(rows, count);
    };
    // TRY_CAST: an integer column reads as doubles, and an empty or non-numeric cell as null (reported below).
    const select = columns.map((c) => `TRY_CAST("${c}" AS DOUBLE) AS "${c}"`).join(', ');
    const result = await reading(opts.file, columns, () => connection.stream(`SELECT ${select} FROM ${from}`));
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const vectors = columns.map((_, c) => chunk.getColumnVector(c));
      for (let i = 0; i < chunk.rowCount; i++) {
        let c = 0;
        layout.forEach(({ width }, k) => {
          for (let j = 0; j < width; j++, c++) {
            const value = vectors[c].getItem(i);
            if (typeof value !== 'number' || !Number.isFinite(value))
              throw new MatdiffError(
                'data',
                `row ${rows + filled + 1} (1-based) of ${opts.file}: column ${columns[c]} is ${value === null ? 'empty or not a number' : String(value)}`,
                undefined,
                'every entry of the data must be a finite number',
              );
            buffers[k][filled * width + j] = value;
          }
        });
        if (++filled === batchRows) flush();
      }
    }
    flush();
    return { values: merge(split, sums, opts.params, new Map([...sizes, [String(R), rows]])), rows, batches };
  } finally {
    connection.closeSync();
  }
}

/** Columns of a batch stored row by row (filled × width) as the width × filled matrix a col variable is. */
function transposed(buffer: Float64Array, filled: number, width: number): Tensor {
  const t = tensor(width, filled);
  for (let i = 0; i < filled; i++) for (let j = 0; j < width; j++) t.data[j * filled + i] = buffer[i * width + j];
  return t;
}

/** The merge, with the totals in the aggregates' places. */
function merge(split: RowSplit, sums: readonly (Float64Array | undefined)[], params: ReadonlyMap<string, Tensor>, dims: Map<string, number>): Tensor[] {
  const vars = new Map(params);
  split.aggregates.forEach((a, k) => {
    const rows = widthOf(a.placeholder.shape.rows, dims);
    const cols = widthOf(a.placeholder.shape.cols, dims);
    vars.set(a.placeholder.name!, tensor(rows, cols, sums[k] ?? new Float64Array(rows * cols)));
  });
  return evaluateAll(split.merged, { vars, dims });
}
