/**
 * The named rewrite rules, as data in the notation (egg's `rw!`, mathjs's rule strings).
 * Each is parsed once, into the rules' own graph (never the user's), for a scalar, a vector and
 * a matrix reading of its pattern variables. A reading whose sides do not type-check, or whose
 * right side has another shape than its left, is not a rule. Every rule is an identity wherever
 * its left side is defined (a test checks both sides numerically on targets whose dimension
 * names differ from the rules' own); identities that would change a domain (`exp(log(z)) -> z`)
 * are left out on purpose.
 *
 * The right side is instantiated in the target's graph and shapes (match.ts): the rule's
 * dimension symbols are replaced by the target's dimensions, so a shaped constant such as
 * `ones(k)` becomes `ones(n)` for an n-vector target.
 *
 * The algebra of `+ - * .* ./ ^ .^` (like terms, cancellation, expansion, division by sums),
 * matrix-product distributivity and sign placement are procedures, not rules: see region.ts,
 * factor.ts and sign.ts. They are named in the trace all the same.
 */
import { dimSymbols } from '../core/dims';
import { MatdiffError } from '../core/errors';
import { Graph, Node, topoOrder } from '../core/graph';
import { parseExpression, parseProgram } from '../parse';
import { RulesSnapshot, rulesFromSnapshot } from './rules-snapshot';

/**
 * A fact the e-graph's analysis knows about a class (saturate.ts, facts.ts): symmetric; diagonal
 * (zero off the diagonal); orthogonal (QᵀQ = QQᵀ = I); columnsSumToOne (every column's entries
 * sum to one, 𝟏ᵀY = 𝟏ᵀ: a simplex(k, m) matrix); sumsToOne (a vector whose entries sum to one).
 */
export type Fact = 'symmetric' | 'sumsToOne' | 'diagonal' | 'orthogonal' | 'columnsSumToOne' | 'positive' | 'nonnegative' | 'positiveDefinite';

export interface RuleText {
  readonly name: string;
  readonly lhs: string;
  readonly rhs: string;
  /** Why it holds, for people reading the trace. */
  readonly why: string;
  /**
   * The rule's own pattern variables, as declarations in the notation (any shapes; their
   * dimension symbols are pattern dimensions). Without them the rule is read in every one of
   * READINGS.
   */
  readonly vars?: string;
  /** Facts the bound variables must have for the rule to apply. */
  readonly when?: ReadonlyArray<readonly [Fact, string]>;
}

const SQUARE = 'X : matrix(k, k); Y : matrix(k, k)';
const ORTHO = 'Q : matrix(k, k)';
const DIAG = 'D : matrix(k, k)';
const STOCHASTIC = 'Y : matrix(k, l)';

