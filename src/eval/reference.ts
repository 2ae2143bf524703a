/**
 * The reference interpreter: the numeric oracle every other part of matdiff is tested against.
 * One plain kernel per op (a `Record<Op, Kernel>`, so a new op fails to compile until it has one),
 * evaluated over the DAG in iterative topological order with each shared node computed once.
 *
 * Conventions (the notation's semantics, stated once here):
 * - A scalar is a 1×1 tensor; in `add`, `mul` and `hadamard` a scalar broadcasts over the other shape.
 * - `sum`, `norm1`, `norm2` (Frobenius for a matrix) and `logsumexp` range over all entries; `softmax`
 *   normalizes a vector, and each column of a matrix (a batch of distributions).
 * - `det` and `inv` use LU with partial pivoting; `inv` of an exactly singular matrix is all NaN.
 * - `logdet(X)` is log(det(X)), computed from the LU pivots; it is NaN when det(X) <= 0.
 * - `x^p` and `X.^p` are the real power (NaN for a negative base and a fractional exponent).
 * - `sigmoid`, `softplus`, `logsumexp` and `softmax` are computed stably for large |z|.
 * - `sign(0) = 0`.
 */
import { Dim, Shape, dimFactors, dimSizeWith } from '../core/dims';
import { MatdiffError } from '../core/errors';
import { Node, topoOrder } from '../core/graph';
import { ElementwiseOp, Op } from '../core/ops';
import { exponentToNumber } from '../core/rational';
import { determinant, inverse, logDeterminant, matmulT, transposeT } from './linalg';
import { Env, Tensor, scalarTensor, tensor } from './tensor';

type Kernel = (node: Node, args: readonly Tensor[], env: Env) => Tensor;

/** Size of a dimension under env.dims; an unbound symbol is a data error. */
export function dimSize(d: Dim, env: Env): number {
  if (typeof d === 'number') return d;
  const v = dimSizeWith(d, (symbol) => env.dims.get(symbol));
  if (v === undefined) {
    const missing = dimFactors(d)[1].find((symbol) => !env.dims.has(symbol));
    throw new MatdiffError('data', `dimension ${missing} has no size`, undefined, `give a size for ${missing} (or data for a variable of that dimension)`);
  }
  return v;
}

const sizeOf = (s: Shape, env: Env): [number, number] => [dimSize(s.rows, env), dimSize(s.cols, env)];

function filled(rows: number, cols: number, v: number): Tensor {
  const t = tensor(rows, cols);
  t.data.fill(v);
  return t;
}

function map(a: Tensor, f: (v: number) => number): Tensor {
  const out = tensor(a.rows, a.cols);
  for (let i = 0; i < a.data.length; i++) out.data[i] = f(a.data[i]);
  return out;
}

const isScalarT = (t: Tensor) => t.rows === 1 && t.cols === 1;

/** Elementwise combination of same-shaped tensors, scalars broadcast. */
function broadcast(args: readonly Tensor[], unit: number, f: (acc: number, v: number) => number, what: string): Tensor {
  const big = args.find((t) => !isScalarT(t)) ?? args[0];
  const out = filled(big.rows, big.cols, unit);
  for (const a of args) {
    if (isScalarT(a)) {
      const v = a.data[0];
      for (let i = 0; i < out.data.length; i++) out.data[i] = f(out.data[i], v);
    } else {
      if (a.rows !== big.rows || a.cols !== big.cols) throw new Error(`internal: ${what} of ${big.rows}×${big.cols} and ${a.rows}×${a.cols}`);
      for (let i = 0; i < out.data.length; i++) out.data[i] = f(out.data[i], a.data[i]);
    }
  }
  return out;
}

const plus = (a: number, b: number) => a + b;
const times = (a: number, b: number) => a * b;

function sumOf(a: Tensor): number {
  let s = 0;
  for (const v of a.data) s += v;
  return s;
}

function maxOf(a: Tensor): number {
  let m = -Infinity;
  for (const v of a.data) {
    if (Number.isNaN(v)) return NaN;
    if (v > m) m = v;
  }
  return m;
}

function logSumExp(a: Tensor): number {
  const m = maxOf(a);
  if (!Number.isFinite(m)) return m; // NaN, or ±Infinity dominating every other entry
  let s = 0;
  for (const v of a.data) s += Math.exp(v - m);
  return m + Math.log(s);
}

const sigmoid = (z: number): number => {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
};

