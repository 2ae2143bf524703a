/**
 * The identity each derivation line names, as a person reads it, in each notation. One entry
 * per op, so an op added to the notation without its differential rule fails to compile here.
 * The rules themselves are the JVP table's (src/ad/jvp.ts); these are their names and statements.
 */
import { Op } from '../core/ops';

export interface Identity {
  /** A short name: "chain rule through log". */
  readonly name: string;
  readonly text: string;
  readonly unicode: string;
  readonly latex: string;
}

const id = (name: string, text: string, unicode: string, latex: string): Identity => ({ name, text, unicode, latex });

/** Leaves have no rule of their own: their differential is zero (or dx). */
const leaf = id('constant', 'd(A) = 0', 'dA = 0', '\\mathrm{d}A = 0');

/** The rule applied to a node of each op when more than one of its arguments moves (or for a nonlinear op). */
export const IDENTITY: Record<Op, Identity> = {
  const: leaf,
  dim: leaf,
  var: leaf,
  zeros: leaf,
  ones: leaf,
  eye: leaf,
  add: id('linearity', 'd(U + V) = dU + dV', 'd(U + V) = dU + dV', '\\mathrm{d}(U + V) = \\mathrm{d}U + \\mathrm{d}V'),
  mul: id('product rule', 'd(a*U) = da*U + a*dU', 'd(αU) = dα U + α dU', '\\mathrm{d}(\\alpha U) = \\mathrm{d}\\alpha\\, U + \\alpha\\, \\mathrm{d}U'),
  matmul: id('product rule', 'd(U*V) = dU*V + U*dV', 'd(UV) = dU V + U dV', '\\mathrm{d}(UV) = \\mathrm{d}U\\, V + U\\, \\mathrm{d}V'),
  hadamard: id(
    'product rule',
    'd(u .* v) = du .* v + u .* dv',
    'd(u ⊙ v) = du ⊙ v + u ⊙ dv',
    '\\mathrm{d}(u \\odot v) = \\mathrm{d}u \\odot v + u \\odot \\mathrm{d}v',
  ),
  pow: id('power rule', 'd(u^p) = p*u^(p-1)*du', 'd(uᵖ) = p uᵖ⁻¹ du', '\\mathrm{d}(u^p) = p\\,u^{p-1}\\,\\mathrm{d}u'),
  epow: id('power rule', 'd(u.^p) = p*u.^(p-1) .* du', 'd(u∘ᵖ) = p u∘⁽ᵖ⁻¹⁾ ⊙ du', '\\mathrm{d}(u^{\\circ p}) = p\\, u^{\\circ (p-1)} \\odot \\mathrm{d}u'),
  transpose: id('linearity', "d(U') = dU'", 'd(Uᵀ) = (dU)ᵀ', '\\mathrm{d}(U^\\top) = (\\mathrm{d}U)^\\top'),
  exp: id('chain rule through exp', 'd exp(u) = exp(u) .* du', 'd exp(u) = exp(u) ⊙ du', '\\mathrm{d}\\exp(u) = \\exp(u) \\odot \\mathrm{d}u'),
  log: id('chain rule through log', 'd log(u) = du ./ u', 'd log u = du ⊘ u', '\\mathrm{d}\\log u = \\mathrm{d}u \\oslash u'),
  sqrt: id('chain rule through sqrt', 'd sqrt(u) = du ./ (2*sqrt(u))', 'd √u = du ⊘ (2√u)', '\\mathrm{d}\\sqrt{u} = \\mathrm{d}u \\oslash (2\\sqrt{u})'),
  sin: id('chain rule through sin', 'd sin(u) = cos(u) .* du', 'd sin u = cos u ⊙ du', '\\mathrm{d}\\sin u = \\cos u \\odot \\mathrm{d}u'),
  cos: id('chain rule through cos', 'd cos(u) = -sin(u) .* du', 'd cos u = −sin u ⊙ du', '\\mathrm{d}\\cos u = -\\sin u \\odot \\mathrm{d}u'),
  tan: id(
    'chain rule through tan',
    'd tan(u) = (1 + tan(u).^2) .* du',
    'd tan u = (1 + tan² u) ⊙ du',
    '\\mathrm{d}\\tan u = (1 + \\tan^2 u) \\odot \\mathrm{d}u',
  ),
  tanh: id(
    'chain rule through tanh',
    'd tanh(u) = (1 - tanh(u).^2) .* du',
    'd tanh u = (1 − tanh² u) ⊙ du',
    '\\mathrm{d}\\tanh u = (1 - \\tanh^2 u) \\odot \\mathrm{d}u',
  ),
  sigmoid: id(
    'chain rule through σ',
    'd sigmoid(z) = sigmoid(z) .* (1 - sigmoid(z)) .* dz',
    'dσ(z) = σ(z) ⊙ (1 − σ(z)) ⊙ dz',
    '\\mathrm{d}\\sigma(z) = \\sigma(z) \\odot (1 - \\sigma(z)) \\odot \\mathrm{d}z',
  ),
  softplus: id(
    'chain rule through softplus',
    'd softplus(z) = sigmoid(z) .* dz',
    'd softplus(z) = σ(z) ⊙ dz',
    '\\mathrm{d}\\operatorname{softplus}(z) = \\sigma(z) \\odot \\mathrm{d}z',
  ),
  abs: id('chain rule through |·|', 'd abs(u) = sign(u) .* du', 'd|u| = sign(u) ⊙ du', '\\mathrm{d}|u| = \\operatorname{sign}(u) \\odot \\mathrm{d}u'),
  log1p: id(
    'chain rule through log1p',
    'd log1p(u) = du ./ (1 + u)',
    'd log1p(u) = du ⊘ (1 + u)',
    '\\mathrm{d}\\operatorname{log1p}(u) = \\mathrm{d}u \\oslash (1 + u)',
  ),
  expm1: id(
    'chain rule through expm1',
    'd expm1(u) = exp(u) .* du',
    'd expm1(u) = exp(u) ⊙ du',
    '\\mathrm{d}\\operatorname{expm1}(u) = \\exp(u) \\odot \\mathrm{d}u',
  ),
  relu: id(
    'chain rule through relu',
    'd relu(u) = (1 + sign(u))/2 .* du',
    'd relu(u) = ((1 + sign u)/2) ⊙ du',
    '\\mathrm{d}\\operatorname{relu}(u) = \\tfrac{1}{2}(1 + \\operatorname{sign} u) \\odot \\mathrm{d}u',
  ),
  sign: id('sign is locally constant', 'd sign(u) = 0', 'd sign(u) = 0', '\\mathrm{d}\\operatorname{sign}(u) = 0'),
  sum: id('linearity', 'd sum(U) = sum(dU)', 'd sum(U) = sum(dU)', '\\mathrm{d}\\operatorname{sum}(U) = \\operatorname{sum}(\\mathrm{d}U)'),
  norm2: id('differential of the norm', "d norm2(u) = u' * du / norm2(u)", 'd‖u‖ = uᵀdu / ‖u‖', '\\mathrm{d}\\|u\\| = u^\\top \\mathrm{d}u / \\|u\\|'),
  norm1: id(
    'differential of the 1-norm',
    "d norm1(u) = sign(u)' * du",
    'd‖u‖₁ = sign(u)ᵀdu',
    '\\mathrm{d}\\|u\\|_1 = \\operatorname{sign}(u)^\\top \\mathrm{d}u',
  ),
  tr: id('linearity', 'd tr(U) = tr(dU)', 'd tr(U) = tr(dU)', '\\mathrm{d}\\operatorname{tr}(U) = \\operatorname{tr}(\\mathrm{d}U)'),
  det: id(
    "Jacobi's formula",
    'd det(X) = det(X) * tr(inv(X) * dX)',
    'd det X = det X tr(X⁻¹dX)',
    '\\mathrm{d}\\det X = \\det X \\operatorname{tr}(X^{-1} \\mathrm{d}X)',
  ),
  logdet: id(
    'differential of log det',
    'd logdet(X) = tr(inv(X) * dX)',
    'd log det X = tr(X⁻¹dX)',
    '\\mathrm{d}\\log\\det X = \\operatorname{tr}(X^{-1} \\mathrm{d}X)',
  ),
  inv: id('differential of the inverse', 'd inv(X) = -inv(X) * dX * inv(X)', 'd X⁻¹ = −X⁻¹ dX X⁻¹', '\\mathrm{d}X^{-1} = -X^{-1}\\, \\mathrm{d}X\\, X^{-1}'),
  diagm: id('linearity', 'd diag(u) = diag(du)', 'd diag(u) = diag(du)', '\\mathrm{d}\\operatorname{diag}(u) = \\operatorname{diag}(\\mathrm{d}u)'),
  diagv: id('linearity', 'd diag(X) = diag(dX)', 'd diag(X) = diag(dX)', '\\mathrm{d}\\operatorname{diag}(X) = \\operatorname{diag}(\\mathrm{d}X)'),
  logsumexp: id(
    'differential of logsumexp',
    "d logsumexp(z) = softmax(z)' * dz",
    'd logsumexp(z) = softmax(z)ᵀdz',
    '\\mathrm{d}\\operatorname{logsumexp}(z) = \\operatorname{softmax}(z)^\\top \\mathrm{d}z',
  ),
  max: id(
    'differential of max',
    'd max(a, b) = (a >= b) .* da + (a < b) .* db',
    'd max(a, b) = [a ≥ b] ⊙ da + [a < b] ⊙ db',
    '\\mathrm{d}\\max(a, b) = [a \\ge b] \\odot \\mathrm{d}a + [a < b] \\odot \\mathrm{d}b',
  ),
  min: id(
    'differential of min',
    'd min(a, b) = (a <= b) .* da + (a > b) .* db',
    'd min(a, b) = [a ≤ b] ⊙ da + [a > b] ⊙ db',
    '\\mathrm{d}\\min(a, b) = [a \\le b] \\odot \\mathrm{d}a + [a > b] \\odot \\mathrm{d}b',
  ),
  kron: id(
    'product rule',
    'd kron(A, B) = kron(dA, B) + kron(A, dB)',
    'd(A ⊗ B) = dA ⊗ B + A ⊗ dB',
    '\\mathrm{d}(A \\otimes B) = \\mathrm{d}A \\otimes B + A \\otimes \\mathrm{d}B',
  ),
  vec: id('linearity', 'd vec(U) = vec(dU)', 'd vec(U) = vec(dU)', '\\mathrm{d}\\operatorname{vec}(U) = \\operatorname{vec}(\\mathrm{d}U)'),
  commutation: leaf,
  softmax: id(
    'differential of softmax',
    "d softmax(z) = s .* (dz - s' * dz), s = softmax(z)",
    'd s = s ⊙ (dz − sᵀdz), s = softmax(z)',
    '\\mathrm{d}s = s \\odot (\\mathrm{d}z - s^\\top \\mathrm{d}z),\\ s = \\operatorname{softmax}(z)',
  ),
};