export const RULES: readonly RuleText[] = [
  { name: 'sigmoid-from-exp', lhs: '1 ./ (1 + exp(-z))', rhs: 'sigmoid(z)', why: 'definition of the logistic function' },
  { name: 'sigmoid-from-exp-ratio', lhs: 'exp(z) ./ (1 + exp(z))', rhs: 'sigmoid(z)', why: 'multiply 1/(1+e^-z) by e^z/e^z' },
  { name: 'softplus-from-log', lhs: 'log(1 + exp(z))', rhs: 'softplus(z)', why: 'definition of softplus' },
  { name: 'sigmoid-symmetry', lhs: 'sigmoid(z) + sigmoid(-z)', rhs: '1 + 0 * z', why: 'σ(z) + σ(−z) = 1' },
  { name: 'log-of-exp', lhs: 'log(exp(z))', rhs: 'z', why: 'log is the inverse of exp on all reals' },
  { name: 'log-of-det', lhs: 'log(det(X))', rhs: 'logdet(X)', why: 'definition of logdet (both need det > 0)' },
  { name: 'inverse-of-transpose', lhs: "inv(X')", rhs: "inv(X)'", why: '(Xᵀ)⁻¹ = (X⁻¹)ᵀ' },
  { name: 'det-of-inverse', lhs: 'det(inv(X))', rhs: '1 / det(X)', why: 'det(X⁻¹) = 1/det(X)' },
  { name: 'logdet-of-inverse', lhs: 'logdet(inv(X))', rhs: '-logdet(X)', why: 'log det(X⁻¹) = −log det(X)' },
  { name: 'sum-of-hadamard', lhs: 'sum(u .* z)', rhs: "u' * z", why: 'Σᵢ uᵢzᵢ is the inner product' },
  { name: 'trace-of-outer', lhs: "tr(u * z')", rhs: "z' * u", why: 'tr(u zᵀ) = zᵀu' },
  { name: 'sqrt-squared', lhs: 'sqrt(z) .^ 2', rhs: 'z', why: 'on the domain of sqrt (z ≥ 0)' },
  { name: 'sqrt-of-square', lhs: 'sqrt(z .^ 2)', rhs: 'abs(z)', why: '√(z²) = |z| for every real z' },
  { name: 'sign-times-value', lhs: 'sign(z) .* z', rhs: 'abs(z)', why: 'sign(z) z = |z|' },
  { name: 'abs-times-sign', lhs: 'abs(z) .* sign(z)', rhs: 'z', why: '|z| sign(z) = z' },
  { name: 'abs-squared', lhs: 'abs(z) .^ 2', rhs: 'z .^ 2', why: '|z|² = z²' },
  { name: 'abs-of-nonnegative', lhs: 'abs(z)', rhs: 'z', when: [['nonnegative', 'z']], why: '|z| = z for z ≥ 0' },
  { name: 'sign-of-positive', lhs: 'sign(z)', rhs: '1 + 0 * z', when: [['positive', 'z']], why: 'sign(z) = 1 for z > 0' },
  { name: 'exp-of-log', lhs: 'exp(log(z))', rhs: 'z', when: [['positive', 'z']], why: 'exp(log z) = z for z > 0 (where log z is defined)' },
  {
    name: 'log-of-product',
    lhs: 'log(u .* z)',
    rhs: 'log(u) + log(z)',
    when: [
      ['positive', 'u'],
      ['positive', 'z'],
    ],
    why: 'log(uz) = log u + log z for u, z > 0',
  },
  { name: 'value-over-abs', lhs: 'z ./ abs(z)', rhs: 'sign(z)', why: 'z/|z| = sign(z) wherever z ≠ 0 (a cancellation, like x/x = 1)' },
  // Matrix algebra (the Matrix Cookbook §1–§2), two-way where both directions are identities:
  // the cost, not the rule order, decides which form is printed.
  { name: 'transpose-of-symmetric', vars: SQUARE, lhs: "X'", rhs: 'X', when: [['symmetric', 'X']], why: 'Xᵀ = X for a symmetric X' },
  { name: 'transpose-of-inverse', vars: SQUARE, lhs: "inv(X)'", rhs: "inv(X')", why: '(X⁻¹)ᵀ = (Xᵀ)⁻¹' },
  { name: 'product-with-inverse', vars: SQUARE, lhs: 'X * inv(X)', rhs: 'eye(k)', why: 'X X⁻¹ = I' },
  { name: 'inverse-times-matrix', vars: SQUARE, lhs: 'inv(X) * X', rhs: 'eye(k)', why: 'X⁻¹ X = I' },
  { name: 'inverse-of-product', vars: SQUARE, lhs: 'inv(X * Y)', rhs: 'inv(Y) * inv(X)', why: '(XY)⁻¹ = Y⁻¹X⁻¹ (both square)' },
  { name: 'product-of-inverses', vars: SQUARE, lhs: 'inv(Y) * inv(X)', rhs: 'inv(X * Y)', why: 'Y⁻¹X⁻¹ = (XY)⁻¹' },
  // Not logdet(XY) -> logdet(X) + logdet(Y): the right side is undefined where det X, det Y < 0
  // although det(XY) > 0, so it would narrow the domain (a wrong NaN, not a simpler formula).
  {
    name: 'logdet-of-product-pd',
    vars: SQUARE,
    lhs: 'logdet(X * Y)',
    rhs: 'logdet(X) + logdet(Y)',
    when: [
      ['positiveDefinite', 'X'],
      ['positiveDefinite', 'Y'],
    ],
    why: 'log det(XY) = log det X + log det Y when det X, det Y > 0',
  },
  { name: 'det-of-scaled', vars: 'c : scalar; X : matrix(k, k)', lhs: 'det(c * X)', rhs: 'c^k * det(X)', why: 'det(cX) = cᵏ det X for a k×k X' },
  {
    name: 'logdet-of-scaled',
    vars: 'c : scalar; X : matrix(k, k)',
    lhs: 'logdet(c * X)',
    rhs: 'k * log(c) + logdet(X)',
    when: [
      ['positive', 'c'],
      ['positiveDefinite', 'X'],
    ],
    why: 'log det(cX) = k log c + log det X for c > 0, det X > 0',
  },
  { name: 'det-of-product', vars: SQUARE, lhs: 'det(X * Y)', rhs: 'det(X) * det(Y)', why: 'det(XY) = det X det Y' },
  { name: 'trace-cyclic', vars: 'A : matrix(k, l); B : matrix(l, k)', lhs: 'tr(A * B)', rhs: 'tr(B * A)', why: 'tr(AB) = tr(BA)' },
  { name: 'trace-of-transposes', vars: 'A : matrix(k, l); B : matrix(l, k)', lhs: "tr(A' * B')", rhs: 'tr(B * A)', why: 'tr(AᵀBᵀ) = tr((BA)ᵀ) = tr(BA)' },
  { name: 'sum-of-hadamard-matrices', vars: 'A : matrix(k, l); B : matrix(k, l)', lhs: 'sum(A .* B)', rhs: "tr(A' * B)", why: '⟨A, B⟩ = Σᵢⱼ AᵢⱼBᵢⱼ = tr(AᵀB)' },
  { name: 'ones-times-probabilities', vars: 'p : vector(k)', lhs: "ones(k)' * p", rhs: '1', when: [['sumsToOne', 'p']], why: 'the entries of p sum to one' },
  { name: 'probabilities-times-ones', vars: 'p : vector(k)', lhs: "p' * ones(k)", rhs: '1', when: [['sumsToOne', 'p']], why: 'the entries of p sum to one' },
  { name: 'sum-of-probabilities', vars: 'p : vector(k)', lhs: 'sum(p)', rhs: '1', when: [['sumsToOne', 'p']], why: 'the entries of p sum to one' },
  // Kronecker products and the commutation matrix (Magnus & Neudecker ch. 2–3; Matrix Cookbook §10.2).
  {
    name: 'kron-mixed-product',
    vars: 'A : matrix(k, l); B : matrix(p, q); C : matrix(l, r); D : matrix(q, s)',
    lhs: 'kron(A, B) * kron(C, D)',
    rhs: 'kron(A * C, B * D)',
    why: '(A ⊗ B)(C ⊗ D) = AC ⊗ BD',
  },
  {
    name: 'kron-sum-right',
    vars: 'A : matrix(k, l); B : matrix(p, q); C : matrix(p, q)',
    lhs: 'kron(A, B) + kron(A, C)',
    rhs: 'kron(A, B + C)',
    why: 'A ⊗ B + A ⊗ C = A ⊗ (B + C)',
  },
  {
    name: 'kron-sum-left',
    vars: 'A : matrix(k, l); B : matrix(k, l); C : matrix(p, q)',
    lhs: 'kron(A, C) + kron(B, C)',
    rhs: 'kron(A + B, C)',
    why: 'A ⊗ C + B ⊗ C = (A + B) ⊗ C',
  },
  { name: 'kron-inverse', vars: 'A : matrix(k, k); B : matrix(p, p)', lhs: 'inv(kron(A, B))', rhs: 'kron(inv(A), inv(B))', why: '(A ⊗ B)⁻¹ = A⁻¹ ⊗ B⁻¹' },
  { name: 'commutation-vec', vars: 'X : matrix(k, l)', lhs: 'commutation(k, l) * vec(X)', rhs: "vec(X')", why: 'K(m,n) vec(X) = vec(Xᵀ) for X m×n' },
  // Declared facts: orthogonal, diagonal and column-stochastic matrices.
  { name: 'orthogonal-gram', vars: ORTHO, lhs: "Q' * Q", rhs: 'eye(k)', when: [['orthogonal', 'Q']], why: 'QᵀQ = I for an orthogonal Q' },
  { name: 'orthogonal-outer-gram', vars: ORTHO, lhs: "Q * Q'", rhs: 'eye(k)', when: [['orthogonal', 'Q']], why: 'QQᵀ = I for an orthogonal Q' },
  { name: 'inverse-of-orthogonal', vars: ORTHO, lhs: 'inv(Q)', rhs: "Q'", when: [['orthogonal', 'Q']], why: 'Q⁻¹ = Qᵀ for an orthogonal Q' },
  { name: 'det-of-orthogonal-squared', vars: ORTHO, lhs: 'det(Q)^2', rhs: '1', when: [['orthogonal', 'Q']], why: 'det(Q)² = det(QᵀQ) = det(I) = 1' },
  { name: 'abs-det-of-orthogonal', vars: ORTHO, lhs: 'abs(det(Q))', rhs: '1', when: [['orthogonal', 'Q']], why: 'det(Q) = ±1 for an orthogonal Q' },
  {
    name: 'norm-of-orthogonal-times',
    vars: `${ORTHO}; A : matrix(k, l)`,
    lhs: 'norm2(Q * A)',
    rhs: 'norm2(A)',
    when: [['orthogonal', 'Q']],
    why: '‖QA‖² = tr(AᵀQᵀQA) = ‖A‖²',
  },
  {
    name: 'norm-of-times-orthogonal',
    vars: `${ORTHO}; A : matrix(l, k)`,
    lhs: 'norm2(A * Q)',
    rhs: 'norm2(A)',
    when: [['orthogonal', 'Q']],
    why: '‖AQ‖² = tr(AQQᵀAᵀ) = ‖A‖²',
  },
  {
    name: 'diagonal-of-diagonal',
    vars: DIAG,
    lhs: 'diag(diag(D))',
    rhs: 'D',
    when: [['diagonal', 'D']],
    why: 'a diagonal matrix is the diagonal matrix of its diagonal',
  },
  { name: 'identity-mask-of-diagonal', vars: DIAG, lhs: 'D .* eye(k)', rhs: 'D', when: [['diagonal', 'D']], why: 'I ⊙ D = D: D is zero off the diagonal' },
  { name: 'sum-of-diagonal', vars: DIAG, lhs: 'sum(D)', rhs: 'tr(D)', when: [['diagonal', 'D']], why: 'the entries of a diagonal matrix are its diagonal' },
  { name: 'norm-of-transpose', vars: 'A : matrix(k, l)', lhs: "norm2(A')", rhs: 'norm2(A)', why: '‖Aᵀ‖ = ‖A‖ (the same entries)' },
  { name: 'diagonal-of-outer', vars: 'u : vector(k); v : vector(k)', lhs: "diag(u * v')", rhs: 'u .* v', why: '(u vᵀ)ᵢᵢ = uᵢvᵢ' },
  { name: 'diagonal-of-transpose', vars: SQUARE, lhs: "diag(X')", rhs: 'diag(X)', why: 'a transpose has the same diagonal' },
  {
    name: 'ones-times-stochastic',
    vars: STOCHASTIC,
    lhs: "ones(k)' * Y",
    rhs: "ones(l)'",
    when: [['columnsSumToOne', 'Y']],
    why: 'every column of Y sums to one',
  },
  {
    name: 'stochastic-times-ones',
    vars: STOCHASTIC,
    lhs: "Y' * ones(k)",
    rhs: 'ones(l)',
    when: [['columnsSumToOne', 'Y']],
    why: 'every column of Y sums to one',
  },
  { name: 'sum-of-stochastic', vars: STOCHASTIC, lhs: 'sum(Y)', rhs: 'l', when: [['columnsSumToOne', 'Y']], why: 'each of the l columns of Y sums to one' },
  { name: 'ones-times-diagonal', vars: 'p : vector(k)', lhs: "ones(k)' * diag(p)", rhs: "p'", why: '𝟏ᵀ diag(p) = pᵀ' },
  { name: 'diagonal-times-ones', vars: 'p : vector(k)', lhs: 'diag(p) * ones(k)', rhs: 'p', why: 'diag(p) 𝟏 = p' },
  // A ratio against its own denominator: the cross-entropy gradient's (t ⊘ s)ᵀs = sum(t), which
  // is 1 when t is a probability vector (sum-of-probabilities).
  {
    name: 'ratio-times-denominator',
    vars: 'u : vector(k); z : vector(k)',
    lhs: "(u ./ z)' * z",
    rhs: 'sum(u)',
    why: 'Σᵢ (uᵢ/zᵢ) zᵢ = Σᵢ uᵢ wherever z has no zero entry',
  },
  {
    name: 'denominator-times-ratio',
    vars: 'u : vector(k); z : vector(k)',
    lhs: "z' * (u ./ z)",
    rhs: 'sum(u)',
    why: 'Σᵢ zᵢ (uᵢ/zᵢ) = Σᵢ uᵢ wherever z has no zero entry',
  },
];

