/**
 * The evaluator's IR: a small typed single-assignment program over f64 arrays, in the spirit of
 * JAX's jaxpr. Top-level values are inputs, arrays and scalars, each assigned by exactly one
 * instruction; loops are structured regions whose bodies compute per-index scalars ("locals")
 * and hand back whole arrays (stores), scalars (reductions) and, for a row-fused pass, the
 * vectors Σᵢ hᵢ aᵢ (updates). Buffers are explicit: the allocate-buffers pass gives every array
 * that is not an input its own storage. See docs/ir.md.
 */
import { Dim } from '../../core/dims';
import type { OutputSpec } from '../runtime/types';

/** Every value is f64: a type is its shape. `f64[]` is 1×1, `f64[n]` a column, `f64[1,n]` a row. */
export interface VType {
  readonly rows: Dim;
  readonly cols: Dim;
}

/** A top-level value: an input, an array or a scalar (type f64[]). Assigned once. */
export interface Value {
  readonly tag: 'value';
  readonly id: number;
  readonly type: VType;
  /** For inputs: the variable's name. */
  readonly name?: string;
}

/** A number written into the program. */
export interface Lit {
  readonly tag: 'lit';
  readonly value: number;
}

/** The size of a dimension symbol, as a number. */
export interface DimRef {
  readonly tag: 'dim';
  readonly name: string;
}

/** What a scalar instruction reads: a scalar value, a literal or a dimension's size. */
export type Scalar = Value | Lit | DimRef;

/** A per-index f64 inside one loop body: its value at the current index (or row). */
export interface Local {
  readonly tag: 'local';
  readonly id: number;
}

/** What a body instruction reads: a local of the same body, or a loop-invariant scalar. */
export type Operand = Local | Scalar;

/**
 * Elementwise operations (on scalars at the top level, on locals in loop bodies).
 * `expNegAbs`, `log1pE`, `softplusE` and `sigmoidE` are lnode.ts's internal stable ops:
 * expNegAbs(z) = exp(-|z|), log1pE(e) = log1p(e), softplusE(z, l) = max(z, 0) + l,
 * sigmoidE(z, e) = z >= 0 ? 1/(1+e) : e/(1+e). `pow` with a literal exponent 2, 3, -1, -2 or
 * 1/2 is a product, a reciprocal or a square root (as the generated JavaScript writes it).
 * `eye` (no arguments) is 1 on the diagonal of a matrix loop's index space, else 0.
 */
export const EW_OPS = [
  'copy',
  'add',
  'mul',
  'pow',
  'exp',
  'log',
  'sqrt',
  'sin',
  'cos',
  'tan',
  'tanh',
  'abs',
  'sign',
  'sigmoid',
  'softplus',
  'expNegAbs',
  'log1pE',
  'softplusE',
  'sigmoidE',
  'eye',
  'expm1',
  'relu',
  'max',
  'min',
] as const;
export type EwOp = (typeof EW_OPS)[number];

/** Argument counts: [least, most]. */
export const EW_ARITY: Record<EwOp, readonly [number, number]> = {
  copy: [1, 1],
  add: [2, Infinity],
  mul: [2, Infinity],
  pow: [2, 2],
  exp: [1, 1],
  log: [1, 1],
  sqrt: [1, 1],
  sin: [1, 1],
  cos: [1, 1],
  tan: [1, 1],
  tanh: [1, 1],
  abs: [1, 1],
  sign: [1, 1],
  sigmoid: [1, 1],
  softplus: [1, 1],
  expNegAbs: [1, 1],
  log1pE: [1, 1],
  softplusE: [2, 2],
  sigmoidE: [2, 2],
  eye: [0, 0],
  expm1: [1, 1],
  max: [2, 2],
  min: [2, 2],
  relu: [1, 1],
};

/** One instruction of a loop body. */
export type BodyInstr =
  /** The entry of an outer array at the current index (transposed: entry (j, i) of a stored matrix). */
  | { readonly kind: 'load'; readonly out: Local; readonly src: Value; readonly transposed: boolean }
  | { readonly kind: 'op'; readonly op: EwOp; readonly out: Local; readonly args: readonly Operand[] };

/** The array `out` holds `src` at every index of the loop. */
export interface Store {
  readonly out: Value;
  readonly src: Local;
}

export type ReduceOp = 'sum' | 'norm1' | 'norm2' | 'dot';
/** A scalar accumulated over the loop: Σ a, Σ |a|, sqrt(Σ a²) (dnrm2's scaled sums), Σ a·b. */
export interface Reduction {
  readonly out: Value;
  readonly op: ReduceOp;
  readonly args: readonly Operand[];
}

