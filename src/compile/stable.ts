/**
 * Numerically stable forms, chosen by rewriting before lowering: a rule set of the simplifier's
 * own engine (equality saturation, src/simplify/saturate.ts), with a cost that prefers stable
 * forms instead of textbook ones. Each rule is exact on the reals (same value everywhere both
 * sides are defined); it only changes how the number is computed so that nothing overflows,
 * underflows to 0 before a log, or divides 0 by 0. The kernels themselves are stable too (see
 * kernels.ts): sigmoid for either sign, softplus as max(z, 0) + log1p(exp(-|z|)), logsumexp and
 * softmax shifted by the maximum.
 *
 * No softplus(-z) -> softplus(z) - z: the kernels compute softplus accurately for either sign,
 * and the difference loses all relative precision for large z (softplus(-40) = 4e-18 became 0,
 * and log of it -inf): sharing an exp is not worth a wrong number (lowering shares it anyway).
 */
import { Graph, Node } from '../core/graph';
import { RuleSet, RuleText, loadRules, saturate, traceOf } from '../simplify';

export interface StabilityRule {
  readonly name: string;
  /** The rule in the notation, for documentation and traces. */
  readonly notation: string;
}

const TEXTS: readonly RuleText[] = [
  { name: 'log-sigmoid', lhs: 'log(sigmoid(z))', rhs: '-softplus(-z)', why: 'log σ(z) = −log(1 + e⁻ᶻ): no log of an underflowed σ' },
  { name: 'log-one-minus-sigmoid', lhs: 'log(1 - sigmoid(z))', rhs: '-softplus(z)', why: 'log(1 − σ(z)) = −log(1 + eᶻ): no 1 − 1 before a log' },
  { name: 'log-one-plus-exp', lhs: 'log(1 + exp(z))', rhs: 'softplus(z)', why: 'no overflowing eᶻ' },
  { name: 'reciprocal-one-plus-exp', lhs: '1 ./ (1 + exp(-z))', rhs: 'sigmoid(z)', why: 'no overflowing e⁻ᶻ' },
  // σ and exp are positive everywhere: the cancellation is exact, and 0 * inf never happens.
  { name: 'sigmoid-over-sigmoid', lhs: 'sigmoid(z) .* (1 ./ sigmoid(z))', rhs: '1 + 0 * z', why: 'σ(z) > 0 everywhere' },
  { name: 'exp-over-exp', lhs: 'exp(z) .* (1 ./ exp(z))', rhs: '1 + 0 * z', why: 'eᶻ > 0 everywhere' },
];

export const STABILITY_RULES: readonly StabilityRule[] = TEXTS.map((t) => ({ name: t.name, notation: `${t.lhs} -> ${t.rhs}   (${t.why})` }));

/**
 * The stable cost: a log, an exp or a reciprocal is what can overflow, underflow or cancel, so
 * each weighs far more than softplus or sigmoid (whose kernels are stable); negations are
 * nearly free and constants free, so -softplus(-z) beats log(sigmoid(z)).
 */
function stableWeight(n: Node): number {
  switch (n.op) {
    case 'const':
      return 0;
    case 'log':
      return 4;
    case 'exp':
      return 3;
    case 'pow':
    case 'epow':
      return n.args[1].op === 'const' && n.args[1].value!.compare(0) < 0 ? 3 : 1;
    case 'mul':
      return n.args.length === 2 && n.args[0].op === 'const' && n.args[0].value!.equals(-1) ? 0.1 : 1;
    default:
      return 1;
  }
}

let cached: RuleSet | undefined;
const stabilityRules = (): RuleSet => (cached ??= { rules: loadRules(TEXTS), procedures: false, weight: stableWeight });

/** The roots in stable form; `fired` collects the names of the rules on the way (in order). */
export function stabilize(g: Graph, roots: readonly Node[], fired?: string[]): Node[] {
  return roots.map((root) => {
    const { eg, costs, node } = saturate(g, root, {}, stabilityRules());
    if (fired) for (const s of traceOf(eg, costs, root, node)) if (s.rule !== 'normalize') fired.push(s.rule);
    return node;
  });
}