/**
 * Pattern variables, read as scalars, as vectors and as matrices. The rule dimensions (`k`, `l`)
 * are pattern dimensions: they bind to whatever dimensions the target has.
 */
export const READINGS: readonly string[] = [
  'z : scalar; u : scalar; X : matrix(k, k)',
  'z : vector(k); u : vector(k); X : matrix(k, k)',
  'z : matrix(k, l); u : matrix(k, l); X : matrix(k, k)',
];
export const PATTERN_VARIABLES: ReadonlySet<string> = new Set(['z', 'u', 'X']);

export interface Rule {
  readonly name: string;
  /** Both sides are nodes of the rules' own graph, never of a user's graph. */
  readonly lhs: Node;
  readonly rhs: Node;
  /** The names of its pattern variables. */
  readonly vars: ReadonlySet<string>;
  readonly when: ReadonlyArray<readonly [Fact, string]>;
}

/** The dimension symbols a node's shapes mention. */
function dimensionsOf(n: Node): Set<string> {
  const out = new Set<string>();
  for (const m of topoOrder([n])) {
    dimSymbols(m.shape).forEach((d) => out.add(d));
    if (m.op === 'dim') out.add(m.name!);
  }
  return out;
}

/** One reading of a rule, or undefined when that reading does not type-check or changes the shape. */
function readRule(text: RuleText, scope: ReturnType<typeof parseProgram>['scope'], g: Graph, vars: ReadonlySet<string>): Rule | undefined {
  let lhs: Node;
  let rhs: Node;
  try {
    lhs = parseExpression(text.lhs, scope, g);
    rhs = parseExpression(text.rhs, scope, g);
  } catch (e) {
    if (e instanceof MatdiffError && e.kind === 'shape') return undefined;
    throw e;
  }
  if (lhs.shape.rows !== rhs.shape.rows || lhs.shape.cols !== rhs.shape.cols) return undefined;
  const bound = dimensionsOf(lhs);
  for (const d of dimensionsOf(rhs)) if (!bound.has(d)) throw new Error(`internal: rule ${text.name} mentions dimension ${d} on its right side only`);
  return { name: text.name, lhs, rhs, vars, when: text.when ?? [] };
}

