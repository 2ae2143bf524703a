import { MatdiffError } from '../core/errors';

/** A dense row-major matrix of doubles: the one numeric value type (a scalar is 1×1). */
export interface Tensor {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array; // length rows*cols, entry (i, j) at i*cols + j
}

/** What the library's results offer beyond the data: plain JavaScript arrays. */
export interface TensorMethods {
  /**
   * The entries as plain arrays (copies): a vector (n×1 or 1×n, a scalar too) as number[],
   * a matrix as number[][] (an array of rows).
   */
  toArray(): number[] | number[][];
  /** The value of a 1×1 tensor (a scalar); a MatdiffError for any other shape. */
  toNumber(): number;
}

/** A Tensor with toArray() and toNumber(): what evaluate and compiled functions return. */
export type Matrix = Tensor & TensorMethods;

/** The entries of `t` as number[] (a vector or scalar) or number[][] (rows of a matrix). */
export function tensorToArray(t: Tensor): number[] | number[][] {
  if (t.rows === 1 || t.cols === 1) return Array.from(t.data);
  const rows: number[][] = [];
  for (let i = 0; i < t.rows; i++) rows.push(Array.from(t.data.subarray(i * t.cols, (i + 1) * t.cols)));
  return rows;
}

/** The one entry of a 1×1 tensor. */
export function tensorToNumber(t: Tensor): number {
  if (t.rows !== 1 || t.cols !== 1)
    throw new MatdiffError('usage', `toNumber: this is a ${t.rows}×${t.cols} tensor, not a scalar`, undefined, 'use toArray() for a vector or matrix');
  return t.data[0]!;
}

/** Tensors made here carry the methods on their prototype (fields stay plain own data). */
class DenseTensor implements Matrix {
  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly data: Float64Array,
  ) {}
  toArray(): number[] | number[][] {
    return tensorToArray(this);
  }
  toNumber(): number {
    return tensorToNumber(this);
  }
}

/** A tensor whose declared shape is a matrix: toArray() gives rows even when there is one row or column. */
class MatrixTensor extends DenseTensor {
  override toArray(): number[][] {
    const rows: number[][] = [];
    for (let i = 0; i < this.rows; i++) rows.push(Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)));
    return rows;
  }
}

export const tensor = (rows: number, cols: number, data?: Float64Array): Matrix => new DenseTensor(rows, cols, data ?? new Float64Array(rows * cols));

export const scalarTensor = (v: number): Matrix => tensor(1, 1, Float64Array.of(v));

/**
 * `t` with the methods: itself if it has them, else a view of the same data. With the declared
 * shape (its dimensions, numbers or symbols), toArray() follows the declaration: a matrix(m, n)
 * gives rows even at m = 1, a vector(n) a flat array even at n = 1.
 */
export function withMethods(t: Tensor, declared?: { readonly rows: unknown; readonly cols: unknown }): Matrix {
  const matrix = declared !== undefined && declared.rows !== 1 && declared.cols !== 1;
  if (matrix) return t instanceof MatrixTensor ? t : new MatrixTensor(t.rows, t.cols, t.data);
  return t instanceof DenseTensor && !(t instanceof MatrixTensor) ? t : new DenseTensor(t.rows, t.cols, t.data);
}

/** Values of variables and sizes of dimension symbols, the input to every evaluator. */
export interface Env {
  readonly vars: ReadonlyMap<string, Tensor>;
  readonly dims: ReadonlyMap<string, number>;
}
