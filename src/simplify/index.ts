/**
 * simplify: rewrite an expression to the form a person would write, by equality saturation.
 *
 * The input goes into an e-graph (egraph.ts); rounds of rewriting (saturate.ts) add every equal
 * form the rewrites know (the named rules of rules.ts by e-matching, with sub-chains and subsets
 * of n-ary nodes; the elementwise normal form of each region, region.ts; common matrix factors,
 * factor.ts; sign placement, sign.ts) and the cheapest form under a textbook cost is extracted
 * (extract.ts). No phase order: every alternative stays and the cost decides. Saturation is
 * bounded by e-nodes, rounds and time, and the result says which limit stopped it.
 * The trace is read off the e-graph's proof forest: the named steps from the input's nodes to
 * the extracted ones. Differentiation never calls this; the API chains `grad` then `simplify`.
 */
import { requireGraph, requireNode, requireOptions, requireOwned } from '../core/args';
import { Graph, Node, topoOrder } from '../core/graph';
import { EGraph } from './egraph';
import { Costs } from './extract';
import { NORMALIZE, SaturationLimits, SaturationStats, saturate } from './saturate';

export interface Step {
  /** The rule or procedure that fired. */
  readonly rule: string;
  readonly before: Node;
  readonly after: Node;
}

export interface SimplifyResult {
  readonly node: Node;
  readonly steps: readonly Step[];
  /** E-nodes, rounds, and which limit stopped saturation (if one did). */
  readonly stats?: SaturationStats;
}

export interface SimplifyOptions {
  /** Bounds on saturation (e-nodes, rounds, time). */
  readonly limits?: SaturationLimits;
}

export { ALGEBRA, COLLECT_FACTOR, MOVE_SIGN, NORMALIZE } from './saturate';
export type { SaturationLimits, SaturationStats, RuleSet } from './saturate';
export { saturate } from './saturate';
export { loadRules } from './rules';
export type { RuleText } from './rules';

export function simplify(g: Graph, n: Node, opts: SimplifyOptions = {}): Node {
  return simplifyTraced(g, n, opts).node;
}

export function simplifyTraced(g: Graph, input: Node, opts: SimplifyOptions = {}): SimplifyResult {
  requireGraph(g, 'simplify: the graph');
  requireNode(input, 'simplify: the expression');
  requireOwned(g, input, 'simplify: the expression');
  requireOptions(opts, 'simplify: the options');
  const { eg, costs, node, stats } = saturate(g, input, opts.limits);
  return { node, steps: traceOf(eg, costs, input, node), stats };
}

/**
 * The named steps from `input` to `output`: for every class on the extracted term that holds a
 * node of the input, the recorded equalities from that node to the chosen one (children first).
 */
export function traceOf(eg: EGraph, costs: Costs, input: Node, output: Node): Step[] {
  if (input === output) return [];
  const inInput = new Set(topoOrder([input]));
  const seen = new Set<Node>();
  const visits: Array<[Node, Node]> = [];
  const stack = [eg.find(input)];
  while (stack.length) {
    const l = stack.pop()!;
    if (seen.has(l)) continue;
    seen.add(l);
    const chosen = costs.bestOf(l);
    const original = eg.classOf(l).find((m) => inInput.has(m));
    if (original && original !== chosen) visits.push([original, chosen]);
    for (const a of chosen.args) stack.push(eg.find(a));
  }
  const steps: Step[] = [];
  const done = new Set<string>();
  for (const [from, to] of visits.reverse())
    for (const j of eg.explain(from, to)) {
      const key = `${j.rule}|${j.a.id}|${j.b.id}`;
      if (done.has(key)) continue;
      done.add(key);
      steps.push({ rule: j.rule, before: j.a, after: j.b });
    }
  // Never "no rule fired" for a changed result: what is left is the constructors' normalization.
  return steps.length ? steps : [{ rule: NORMALIZE, before: input, after: output }];
}
