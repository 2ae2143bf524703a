/** A dense row-major matrix of doubles: the one numeric value type (a scalar is 1×1). */
export interface Tensor {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array; // length rows*cols, entry (i, j) at i*cols + j
}

export const tensor = (rows: number, cols: number, data?: Float64Array): Tensor => ({
  rows,
  cols,
  data: data ?? new Float64Array(rows * cols),
});

export const scalarTensor = (v: number): Tensor => tensor(1, 1, Float64Array.of(v));

/** Values of variables and sizes of dimension symbols, the input to every evaluator. */
export interface Env {
  readonly vars: ReadonlyMap<string, Tensor>;
  readonly dims: ReadonlyMap<string, number>;
}
