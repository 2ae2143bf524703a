/**
 * Small dense linear algebra on Tensors for the reference interpreter: plain loops,
 * written to be obviously correct rather than fast. LU with partial pivoting gives
 * det, log|det| and the inverse.
 */
import { Tensor, tensor } from './tensor';

export function transposeT(a: Tensor): Tensor {
  const out = tensor(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out.data[j * a.rows + i] = a.data[i * a.cols + j];
  return out;
}

export function matmulT(a: Tensor, b: Tensor): Tensor {
  if (a.cols !== b.rows) throw new Error(`internal: matmul of ${a.rows}×${a.cols} by ${b.rows}×${b.cols}`);
  const out = tensor(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k];
      for (let j = 0; j < b.cols; j++) out.data[i * b.cols + j] += aik * b.data[k * b.cols + j];
    }
  return out;
}

export interface LU {
  readonly n: number;
  /** L (unit lower, below the diagonal) and U (on and above it), row-major, rows permuted. */
  readonly lu: Float64Array;
  /** Row i of the factored matrix is row perm[i] of the input. */
  readonly perm: Int32Array;
  /** Sign of the row permutation: +1 or -1. */
  readonly sign: number;
  /** True when some pivot is exactly zero (the matrix is singular). */
  readonly singular: boolean;
}

/** Doolittle LU with partial pivoting (largest |entry| in the column). */
export function luDecompose(a: Tensor): LU {
  if (a.rows !== a.cols) throw new Error(`internal: LU of a non-square ${a.rows}×${a.cols} matrix`);
  const n = a.rows;
  const lu = Float64Array.from(a.data);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let sign = 1;
  let singular = false;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(lu[i * n + k]) > Math.abs(lu[p * n + k])) p = i;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j];
        lu[k * n + j] = lu[p * n + j];
        lu[p * n + j] = t;
      }
      const t = perm[k];
      perm[k] = perm[p];
      perm[p] = t;
      sign = -sign;
    }
    const pivot = lu[k * n + k];
    if (pivot === 0 || Number.isNaN(pivot)) {
      singular = true;
      continue;
    }
    for (let i = k + 1; i < n; i++) {
      const l = (lu[i * n + k] /= pivot);
      if (l === 0) continue;
      for (let j = k + 1; j < n; j++) lu[i * n + j] -= l * lu[k * n + j];
    }
  }
  return { n, lu, perm, sign, singular };
}

export function determinant(a: Tensor): number {
  const f = luDecompose(a);
  if (f.singular) return 0;
  let d = f.sign;
  for (let i = 0; i < f.n; i++) d *= f.lu[i * f.n + i];
  return d;
}

/**
 * log(det(a)), summed from the pivots so that it does not overflow where det would.
 * It is NaN when det(a) <= 0 (the real logarithm is undefined there).
 */
export function logDeterminant(a: Tensor): number {
  const f = luDecompose(a);
  if (f.singular) return NaN;
  let sign = f.sign;
  let s = 0;
  for (let i = 0; i < f.n; i++) {
    const u = f.lu[i * f.n + i];
    if (u < 0) sign = -sign;
    s += Math.log(Math.abs(u));
  }
  return sign > 0 ? s : NaN;
}

/** The inverse by solving LU X = P I column by column; all-NaN for a singular matrix. */
export function inverse(a: Tensor): Tensor {
  const f = luDecompose(a);
  const n = f.n;
  const out = tensor(n, n);
  if (f.singular) {
    out.data.fill(NaN);
    return out;
  }
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    // Column j of P·I: entry i is 1 where row perm[i] of I is e_j.
    for (let i = 0; i < n; i++) col[i] = f.perm[i] === j ? 1 : 0;
    for (let i = 0; i < n; i++) {
      let s = col[i];
      for (let k = 0; k < i; k++) s -= f.lu[i * n + k] * col[k];
      col[i] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = col[i];
      for (let k = i + 1; k < n; k++) s -= f.lu[i * n + k] * col[k];
      col[i] = s / f.lu[i * n + i];
    }
    for (let i = 0; i < n; i++) out.data[i * n + j] = col[i];
  }
  return out;
}