// softplus(z) = log(1 + e^z) = max(z, 0) + log1p(e^-|z|): no overflow for large z.
const softplus = (z: number): number => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));

const sign = (z: number): number => (z > 0 ? 1 : z < 0 ? -1 : Number.isNaN(z) ? NaN : 0);

export const ELEMENTWISE_KERNELS: Record<ElementwiseOp, (z: number) => number> = {
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  tanh: Math.tanh,
  sigmoid,
  softplus,
  abs: Math.abs,
  sign,
  log1p: Math.log1p,
  expm1: Math.expm1,
  relu: (z) => (z > 0 ? z : z === z ? 0 : NaN),
};

const elementwise =
  (op: ElementwiseOp): Kernel =>
  (_n, [a]) =>
    map(a, ELEMENTWISE_KERNELS[op]);

/**
 * out (rows×cols) = a (rows×inner) · b (inner×cols). Each entry is summed over k ascending from
 * 0, as matmulT sums it, so the digits are the same. `out` may be longer than rows×cols and
 * must not alias `a` or `b`.
 */
function multiplyInto(out: Float64Array, a: Float64Array, b: Float64Array, rows: number, inner: number, cols: number): void {
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let k = 0; k < inner; k++) s += a[i * inner + k] * b[k * cols + j];
      out[i * cols + j] = s;
    }
}

/**
 * f[lo] ⋯ f[hi-1], accumulated from the left (the partial products all have f[lo]'s rows) or
 * from the right (all with f[hi-1]'s columns). Two scratch buffers, one result: no allocation
 * per factor.
 */
function chainFrom(f: readonly Tensor[], lo: number, hi: number, fromLeft: boolean): Tensor {
  if (hi - lo === 1) return f[lo];
  const fixed = fromLeft ? f[lo].rows : f[hi - 1].cols;
  let widest = 0;
  for (let i = lo; i < hi; i++) widest = Math.max(widest, fromLeft ? f[i].cols : f[i].rows);
  let acc = fromLeft ? f[lo].data : f[hi - 1].data;
  let accSize = fromLeft ? f[lo].cols : f[hi - 1].rows; // the varying side of acc
  const bufs = [new Float64Array(fixed * widest), new Float64Array(fixed * widest)];
  for (let step = 0; step < hi - lo - 1; step++) {
    const out = bufs[step % 2];
    if (fromLeft) {
      const g = f[lo + 1 + step];
      multiplyInto(out, acc, g.data, fixed, accSize, g.cols);
      accSize = g.cols;
    } else {
      const g = f[hi - 2 - step];
      multiplyInto(out, g.data, acc, g.rows, accSize, fixed);
      accSize = g.rows;
    }
    acc = out;
  }
  return fromLeft ? tensor(fixed, accSize, acc.slice(0, fixed * accSize)) : tensor(accSize, fixed, acc.slice(0, fixed * accSize));
}

/**
 * A chain product F_1 ⋯ F_k in a cheap order: split at the smallest of the sizes
 * p_0 = rows(F_1), p_i = cols(F_i), accumulate the factors before the split from the right
 * and those after it from the left, so every partial product has that small size on one side
 * (A ⋯ A x is k matrix-vector products, u v' A ⋯ A a column times a row), and multiply the two.
 * Left to right, A ⋯ A x would be k matrix-matrix products.
 */
function chainProduct(f: readonly Tensor[]): Tensor {
  const k = f.length;
  for (let i = 0; i + 1 < k; i++)
    if (f[i].cols !== f[i + 1].rows) throw new Error(`internal: matmul of ${f[i].rows}×${f[i].cols} by ${f[i + 1].rows}×${f[i + 1].cols}`);
  let split = 0;
  for (let i = 1; i <= k; i++) if (f[i - 1].cols < (split === 0 ? f[0].rows : f[split - 1].cols)) split = i;
  if (split === 0) return k === 1 ? f[0] : chainFrom(f, 0, k, true);
  if (split === k) return chainFrom(f, 0, k, false);
  return matmulT(chainFrom(f, 0, split, false), chainFrom(f, split, k, true));
}

/** A constant exponent keeps its parity beyond 2^53 (see exponentToNumber); others are the value. */
const exponentOf = (n: Node, p: Tensor): number => (n.args[1].op === 'const' ? exponentToNumber(n.args[1].value!) : p.data[0]);