/** In a row-fused pass: out = Σᵢ hᵢ aᵢ over the rows aᵢ of A (that is Aᵀh), a vector of A's width. */
export interface Update {
  readonly out: Value;
  readonly h: Local;
}

export type Space = { readonly kind: 'vector'; readonly len: Dim } | { readonly kind: 'matrix'; readonly rows: Dim; readonly cols: Dim };

interface Region {
  readonly body: readonly BodyInstr[];
  readonly stores: readonly Store[];
  readonly reductions: readonly Reduction[];
}

/** An elementwise loop over a vector's or a matrix's index space. */
export interface Loop extends Region {
  readonly kind: 'loop';
  readonly space: Space;
}

/**
 * A row-fused pass over the rows of A (m×n as stored): z = aᵢ·x for each row, then the body
 * per row, the reductions, and every update g += hᵢ aᵢ while the row is in cache. `block` rows
 * at a time: a block's reduction terms are added together first, then to the accumulator, and
 * an update adds the block's rows h₀a₀ + h₁a₁ + … to g at once (which fixes the rounding).
 */
export interface Rows extends Region {
  readonly kind: 'rows';
  readonly A: Value;
  readonly x: Value;
  readonly z: Local;
  readonly block: number;
  readonly updates: readonly Update[];
}

/**
 * Separate kernels ("barriers"), over arrays as stored:
 * gemv A x = A x; gemvT A v = Aᵀ v; outer u v = u vᵀ; gemm[tx, ty] X Y = op(X) op(Y);
 * wgram X v = Xᵀ diag(v) X and wgram X = Xᵀ X (one triangle, mirrored; X read once);
 * inv, det, logdet (LU with partial pivoting, in a scratch buffer), tr, diagm v (the diagonal
 * matrix), diagv X (the diagonal), logsumexp (over all entries) and softmax (of a vector; each
 * column of a matrix), shifted by the max.
 */
export const CALL_OPS = ['gemv', 'gemvT', 'outer', 'gemm', 'wgram', 'inv', 'det', 'logdet', 'tr', 'diagm', 'diagv', 'logsumexp', 'softmax'] as const;
export type CallOp = (typeof CALL_OPS)[number];

export interface Call {
  readonly kind: 'call';
  readonly op: CallOp;
  readonly out: Value;
  readonly args: readonly Value[];
  /** gemm: X and Y are stored transposed. */
  readonly tx?: boolean;
  readonly ty?: boolean;
  /** inv, det, logdet: the scratch buffer (set by allocate-buffers). */
  readonly scratch?: number;
}

export interface ScalarOp {
  readonly kind: 'scalar';
  readonly op: EwOp;
  readonly out: Value;
  readonly args: readonly Scalar[];
}

/** The transpose of a vector: the same data under the other orientation. */
export interface View {
  readonly kind: 'view';
  readonly out: Value;
  readonly src: Value;
}

export type Instr = ScalarOp | Call | View | Loop | Rows;

export interface Output {
  readonly role: OutputSpec['role'];
  /** 'value', the variable of a gradient, Hessian or HVP, or the output's index. */
  readonly name: string;
  /** The shape the output is declared with. */
  readonly type: VType;
  readonly src: Scalar;
  /** Where the result is left (set by allocate-buffers). */
  readonly buffer?: number;
}

export interface Buffer {
  readonly rows: Dim;
  readonly cols: Dim;
  readonly note: string;
}

export interface IR {
  /** In the order of the kernel's `ins` array; the last `unused` ones no instruction reads. */
  readonly inputs: readonly Value[];
  readonly unused: number;
  /** Dimension symbols, in the order of the `d` array. */
  readonly dims: readonly string[];
  readonly instrs: readonly Instr[];
  readonly outputs: readonly Output[];
  /** Set by allocate-buffers: every buffer, and the buffer of each array value (by value id). */
  readonly buffers?: readonly Buffer[];
  readonly storage?: ReadonlyMap<number, number>;
  /** The passes run so far, in order. */
  readonly passes: readonly string[];
}

/** A failed IR check: a bug in matdiff's compiler (never the user's input), naming the pass and instruction. */
export class IRCheckError extends Error {
  constructor(
    readonly pass: string,
    readonly instruction: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'IRCheckError';
  }
}

export const isScalarType = (t: VType): boolean => t.rows === 1 && t.cols === 1;
export const isVectorType = (t: VType): boolean => t.rows === 1 || t.cols === 1;
/** The length of a vector type (a scalar is a vector of length 1). */
export const vectorLength = (t: VType): Dim => (t.rows === 1 ? t.cols : t.rows);
