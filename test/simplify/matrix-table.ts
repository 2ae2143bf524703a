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
  { name: 'logsumexp-hessian', program: 'A : matrix(m,n); x : vector(n)\nlogsumexp(A*x)', wrt: 'x', kind: 'hessian', textbook: 'Aᵀ(diag(softmax(Ax)) − softmax(Ax) softmax(Ax)ᵀ) A', reached: false },
];