/** exp(v) / sum(exp(v)) over all entries, shifted by the maximum. */
function softmaxAll(a: Tensor): Tensor {
  const m = maxOf(a);
  if (!Number.isFinite(m)) return map(a, () => NaN);
  const e = map(a, (v) => Math.exp(v - m));
  const s = sumOf(e);
  return map(e, (v) => v / s);
}

/** softmax of each column: a matrix is a batch of distributions, one per column. */
function softmaxColumns(a: Tensor): Tensor {
  const out = tensor(a.rows, a.cols);
  for (let j = 0; j < a.cols; j++) {
    const col = tensor(a.rows, 1);
    for (let i = 0; i < a.rows; i++) col.data[i] = a.data[i * a.cols + j];
    const s = softmaxAll(col);
    for (let i = 0; i < a.rows; i++) out.data[i * a.cols + j] = s.data[i];
  }
  return out;
}

/** A ⊗ B: block (i, j) is a_ij B. Row-major like every tensor here. */
function kronT(a: Tensor, b: Tensor): Tensor {
  const out = tensor(a.rows * b.rows, a.cols * b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < a.cols; j++) {
      const aij = a.data[i * a.cols + j];
      for (let k = 0; k < b.rows; k++) for (let l = 0; l < b.cols; l++) out.data[(i * b.rows + k) * out.cols + j * b.cols + l] = aij * b.data[k * b.cols + l];
    }
  return out;
}

/** vec(X): the columns stacked, X(i, j) at i + r·j. */
function vecT(x: Tensor): Tensor {
  const out = tensor(x.rows * x.cols, 1);
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < x.cols; j++) out.data[i + x.rows * j] = x.data[i * x.cols + j];
  return out;
}

