/**
 * Greek letter names and their letters. The Unicode and LaTeX printers show `lambda` as `λ`,
 * and the lexer reads `λ` back as `lambda`, so Unicode output can be pasted back in.
 * `sigma` is not here: `σ` is the sigmoid.
 */
export const GREEK: Readonly<Record<string, string>> = {
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  epsilon: 'ε',
  zeta: 'ζ',
  eta: 'η',
  theta: 'θ',
  iota: 'ι',
  kappa: 'κ',
  lambda: 'λ',
  mu: 'μ',
  nu: 'ν',
  xi: 'ξ',
  pi: 'π',
  rho: 'ρ',
  tau: 'τ',
  upsilon: 'υ',
  phi: 'φ',
  chi: 'χ',
  psi: 'ψ',
  omega: 'ω',
  Gamma: 'Γ',
  Delta: 'Δ',
  Theta: 'Θ',
  Lambda: 'Λ',
  Xi: 'Ξ',
  Pi: 'Π',
  Sigma: 'Σ',
  Upsilon: 'Υ',
  Phi: 'Φ',
  Psi: 'Ψ',
  Omega: 'Ω',
};

/** Letter -> spelled name (`λ` -> `lambda`). */
export const GREEK_NAMES: ReadonlyMap<string, string> = new Map(Object.entries(GREEK).map(([name, ch]) => [ch, name]));
