/**
 * A row split evaluated the slow, obvious way, for checking the split: each aggregate summed row
 * by row with the reference interpreter, then the merge. (Fast paths, SQL and batches, are
 * checked against this and against evaluating the roots whole.)
 */
import { dimSize, evaluate, evaluateAll } from '../eval/reference';
import { Env, Tensor, tensor } from '../eval/tensor';
import type { RowSplit } from './index';

/** Row i of a data tensor as its per-row variable sees it (a column's entry for a col variable). */
function rowTensor(data: Tensor, i: number, byColumn: boolean): Tensor {
  if (byColumn) {
    const t = tensor(1, data.rows);
    for (let k = 0; k < data.rows; k++) t.data[k] = data.data[k * data.cols + i];
    return t;
  }
  return tensor(1, data.cols, data.data.slice(i * data.cols, (i + 1) * data.cols));
}

/** The split's value for each root, from the data in `env`. */
export function evaluateSplit(split: RowSplit, env: Env): Tensor[] {
  const rows = env.dims.get(String(split.rows)) ?? (typeof split.rows === 'number' ? split.rows : undefined);
  if (rows === undefined) throw new Error(`internal: no size for the row dimension ${split.rows}`);
  const totals: Tensor[] = [];
  for (let i = 0; i < rows; i++) {
    const vars = new Map(env.vars);
    for (const [v, r] of split.rowOf) vars.set(r.name!, rowTensor(env.vars.get(v.name!)!, i, v.shape.rows !== split.rows));
    const values = evaluateAll(
      split.aggregates.map((a) => a.perRow),
      { vars, dims: env.dims },
    );
    values.forEach((t, k) => {
      if (i === 0) totals[k] = tensor(t.rows, t.cols);
      for (let e = 0; e < t.data.length; e++) totals[k].data[e] += t.data[e];
    });
  }
  const vars = new Map(env.vars);
  split.aggregates.forEach((a, k) => vars.set(a.placeholder.name!, totals[k] ?? tensor(dimSize(a.perRow.shape.rows, env), dimSize(a.perRow.shape.cols, env))));
  return split.merged.map((m) => evaluate(m, { vars, dims: env.dims }));
}