/** Powers whose exponent moves too. */
export const MOVING_EXPONENT: Partial<Record<Op, Identity>> = {
  pow: id(
    'power rule',
    'd(u^p) = p*u^(p-1)*du + u^p*log(u)*dp',
    'd(uᵖ) = p uᵖ⁻¹ du + uᵖ log u dp',
    '\\mathrm{d}(u^p) = p\\,u^{p-1}\\,\\mathrm{d}u + u^p \\log u\\, \\mathrm{d}p',
  ),
  epow: id(
    'power rule',
    'd(u.^p) = p*u.^(p-1) .* du + (u.^p .* log(u))*dp',
    'd(u∘ᵖ) = p u∘⁽ᵖ⁻¹⁾ ⊙ du + (u∘ᵖ ⊙ log u) dp',
    '\\mathrm{d}(u^{\\circ p}) = p\\, u^{\\circ (p-1)} \\odot \\mathrm{d}u + (u^{\\circ p} \\odot \\log u)\\, \\mathrm{d}p',
  ),
};

/** How the gradient is read off the last line, per kind of variable. */
export const IDENTIFICATION = {
  scalar: id('identification', 'df = g*dx  =>  grad = g', 'df = g dx ⟹ ∇f = g', '\\mathrm{d}f = g\\,\\mathrm{d}x \\implies \\nabla f = g'),
  vector: id('identification', "df = g'*dx  =>  grad = g", 'df = gᵀdx ⟹ ∇f = g', '\\mathrm{d}f = g^\\top \\mathrm{d}x \\implies \\nabla f = g'),
  matrix: id(
    'identification',
    "df = tr(G'*dX)  =>  grad = G",
    'df = tr(GᵀdX) ⟹ ∇f = G',
    '\\mathrm{d}f = \\operatorname{tr}(G^\\top \\mathrm{d}X) \\implies \\nabla f = G',
  ),
  symmetric: id(
    'symmetric convention',
    "for symmetric dX, tr(G'*dX) = tr(((G + G')/2)'*dX): the gradient is the symmetric part",
    'for symmetric dX, tr(GᵀdX) = tr(((G + Gᵀ)/2)ᵀdX): the gradient is the symmetric part',
    '\\text{for symmetric } \\mathrm{d}X,\\ \\operatorname{tr}(G^\\top \\mathrm{d}X) = \\operatorname{tr}\\big(\\tfrac{1}{2}(G + G^\\top)^\\top \\mathrm{d}X\\big)',
  ),
  diagonal: id(
    'diagonal convention',
    "only the diagonal of dX moves: tr(G'*dX) = tr((I .* G)'*dX)",
    'only the diagonal of dX moves: tr(GᵀdX) = tr((I ⊙ G)ᵀdX)',
    '\\text{only the diagonal of } \\mathrm{d}X \\text{ moves: } \\operatorname{tr}(G^\\top \\mathrm{d}X) = \\operatorname{tr}((I \\odot G)^\\top \\mathrm{d}X)',
  ),
} as const;

/** The linear steps' statements, for the ops a linearity line went through. */
export const LINEAR_IDENTITY: Partial<Record<Op, Identity>> = {
  add: IDENTITY.add,
  mul: id('linearity', 'd(a*U) = a*dU', 'd(αU) = α dU', '\\mathrm{d}(\\alpha U) = \\alpha\\, \\mathrm{d}U'),
  matmul: id('linearity', 'd(A*U*B) = A*dU*B', 'd(AUB) = A dU B', '\\mathrm{d}(AUB) = A\\, \\mathrm{d}U\\, B'),
  hadamard: id('linearity', 'd(A .* U) = A .* dU', 'd(A ⊙ U) = A ⊙ dU', '\\mathrm{d}(A \\odot U) = A \\odot \\mathrm{d}U'),
  transpose: IDENTITY.transpose,
  sum: IDENTITY.sum,
  tr: IDENTITY.tr,
  diagm: IDENTITY.diagm,
  diagv: IDENTITY.diagv,
  vec: IDENTITY.vec,
  kron: id('linearity', 'd kron(A, U) = kron(A, dU)', 'd(A ⊗ U) = A ⊗ dU', '\\mathrm{d}(A \\otimes U) = A \\otimes \\mathrm{d}U'),
};
