/**
 * Numerically stable forms, chosen by rewriting before lowering. Each rule is exact on the
 * reals (same value everywhere both sides are defined); it only changes how the number is
 * computed so that nothing overflows, underflows to 0 before a log, or divides 0 by 0.
 * The kernels themselves are stable too (see kernels.ts): sigmoid for either sign,
 * softplus as max(z, 0) + log1p(exp(-|z|)), logsumexp and softmax shifted by the maximum.
 */
import { constValue, elementwise, hadamard, mul, neg, ones } from '../core/build';
import { Graph, Node, mapBottomUp } from '../core/graph';
import { rebuild } from '../core/rebuild';

export interface StabilityRule {
  readonly name: string;
  /** The rule in the notation, for documentation and traces. */
  readonly notation: string;
  /** The replacement for `n`, or undefined when the rule does not apply. */
  readonly apply: (g: Graph, n: Node) => Node | undefined;
}

const isConst = (n: Node, v: number) => constValue(n)?.equals(v) ?? false;

/** `1 + t` -> t (as an add node with exactly the terms 1 and t). */
function onePlus(n: Node): Node | undefined {
  if (n.op !== 'add' || n.args.length !== 2 || !isConst(n.args[0], 1)) return undefined;
  return n.args[1];
}

/** `-t` -> t (a mul node whose only other factor is the coefficient -1). */
function negated(n: Node): Node | undefined {
  if (n.op === 'mul' && n.args.length === 2 && isConst(n.args[0], -1)) return n.args[1];
  return undefined;
}

/** `x^-1` or `x.^-1` -> x. */
function reciprocal(n: Node): Node | undefined {
  if ((n.op === 'pow' || n.op === 'epow') && isConst(n.args[1], -1)) return n.args[0];
  return undefined;
}

export const STABILITY_RULES: readonly StabilityRule[] = [
  {
    name: 'log-sigmoid',
    notation: 'log(sigmoid(z)) -> -softplus(-z)',
    apply: (g, n) => (n.op === 'log' && n.args[0].op === 'sigmoid' ? neg(g, elementwise(g, 'softplus', neg(g, n.args[0].args[0]))) : undefined),
  },
  {
    name: 'log-one-minus-sigmoid',
    notation: 'log(1 - sigmoid(z)) -> -softplus(z)',
    apply: (g, n) => {
      if (n.op !== 'log') return undefined;
      const t = onePlus(n.args[0]);
      const s = t && negated(t);
      return s?.op === 'sigmoid' ? neg(g, elementwise(g, 'softplus', s.args[0])) : undefined;
    },
  },
  {
    name: 'log-one-plus-exp',
    notation: 'log(1 + exp(z)) -> softplus(z)',
    apply: (g, n) => {
      if (n.op !== 'log') return undefined;
      const t = onePlus(n.args[0]);
      return t?.op === 'exp' ? elementwise(g, 'softplus', t.args[0]) : undefined;
    },
  },
  {
    name: 'reciprocal-one-plus-exp',
    notation: '1 ./ (1 + exp(-z)) -> sigmoid(z)',
    apply: (g, n) => {
      const d = reciprocal(n);
      const t = d && onePlus(d);
      if (t?.op !== 'exp') return undefined;
      return elementwise(g, 'sigmoid', neg(g, t.args[0]));
    },
  },
  {
    name: 'sigmoid-over-sigmoid',
    notation: 'sigmoid(z) .* (1 ./ sigmoid(z)) -> 1   (sigmoid(z) > 0 everywhere, so exact)',
    apply: (g, n) => cancelPositive(g, n, 'sigmoid'),
  },
  {
    name: 'exp-over-exp',
    notation: 'exp(z) .* (1 ./ exp(z)) -> 1   (exp(z) > 0 everywhere, so exact)',
    apply: (g, n) => cancelPositive(g, n, 'exp'),
  },
  // No softplus(-z) -> softplus(z) - z: the kernels compute softplus accurately for either sign,
  // and the difference loses all relative precision for large z (softplus(-40) = 4e-18 became
  // 0, and log of it -inf): sharing an exp is not worth a wrong number.
];

/**
 * In a hadamard (or scalar mul) product, a factor f(z) next to its reciprocal f(z).^-1
 * cancels when f is strictly positive everywhere: 0 * inf never happens after rounding.
 */
function cancelPositive(g: Graph, n: Node, f: 'sigmoid' | 'exp'): Node | undefined {
  if (n.op !== 'hadamard' && n.op !== 'mul') return undefined;
  const factors = [...n.args];
  for (let i = 0; i < factors.length; i++) {
    if (factors[i].op !== f) continue;
    const j = factors.findIndex((r) => reciprocal(r) === factors[i]);
    if (j < 0) continue;
    const rest = factors.filter((_, k) => k !== i && k !== j);
    if (rest.length === 0) return ones(g, n.shape); // 1, or all ones of an elementwise product's shape
    return n.op === 'mul' ? mul(g, rest) : hadamard(g, rest);
  }
  return undefined;
}

/**
 * Apply the rules bottom-up; a replacement is itself stabilized (its new subterms may match).
 * Every rule removes a log or a reciprocal, so this terminates.
 * `fired` collects rule names in firing order.
 */
export function stabilize(g: Graph, roots: readonly Node[], fired?: string[]): Node[] {
  const memo = new Map<Node, Node>();
  const run = (root: Node): Node =>
    mapBottomUp(root, (m, args) => {
      const hit = memo.get(m);
      if (hit) return hit;
      const base = args.every((a, i) => a === m.args[i]) ? m : rebuild(g, m, args);
      let out = memo.get(base) ?? base;
      if (out === base) {
        for (const rule of STABILITY_RULES) {
          const next = rule.apply(g, base);
          if (next === undefined || next === base) continue;
          fired?.push(rule.name);
          out = run(next);
          break;
        }
      }
      memo.set(m, out);
      memo.set(base, out);
      memo.set(out, out);
      return out;
    });
  return roots.map(run);
}