/** K(m, n): K vec(X) = vec(Xᵀ) for X m×n; X(i, j) sits at i + m·j in vec(X) and at j + n·i in vec(Xᵀ). */
function commutationT(m: number, n: number): Tensor {
  const out = tensor(m * n, m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out.data[(j + n * i) * m * n + (i + m * j)] = 1;
  return out;
}

const KERNELS: Record<Op, Kernel> = {
  const: (n) => scalarTensor(n.value!.valueOf()),
  dim: (n, _a, env) => scalarTensor(dimSize(n.name!, env)),
  var: (n, _a, env) => {
    const v = env.vars.get(n.name!);
    if (!v) throw new MatdiffError('data', `no value for variable ${n.name}`, undefined, `give ${n.name} a value`);
    const [r, c] = sizeOf(n.shape, env);
    if (v.rows !== r || v.cols !== c)
      throw new MatdiffError('data', `${n.name} is ${v.rows}×${v.cols}, but its declaration makes it ${r}×${c}`, undefined, `give ${n.name} a ${r}×${c} value`);
    return v;
  },
  zeros: (n, _a, env) => filled(...sizeOf(n.shape, env), 0),
  ones: (n, _a, env) => filled(...sizeOf(n.shape, env), 1),
  eye: (n, _a, env) => {
    const k = dimSize(n.shape.rows, env);
    const out = tensor(k, k);
    for (let i = 0; i < k; i++) out.data[i * k + i] = 1;
    return out;
  },
  add: (_n, args) => broadcast(args, 0, plus, 'add'),
  mul: (_n, args) => {
    if (args.filter((t) => !isScalarT(t)).length > 1) throw new Error('internal: mul of two non-scalars');
    return broadcast(args, 1, times, 'mul');
  },
  matmul: (_n, args) => chainProduct(args),
  hadamard: (_n, args) => broadcast(args, 1, times, 'hadamard'),
  max: (_n, args) => broadcast(args, -Infinity, Math.max, 'max'),
  min: (_n, args) => broadcast(args, Infinity, Math.min, 'min'),
  pow: (n, [b, p]) => scalarTensor(Math.pow(b.data[0], exponentOf(n, p))),
  epow: (n, [b, p]) => map(b, (v) => Math.pow(v, exponentOf(n, p))),
  transpose: (_n, [a]) => transposeT(a),
  exp: elementwise('exp'),
  log: elementwise('log'),
  sqrt: elementwise('sqrt'),
  sin: elementwise('sin'),
  cos: elementwise('cos'),
  tan: elementwise('tan'),
  tanh: elementwise('tanh'),
  sigmoid: elementwise('sigmoid'),
  softplus: elementwise('softplus'),
  abs: elementwise('abs'),
  sign: elementwise('sign'),
  log1p: elementwise('log1p'),
  expm1: elementwise('expm1'),
  relu: elementwise('relu'),
  sum: (_n, [a]) => scalarTensor(sumOf(a)),
  norm2: (_n, [a]) => {
    // Scale by the largest entry so that squares neither overflow nor underflow.
    let m = 0;
    for (const v of a.data) m = Math.max(m, Math.abs(v));
    if (m === 0 || !Number.isFinite(m)) return scalarTensor(m);
    let s = 0;
    for (const v of a.data) s += (v / m) * (v / m);
    return scalarTensor(m * Math.sqrt(s));
  },
  norm1: (_n, [a]) => scalarTensor(a.data.reduce((s, v) => s + Math.abs(v), 0)),
  tr: (_n, [a]) => {
    let s = 0;
    for (let i = 0; i < a.rows; i++) s += a.data[i * a.cols + i];
    return scalarTensor(s);
  },
  det: (_n, [a]) => scalarTensor(determinant(a)),
  logdet: (_n, [a]) => scalarTensor(logDeterminant(a)),
  inv: (_n, [a]) => inverse(a),
  diagm: (_n, [v]) => {
    const k = v.rows;
    const out = tensor(k, k);
    for (let i = 0; i < k; i++) out.data[i * k + i] = v.data[i];
    return out;
  },
  diagv: (_n, [a]) => {
    const out = tensor(a.rows, 1);
    for (let i = 0; i < a.rows; i++) out.data[i] = a.data[i * a.cols + i];
    return out;
  },
  logsumexp: (_n, [a]) => scalarTensor(logSumExp(a)),
  kron: (_n, [a, b]) => kronT(a, b),
  vec: (_n, [a]) => vecT(a),
  commutation: (_n, [m, n]) => commutationT(m.data[0], n.data[0]),
  softmax: (_n, [a]) => (a.rows > 1 && a.cols > 1 ? softmaxColumns(a) : softmaxAll(a)),
};

/** The value of every node in `roots`, sharing the work on common subexpressions. */
export function evaluateAll(roots: readonly Node[], env: Env): Tensor[] {
  const values = evaluateOrder(topoOrder(roots), env);
  return roots.map((r) => values.get(r)!);
}

/** The value of every node of `order` (children before parents, as topoOrder gives them). */
export function evaluateOrder(order: readonly Node[], env: Env): Map<Node, Tensor> {
  const values = new Map<Node, Tensor>();
  for (const n of order) {
    const v = KERNELS[n.op](
      n,
      n.args.map((a) => values.get(a)!),
      env,
    );
    checkShape(n, v, env);
    values.set(n, v);
  }
  return values;
}

/**
 * evaluateAll in Monte Carlo arithmetic: every entry of every intermediate is multiplied by
 * (1 + δ), δ uniform in [−u, u], as rounding would. Run a few times, the spread of the results
 * estimates the rounding error of the formula at `env` (shared subexpressions are perturbed
 * once, as they are rounded once). `next` gives uniform numbers in [0, 1).
 */
export function evaluateAllPerturbed(roots: readonly Node[], env: Env, u: number, next: () => number): Tensor[] {
  const values = new Map<Node, Tensor>();
  for (const n of topoOrder(roots)) {
    const v = KERNELS[n.op](
      n,
      n.args.map((a) => values.get(a)!),
      env,
    );
    const data = v.data.slice();
    if (n.args.length > 0) for (let i = 0; i < data.length; i++) data[i] *= 1 + u * (2 * next() - 1);
    values.set(n, { rows: v.rows, cols: v.cols, data });
  }
  return roots.map((r) => values.get(r)!);
}

/** A kernel's result must have the node's declared shape: a cheap guard against kernel bugs. */
function checkShape(n: Node, v: Tensor, env: Env): void {
  const [r, c] = sizeOf(n.shape, env);
  if (v.rows !== r || v.cols !== c) throw new Error(`internal: ${n.op} evaluated to ${v.rows}×${v.cols}, its shape says ${r}×${c}`);
}

export const evaluate = (node: Node, env: Env): Tensor => evaluateAll([node], env)[0];

export function evaluateScalar(node: Node, env: Env): number {
  const v = evaluate(node, env);
  if (!isScalarT(v)) throw new MatdiffError('usage', `expected a scalar, got a ${v.rows}×${v.cols} value`);
  return v.data[0];
}
