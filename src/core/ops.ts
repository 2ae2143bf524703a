/**
 * The operations of the core graph. Each concern (shapes, derivative rules, kernels,
 * printers, the reference interpreter) keeps its own `Record<Op, ...>` table, so adding an
 * op here without its rules everywhere is a compile error.
 *
 * Surface sugar is not here: `a - b` is `a + (-1)*b`, `-a` is `(-1)*a`, `a / s` is `a * s^-1`,
 * `x ./ y` is `x .* y.^-1`, `dot(u, v)` is `u' * v`.
 */

/** Elementwise functions of one argument, in the notation's spelling. */
export const ELEMENTWISE = ['exp', 'log', 'sqrt', 'sin', 'cos', 'tan', 'tanh', 'sigmoid', 'softplus', 'abs', 'sign', 'log1p', 'expm1', 'relu'] as const;
export type ElementwiseOp = (typeof ELEMENTWISE)[number];

export const OPS = [
  // leaves
  'const', // an exact rational scalar (attr value)
  'dim', // a dimension symbol used as a positive scalar (attr name)
  'var', // a declared variable (attr name, symmetric)
  'zeros', // the zero matrix of the node's shape
  'ones', // the all-ones matrix of the node's shape (a column for ones(k))
  'eye', // the identity of the node's (square) shape
  // algebra
  'add', // n-ary sum; scalar arguments broadcast over the non-scalar shape
  'mul', // n-ary commutative product of scalars, scaling at most one non-scalar argument
  'matmul', // n-ary matrix product chain, in order, of non-scalar factors
  'hadamard', // n-ary elementwise product of same-shaped non-scalar arguments
  'pow', // scalar ^ scalar
  'epow', // elementwise power: matrix .^ scalar
  'transpose',
  'max', // elementwise max(a, b); a scalar argument broadcasts
  'min', // elementwise min(a, b)
  ...ELEMENTWISE,
  // matrix functions
  'sum',
  'norm2',
  'norm1',
  'tr',
  'det',
  'logdet',
  'inv',
  'diagm', // vector -> diagonal matrix
  'diagv', // square matrix -> its diagonal as a vector
  'logsumexp',
  'softmax',
  // vec layout (Magnus–Neudecker): the shapes of matrix-by-matrix derivatives
  'kron', // Kronecker product A ⊗ B
  'vec', // the columns of a matrix stacked into one column
  'commutation', // K(m, n), the mn×mn permutation with K vec(X) = vec(Xᵀ) for X m×n; args: two dimension scalars
] as const;
export type Op = (typeof OPS)[number];

export const isElementwise = (op: Op): op is ElementwiseOp => (ELEMENTWISE as readonly string[]).includes(op);

/** Ops whose arguments may be reordered (sorted by the total order). */
export const COMMUTATIVE: ReadonlySet<Op> = new Set<Op>(['add', 'mul', 'hadamard']);
