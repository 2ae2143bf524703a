/** Valid programs used by several parser tests (ambiguity, fuzz mutations). */
export const SEED = `A : matrix(m, n)
x : vector(n)
b : vector(m)
J = -1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))
J
`;

const DECLS = `A : matrix(m, n)
B : matrix(n, n)
S : symmetric(n)
x : vector(n)
y : vector(n)
b : vector(m)
lambda : scalar
t : scalar
`;

/** Expressions over DECLS covering every operator, function and alias. */
export const EXPRESSIONS = [
  'x',
  '-x',
  '- -x',
  '-t^2',
  't^-1',
  't^2^3',
  "(x'*x)^(-1/2)",
  'x .^ 2',
  'x.^2.^3',
  "x'",
  "x''",
  "A'",
  'A*x',
  "A'*b",
  "x'*B*y",
  "x * y'",
  '1 - b',
  'b - 1',
  '2*x + 3*y - x',
  'x .* y ./ (y + 1)',
  '2./x',
  'x/t',
  'x/2/3',
  '1e-3 * x',
  '.5 * x + 2.25 * y',
  'lambda * norm2(x)^2',
  'exp(x) + log(x) + sqrt(x) + sin(x) + cos(x) + tan(x) + tanh(x)',
  'sigmoid(x) .* softplus(x) .* abs(x) .* sign(x)',
  'sum(A) + norm1(x) + tr(B) + trace(S) + det(B) + logdet(S)',
  'inv(B) * x',
  'diag(x) * y',
  'diag(B)',
  'dot(x, y)',
  "logsumexp(x) + softmax(x)'*y",
  "ones(n)'*x + ones(m, n)*x .* b + zeros(n)'*x",
  'eye(n) * x + zeros(n, n) * y',
  'xᵀ ⊙ yᵀ',
  'σ(A*x) − b',
  '2·t',
  '1/m * sum(A)',
  'n * t',
  '(((x)))',
  "-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))",
];

export const PROGRAMS: string[] = [
  SEED,
  '',
  '\n\n# only a comment\n',
  DECLS + EXPRESSIONS.join('\n'),
  DECLS.split('\n').join('; ') + EXPRESSIONS.join(' ; '),
  DECLS + "f = x + y\ng = f .* f\nh = g'*g # comment\n\n\nh",
  `x : vector(3)\nM : matrix(3, 2)\nM' * x`,
  `x : vector(n)\ns = sum(\n  x .*\n  x\n)\ns`,
];
