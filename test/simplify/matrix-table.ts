/**
 * Issue 9's table of matrix-algebra gradients and Hessians, with the form a textbook prints
 * (Unicode). Shared by the golden test (rows whose textbook form matdiff reaches are pinned),
 * the numeric checks and bench/simplify.ts (which prints every row, reached or not).
 */
export interface MatrixRow {
  readonly name: string;
  readonly program: string;
  readonly wrt: string;
  readonly kind: 'grad' | 'hessian';
  /** The textbook form, as the Unicode printer writes it. */
  readonly textbook: string;
  /** Pinned in the golden test: matdiff prints exactly the textbook form. */
  readonly reached: boolean;
}

export const MATRIX_TABLE: readonly MatrixRow[] = [
  { name: 'inverse-gram-quadratic', program: "w : vector(n); A : matrix(m,n)\nw' * inv(A'*A) * w", wrt: 'w', kind: 'grad', textbook: '2(AᵀA)⁻¹ w', reached: true },
  { name: 'logdet-gram', program: "X : matrix(m,n)\nlogdet(X' * X)", wrt: 'X', kind: 'grad', textbook: '2X(XᵀX)⁻¹', reached: true },
  { name: 'trace-similarity', program: 'A : matrix(n,n); X : matrix(n,n)\ntr(inv(X) * A * X)', wrt: 'A', kind: 'grad', textbook: 'I', reached: true },
  { name: 'logdet-product', program: 'B : matrix(n,n); X : matrix(n,n)\nlogdet(B*X)', wrt: 'X', kind: 'grad', textbook: 'X⁻ᵀ', reached: true },
  { name: 'logdet-pencil', program: 'A : matrix(n,n); B : matrix(n,n); t : scalar\nlogdet(A + t*B)', wrt: 't', kind: 'grad', textbook: 'tr(B(A + tB)⁻¹)', reached: true },
  { name: 'softmax-sums-to-one', program: "A : matrix(m,n); x : vector(n); a : vector(n)\n(ones(m)' * softmax(A*x)) * (a' * x)", wrt: 'x', kind: 'grad', textbook: 'a', reached: true },
  { name: 'cross-entropy', program: "V : matrix(k,n); z : vector(n); t : vector(k)\n-t' * log(softmax(V*z))", wrt: 'V', kind: 'grad', textbook: '(sum(t) softmax(Vz) − t) zᵀ', reached: false },
  { name: 'cauchy-hessian', program: 'A : matrix(m,n); x : vector(n); b : vector(m)\nsum(log(1 + (A*x - b).^2))', wrt: 'x', kind: 'hessian', textbook: '2Aᵀ diag((1 − r∘²) ⊘ (1 + r∘²)∘²) A', reached: false },
  { name: 'gaussian-covariance', program: "S : symmetric(n); x : vector(n); mu : vector(n)\nlogdet(S) + (x - mu)' * inv(S) * (x - mu)", wrt: 'S', kind: 'grad', textbook: 'S⁻¹ − S⁻¹(x − μ)(x − μ)ᵀ S⁻¹', reached: false },
  { name: 'rayleigh-quotient', program: "S : symmetric(n); w : vector(n)\n(w' * S * w) / (w' * w)", wrt: 'w', kind: 'grad', textbook: '(2/(wᵀw))(Sw − ((wᵀSw)/(wᵀw)) w)', reached: false },
  // The Matrix Cookbook (§2: derivatives of traces, determinants, inverses, norms) and common
  // losses of statistics and machine learning.
  { name: "linear", program: "a : vector(n); x : vector(n)\na' * x", wrt: 'x', kind: 'grad', textbook: "a", reached: true },
  { name: "linear-matrix", program: "a : vector(m); b : vector(n); X : matrix(m, n)\na' * X * b", wrt: 'X', kind: 'grad', textbook: "abᵀ", reached: true },
  { name: "linear-matrix-transposed", program: "a : vector(n); b : vector(m); X : matrix(m, n)\na' * X' * b", wrt: 'X', kind: 'grad', textbook: "baᵀ", reached: true },
  { name: "quadratic-form-matrix", program: "a : vector(n); X : matrix(n, n)\na' * X' * X * a", wrt: 'X', kind: 'grad', textbook: "2Xaaᵀ", reached: true },
  { name: "trace-linear", program: "A : matrix(n, n); X : matrix(n, n)\ntr(A * X)", wrt: 'X', kind: 'grad', textbook: "Aᵀ", reached: true },
  { name: "trace-transposed", program: "A : matrix(n, n); X : matrix(n, n)\ntr(A * X')", wrt: 'X', kind: 'grad', textbook: "A", reached: true },
  { name: "trace-square", program: "X : matrix(n, n)\ntr(X * X)", wrt: 'X', kind: 'grad', textbook: "2Xᵀ", reached: true },
  { name: "trace-gram", program: "X : matrix(m, n)\ntr(X' * X)", wrt: 'X', kind: 'grad', textbook: "2X", reached: true },
  { name: "trace-sandwich", program: "A : matrix(n, n); B : matrix(n, n); X : matrix(n, n)\ntr(A * X * B)", wrt: 'X', kind: 'grad', textbook: "AᵀBᵀ", reached: true },
  { name: "trace-quadratic", program: "B : matrix(n, n); X : matrix(m, n)\ntr(X * B * X')", wrt: 'X', kind: 'grad', textbook: "X(B + Bᵀ)", reached: true },
  { name: "trace-inverse", program: "A : matrix(n, n); X : matrix(n, n)\ntr(A * inv(X))", wrt: 'X', kind: 'grad', textbook: "−X⁻ᵀ Aᵀ X⁻ᵀ", reached: true },
  { name: "frobenius", program: "X : matrix(m, n)\nnorm2(X)^2", wrt: 'X', kind: 'grad', textbook: "2X", reached: true },
  { name: "frobenius-residual", program: "A : matrix(m, n); X : matrix(n, k); B : matrix(m, k)\nnorm2(A*X - B)^2", wrt: 'X', kind: 'grad', textbook: "2Aᵀ(AX − B)", reached: true },
  { name: "det-inverse", program: "X : matrix(n, n)\ndet(inv(X))", wrt: 'X', kind: 'grad', textbook: "−(1/det(X)) X⁻ᵀ", reached: true },
  { name: "logdet-inverse", program: "X : matrix(n, n)\nlogdet(inv(X))", wrt: 'X', kind: 'grad', textbook: "−X⁻ᵀ", reached: true },
  { name: "logdet-symmetric", program: "S : symmetric(n)\nlogdet(S)", wrt: 'S', kind: 'grad', textbook: "S⁻¹", reached: true },
  { name: "trace-inverse-symmetric", program: "A : matrix(n, n); S : symmetric(n)\ntr(A * inv(S))", wrt: 'S', kind: 'grad', textbook: "−(1/2) S⁻¹(A + Aᵀ) S⁻¹", reached: true },
  { name: "norm", program: "x : vector(n)\nnorm2(x)", wrt: 'x', kind: 'grad', textbook: "(1/‖x‖) x", reached: true },
  { name: "norm-residual", program: "A : matrix(m, n); x : vector(n); b : vector(m)\nnorm2(A*x - b)", wrt: 'x', kind: 'grad', textbook: "(1/‖Ax − b‖) Aᵀ(Ax − b)", reached: true },
  { name: "weighted-least-squares", program: "A : matrix(m, n); x : vector(n); b : vector(m); W : symmetric(m)\n(A*x - b)' * W * (A*x - b)", wrt: 'x', kind: 'grad', textbook: "2AᵀW(Ax − b)", reached: true },
  { name: "lasso-smooth", program: "A : matrix(m, n); x : vector(n); b : vector(m); lambda : scalar\n1/2 * norm2(A*x - b)^2 + lambda * sum(sqrt(x.^2 + 1))", wrt: 'x', kind: 'grad', textbook: "Aᵀ(Ax − b) + λ(x ⊘ √(x∘² + 1))", reached: true },
  { name: "poisson", program: "A : matrix(m, n); x : vector(n); y : vector(m)\nsum(exp(A*x)) - y' * A * x", wrt: 'x', kind: 'grad', textbook: "Aᵀ(exp(Ax) − y)", reached: true },
  { name: "poisson-hessian", program: "A : matrix(m, n); x : vector(n); y : vector(m)\nsum(exp(A*x)) - y' * A * x", wrt: 'x', kind: 'hessian', textbook: "Aᵀ diag(exp(Ax)) A", reached: true },
  { name: "softplus-loss", program: "A : matrix(m, n); x : vector(n)\nsum(softplus(A*x))", wrt: 'x', kind: 'grad', textbook: "Aᵀ σ(Ax)", reached: true },
  { name: "log-barrier", program: "A : matrix(m, n); x : vector(n); b : vector(m)\n-sum(log(b - A*x))", wrt: 'x', kind: 'grad', textbook: "Aᵀ(1 ⊘ (b − Ax))", reached: true },
  { name: "log-barrier-hessian", program: "A : matrix(m, n); x : vector(n); b : vector(m)\n-sum(log(b - A*x))", wrt: 'x', kind: 'hessian', textbook: "Aᵀ diag(1 ⊘ (b − Ax)∘²) A", reached: true },
  { name: "entropy", program: "p : vector(n)\nsum(p .* log(p))", wrt: 'p', kind: 'grad', textbook: "log(p) + 1", reached: true },
  { name: "entropy-hessian", program: "p : vector(n)\nsum(p .* log(p))", wrt: 'p', kind: 'hessian', textbook: "diag(1 ⊘ p)", reached: true },
  { name: "tanh-layer", program: "W : matrix(m, n); x : vector(n); y : vector(m)\nnorm2(tanh(W*x) - y)^2", wrt: 'W', kind: 'grad', textbook: "2((tanh(Wx) − y) ⊙ (1 − tanh(Wx)∘²)) xᵀ", reached: true },
  { name: "sigmoid-layer", program: "W : matrix(m, n); x : vector(n); c : vector(m)\nc' * sigmoid(W*x)", wrt: 'W', kind: 'grad', textbook: "(c ⊙ σ(Wx) ⊙ (1 − σ(Wx))) xᵀ", reached: true },
  { name: "softmax-regression", program: "W : matrix(k, n); x : vector(n); y : vector(k)\nlogsumexp(W*x) - y' * W * x", wrt: 'W', kind: 'grad', textbook: "(softmax(Wx) − y) xᵀ", reached: true },
  { name: "quadratic-hessian", program: "A : matrix(n, n); x : vector(n)\nx' * A * x", wrt: 'x', kind: 'hessian', textbook: "A + Aᵀ", reached: true },
  { name: "ridge-hessian", program: "A : matrix(m, n); x : vector(n); b : vector(m); lambda : scalar\nnorm2(A*x - b)^2 + lambda * norm2(x)^2", wrt: 'x', kind: 'hessian', textbook: "2(AᵀA + λI)", reached: true },
  { name: "cosine", program: "a : vector(n); x : vector(n)\n(a' * x) / (norm2(a) * norm2(x))", wrt: 'x', kind: 'grad', textbook: "(1/(‖a‖ ‖x‖))(a − ((aᵀx)/‖x‖²) x)", reached: false },
  { name: "exp-quadratic", program: "A : symmetric(n); x : vector(n)\nexp(-x' * A * x / 2)", wrt: 'x', kind: 'grad', textbook: "−exp(−(1/2) xᵀAx) Ax", reached: true },
  { name: "sum-sigmoid-scalar", program: "t : scalar; x : vector(n)\nsum(sigmoid(t * x))", wrt: 't', kind: 'grad', textbook: "xᵀ(σ(tx) ⊙ (1 − σ(tx)))", reached: false },
  { name: "huber-like", program: "x : vector(n); b : vector(n)\nsum(sqrt(1 + (x - b).^2))", wrt: 'x', kind: 'grad', textbook: "(x − b) ⊘ √((x − b)∘² + 1)", reached: true },
  { name: "bilinear", program: "x : vector(n); y : vector(m); A : matrix(n, m)\nx' * A * y", wrt: 'A', kind: 'grad', textbook: "xyᵀ", reached: true },
  { name: "outer-trace", program: "x : vector(n); A : matrix(n, n)\ntr(A * x * x')", wrt: 'x', kind: 'grad', textbook: "(A + Aᵀ) x", reached: true },
  { name: "kl-softmax", program: "z : vector(k); p : vector(k)\nlogsumexp(z) - p' * z", wrt: 'z', kind: 'grad', textbook: "softmax(z) − p", reached: true },
  { name: 'logsumexp-hessian', program: 'A : matrix(m,n); x : vector(n)\nlogsumexp(A*x)', wrt: 'x', kind: 'hessian', textbook: 'Aᵀ(diag(softmax(Ax)) − softmax(Ax) softmax(Ax)ᵀ) A', reached: false },
];