/** Every reading of every rule, in the rules' own graph. */
export function loadRules(texts: readonly RuleText[] = RULES): readonly Rule[] {
  const g = new Graph();
  const rules: Rule[] = [];
  const seen = new Set<string>();
  // One parse per distinct preamble (the readings, and the `vars` many rules share): parsing
  // is most of what loading costs, and it is paid by every CLI start.
  const scopes = new Map<string, ReturnType<typeof parseProgram>['scope']>();
  const scopeOf = (preamble: string) => {
    let scope = scopes.get(preamble);
    if (!scope) scopes.set(preamble, (scope = parseProgram(preamble, { graph: g, file: '<rules>' }).scope));
    return scope;
  };
  const read = (text: RuleText, preamble: string, vars: ReadonlySet<string>) => {
    const rule = readRule(text, scopeOf(preamble), g, vars);
    const key = rule && `${rule.name}|${rule.lhs.id}`;
    if (!rule || !key || seen.has(key) || (rule.lhs.op === 'var' && rule.when.length === 0)) return;
    seen.add(key);
    rules.push(rule);
  };
  for (const text of texts) {
    if (text.vars) read(text, text.vars, new Set(scopeOf(text.vars).declarations.keys()));
    else for (const preamble of READINGS) read(text, preamble, PATTERN_VARIABLES);
  }
  return rules;
}

let cached: readonly Rule[] | undefined;

/**
 * The rules, on first use: from the build's snapshot when it was made from these texts
 * (rules-snapshot.ts), else parsed. They are immutable data in a graph of their own.
 */
export function namedRules(): readonly Rule[] {
  return (cached ??= fromSnapshot() ?? loadRules());
}

function fromSnapshot(): readonly Rule[] | undefined {
  let snapshot: RulesSnapshot | undefined;
  try {
    // Generated by `npm run grammar` (scripts/snapshot-rules.ts); absent in a fresh checkout.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    snapshot = (require('./generated/rules') as { SNAPSHOT: RulesSnapshot }).SNAPSHOT;
  } catch {
    return undefined;
  }
  return rulesFromSnapshot(snapshot, RULES);
}
