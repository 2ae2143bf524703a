/**
 * The named rewrite rules, as data in the notation (egg's `rw!`, mathjs's rule strings).
 * Each is parsed once per session graph, for a vector and for a scalar reading of its
 * pattern variables. Every rule is an identity wherever its left side is defined (a test
 * checks both sides numerically on random instances); identities that would change a domain
 * (`exp(log(z)) -> z`) are left out on purpose.
 *
 * The algebra of `+ - * .* ./ ^ .^` (like terms, cancellation, expansion, division by sums),
 * matrix-product distributivity and sign placement are procedures, not rules: see region.ts,
 * factor.ts and sign.ts. They are named in the trace all the same.
 */
import { Graph, Node } from '../core/graph';
import { parseExpression, parseProgram } from '../parse';

export interface RuleText {
  readonly name: string;
  readonly lhs: string;
  readonly rhs: string;
  /** Why it holds, for people reading the trace. */
  readonly why: string;
}

export const RULES: readonly RuleText[] = [
  { name: 'sigmoid-from-exp', lhs: '1 ./ (1 + exp(-z))', rhs: 'sigmoid(z)', why: 'definition of the logistic function' },
  { name: 'sigmoid-from-exp-ratio', lhs: 'exp(z) ./ (1 + exp(z))', rhs: 'sigmoid(z)', why: 'multiply 1/(1+e^-z) by e^z/e^z' },
  { name: 'softplus-from-log', lhs: 'log(1 + exp(z))', rhs: 'softplus(z)', why: 'definition of softplus' },
  { name: 'sigmoid-symmetry', lhs: 'sigmoid(z) + sigmoid(-z)', rhs: '1 + 0 * z', why: 'σ(z) + σ(−z) = 1' },
  { name: 'log-of-exp', lhs: 'log(exp(z))', rhs: 'z', why: 'log is the inverse of exp on all reals' },
  { name: 'log-of-det', lhs: 'log(det(X))', rhs: 'logdet(X)', why: 'definition of logdet (both need det > 0)' },
  { name: 'inverse-of-transpose', lhs: "inv(X')", rhs: "inv(X)'", why: "(Xᵀ)⁻¹ = (X⁻¹)ᵀ" },
  { name: 'det-of-inverse', lhs: 'det(inv(X))', rhs: '1 / det(X)', why: 'det(X⁻¹) = 1/det(X)' },
  { name: 'logdet-of-inverse', lhs: 'logdet(inv(X))', rhs: '-logdet(X)', why: 'log det(X⁻¹) = −log det(X)' },
  { name: 'sum-of-hadamard', lhs: 'sum(u .* z)', rhs: "u' * z", why: 'Σᵢ uᵢzᵢ is the inner product' },
  { name: 'trace-of-outer', lhs: "tr(u * z')", rhs: "z' * u", why: 'tr(u zᵀ) = zᵀu' },
  { name: 'sqrt-squared', lhs: 'sqrt(z) .^ 2', rhs: 'z', why: 'on the domain of sqrt (z ≥ 0)' },
];

/** Pattern variables, read once as vectors and once as scalars. */
const PREAMBLES = [
  'z : vector(k); u : vector(k); X : matrix(k, k)',
  'z : scalar; u : scalar; X : matrix(k, k)',
];
export const PATTERN_VARIABLES: ReadonlySet<string> = new Set(['z', 'u', 'X']);

export interface Rule {
  readonly name: string;
  readonly lhs: Node;
  readonly rhs: Node;
}

const loaded = new WeakMap<Graph, Rule[]>();

/** The rules as patterns in `g` (parsed on first use in each session graph). */
export function rulesFor(g: Graph): readonly Rule[] {
  let rules = loaded.get(g);
  if (rules) return rules;
  rules = [];
  const seen = new Set<Node>();
  for (const preamble of PREAMBLES) {
    const { scope } = parseProgram(preamble, { graph: g, file: '<rules>' });
    for (const r of RULES) {
      const lhs = parseExpression(r.lhs, scope, g);
      if (seen.has(lhs) || lhs.op === 'var') continue;
      seen.add(lhs);
      rules.push({ name: r.name, lhs, rhs: parseExpression(r.rhs, scope, g) });
    }
  }
  loaded.set(g, rules);
  return rules;
}
