/**
 * `matdiff compile --target sql|python`: the SQL aggregate query (src/sql) and the array-API
 * Python module (src/python), each with a header saying what it takes and returns.
 */
import { MatdiffError } from '../../core/errors';
import { Node } from '../../core/graph';
import { derive } from '../../derive';
import { Program } from '../../parse';
import { emitPython } from '../../python';
import { Dialect, emitSql } from '../../sql';

export interface TargetOptions {
  readonly dialect?: Dialect;
  readonly table?: string;
  /** `n=20,k=3`: sizes of the dimensions other than the rows. */
  readonly dims?: string;
}

/** `n=20,k=3` to sizes, every one a positive integer. */
export function parseDims(text: string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([A-Za-z][A-Za-z0-9_]*)\s*=\s*(\d+)$/.exec(part);
    if (!m || Number(m[2]) < 1) throw new MatdiffError('usage', `--dims ${part} is not NAME=SIZE`, undefined, 'give sizes as --dims n=20,k=3');
    out[m[1]] = Number(m[2]);
  }
  return out;
}

function gradientsOf(program: Program, f: Node, wrt: readonly Node[]): Map<Node, Node> {
  return new Map(wrt.map((x) => [x, derive(program.graph, 'grad', f, x).node]));
}

export function sqlModule(program: Program, f: Node, wrt: readonly Node[], opts: TargetOptions): string {
  const q = emitSql(program.graph, f, gradientsOf(program, f, wrt), { dialect: opts.dialect, table: opts.table, dims: parseDims(opts.dims) });
  const header = [
    `-- matdiff: the value${wrt.length ? ` and the gradient wrt ${wrt.map((x) => x.name).join(', ')}` : ''} in one aggregate query (${opts.dialect ?? 'duckdb'}).`,
    `-- Table ${opts.table ?? 'data'}, one row per data row: ${q.columns.map((c) => c.name).join(', ')}.`,
    `-- Parameters: ${q.params.map((p, i) => `$${i + 1} = ${p.name}`).join(', ') || 'none'}.`,
    `-- Returns one row: ${q.outputs.map((o) => o.name).join(', ')}.`,
  ];
  return `${header.join('\n')}\n${q.sql};\n`;
}

export function pythonModule(program: Program, f: Node, wrt: readonly Node[]): string {
  const gradients = Object.fromEntries([...gradientsOf(program, f, wrt)].map(([x, g]) => [x.name!, g]));
  return emitPython(program.graph, { value: f, gradients });
}
