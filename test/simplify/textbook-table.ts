/**
 * The gradient table of issue 3: each row's declarations, function, variable and the textbook
 * gradient as the text printer writes it. Shared by the golden test, the numeric tests and the
 * benchmark. The rows use the issue's own names, so declarations are per row.
 */
export interface TableRow {
  readonly name: string;
  readonly decls: string;
  readonly f: string;
  readonly wrt: string;
  readonly textbook: string;
}

const LOGISTIC = 'A : matrix(m, n); x : vector(n); b : vector(m)';

export const TABLE: readonly TableRow[] = [
  {
    name: 'logistic',
    decls: LOGISTIC,
    f: "-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))",
    wrt: 'x',
    textbook: "1/m * A' * (sigmoid(A*x) - b)",
  },
  {
    name: 'logistic-exp',
    decls: LOGISTIC,
    f: "-1/m * (b' * log(1 ./ (1 + exp(-A*x))) + (1 - b)' * log(1 - 1 ./ (1 + exp(-A*x))))",
    wrt: 'x',
    textbook: "1/m * A' * (sigmoid(A*x) - b)",
  },
  { name: 'least-squares', decls: LOGISTIC, f: 'norm2(A*x - b)^2', wrt: 'x', textbook: "2 * A' * (A*x - b)" },
  {
    name: 'ridge',
    decls: `${LOGISTIC}; lambda : scalar`,
    f: '1/2 * norm2(A*x - b)^2 + lambda/2 * norm2(x)^2',
    wrt: 'x',
    textbook: "A' * (A*x - b) + lambda * x",
  },
  { name: 'quadratic', decls: 'A : matrix(n, n); x : vector(n)', f: "x' * A * x", wrt: 'x', textbook: "(A + A') * x" },
  { name: 'symmetric-quadratic', decls: 'S : symmetric(n); x : vector(n)', f: "x' * S * x", wrt: 'x', textbook: '2 * S * x' },
  { name: 'trace', decls: 'A : matrix(m, n); X : matrix(n, m)', f: 'tr(A * X)', wrt: 'X', textbook: "A'" },
  { name: 'logdet', decls: 'X : matrix(n, n)', f: 'logdet(X)', wrt: 'X', textbook: "inv(X)'" },
  {
    name: 'bilinear-inverse',
    decls: 'X : matrix(n, n); a : vector(n); b : vector(n)',
    f: "a' * inv(X) * b",
    wrt: 'X',
    textbook: "-inv(X)' * a * b' * inv(X)'",
  },
  { name: 'det', decls: 'X : matrix(n, n)', f: 'det(X)', wrt: 'X', textbook: "det(X) * inv(X)'" },
  { name: 'sum-exp', decls: LOGISTIC, f: 'sum(exp(A*x))', wrt: 'x', textbook: "A' * exp(A*x)" },
  { name: 'logsumexp', decls: LOGISTIC, f: 'logsumexp(A*x)', wrt: 'x', textbook: "A' * softmax(A*x)" },
  { name: 'softplus', decls: LOGISTIC, f: "sum(softplus(A*x)) - b' * A * x", wrt: 'x', textbook: "A' * (sigmoid(A*x) - b)" },
  { name: 'low-rank', decls: 'X : matrix(m, n); U : matrix(m, k); V : matrix(n, k)', f: "norm2(X - U*V')^2", wrt: 'U', textbook: "2 * (U*V' - X) * V" },
];
