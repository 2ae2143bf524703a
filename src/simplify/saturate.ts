/**
 * Simplification by equality saturation: the input goes into an e-graph (egraph.ts); rounds of
 * rewriting add every equal form the rewrites know (named rules by e-matching, the elementwise
 * normal form of each region, collecting common matrix factors, moving a sign into a sum, and
 * re-normalizing a node over its arguments' cheapest forms) and union it with the node it came
 * from; then the cheapest form is extracted (extract.ts). No rule order matters: every
 * alternative stays, and the cost decides.
 *
 * Saturation is bounded by e-nodes, rounds and time; the result says which limit stopped it.
 */
import { add, matmul } from '../core/build';
import { Graph, Node } from '../core/graph';
import { REBUILD } from '../core/rebuild';
import { EGraph, argumentPairs } from './egraph';
import { Matcher } from './ematch';
import { Costs, extract, weight } from './extract';
import { factorCommonMatrix } from './factor';
import { Tally } from './form';
import { instantiate } from './match';
import { RegionContext, fromForm, isAlgebraic, reduceOverSums, toForm } from './region';
import { Facts } from './facts';
import { Rule, namedRules } from './rules';
import { moveSignIntoSum } from './sign';

export const ALGEBRA = 'algebra';
export const COLLECT_FACTOR = 'collect-common-factor';
export const MOVE_SIGN = 'move-sign-into-sum';
export const DISTRIBUTE = 'distribute-product';
/**
 * A node rebuilt over equal arguments: explained by its arguments' steps, plus whatever the
 * constructors fold on top (like terms), which is named `normalize` in traces.
 */
export const NORMALIZE = 'normalize';

export interface SaturationLimits {
  /** Stop adding once the e-graph holds this many nodes (default: 4,000 plus 8 per input node). */
  readonly maxNodes?: number;
  /** Rounds of rewriting at most (default 8). */
  readonly maxRounds?: number;
  /** Milliseconds at most (default 1,000): a safety net; the node and round limits bind first. */
  readonly maxMillis?: number;
}

/**
 * What saturation rewrites with and what extraction minimises: the simplifier's own set by
 * default; the compiler's stability rewrites are another set of the same engine (compile/stable.ts).
 */
export interface RuleSet {
  readonly rules: readonly Rule[];
  /** The simplifier's procedures too (region normal forms, factoring, sign, distribution)? */
  readonly procedures: boolean;
  /** The weight of a node itself in the extraction cost. */
  readonly weight: (n: Node) => number;
}

/** Rounds without a cheaper form of the input before saturation stops (see saturate). */
const STALL_ROUNDS = 3;

export interface SaturationStats {
  readonly enodes: number;
  readonly rounds: number;
  /** Which limit stopped saturation before a fixed point, if any. */
  readonly stoppedBy?: 'nodes' | 'rounds' | 'time' | 'stalled';
}

export interface Saturated {
  readonly eg: EGraph;
  /** The extraction costs (of the rule set's weight), for reading the trace off. */
  readonly costs: Costs;
  readonly node: Node;
  readonly stats: SaturationStats;
}

class Budget {
  private readonly start = Date.now();
  constructor(
    private readonly eg: EGraph,
    readonly maxNodes: number,
    readonly maxMillis: number,
  ) {}
  exceeded(): 'nodes' | 'time' | undefined {
    if (this.eg.size > this.maxNodes) return 'nodes';
    if (Date.now() - this.start > this.maxMillis) return 'time';
    return undefined;
  }
}

/** The elementwise normal form of algebraic region roots, with the accuracy guard of region.ts. */
class Regions {
  private readonly ctx: RegionContext;
  private readonly done = new Set<Node>();
  constructor(g: Graph) {
    this.ctx = new RegionContext(g);
  }
  normalForm(n: Node): Node | undefined {
    if (this.done.has(n)) return undefined;
    this.done.add(n);
    this.ctx.tally = new Tally();
    const out = fromForm(this.ctx, reduceOverSums(this.ctx, toForm(this.ctx, n)), n.shape);
    this.done.add(out);
    // Multiplying out a product of sums without anything cancelling is never offered: the
    // expanded form loses accuracy near the factors' roots, and a textbook keeps it factored.
    if (this.ctx.tally.distributed && !this.ctx.tally.cancelled) return undefined;
    return out;
  }
}

/** Every alternative the rewrites know for node `n`, with the name of what made it. */
/**
 * Every alternative the rewrites know for node `n`: [what made it, the new form, and the node it
 * rewrote]. A rule may match through other members of `n`'s argument classes; the node it
 * rewrote is then its left side as matched (equal to `n` by congruence), so the trace shows the
 * arguments' own steps before the rule's.
 */
function* alternatives(g: Graph, eg: EGraph, n: Node, rules: readonly Rule[], matcher: Matcher, regions: Regions, facts: Facts, procedures: boolean): Generator<[string, Node, Node]> {
  if (n.args.length === 0) return;
  if (procedures) for (const [rule, alt] of procedural(g, eg, n, regions)) yield [rule, alt, n];
  for (const r of rules) {
    if (r.lhs.op !== n.op) continue;
    for (const m of matcher.matchAt(r.lhs, r.vars, n)) {
      if (!r.when.every(([fact, v]) => facts.has(fact, m.bindings.get(v) as Node))) continue;
      yield [r.name, m.wrap(instantiate(g, r.rhs, m.bindings)), m.wrap(instantiate(g, r.lhs, m.bindings))];
    }
  }
}

/** The simplifier's procedures: region normal forms, common factors, sign placement, distribution. */
function* procedural(g: Graph, eg: EGraph, n: Node, regions: Regions): Generator<[string, Node]> {
  if (isAlgebraic(n) && eg.users(n).some((u) => !isAlgebraic(u))) {
    const nf = regions.normalForm(n);
    if (nf) yield [ALGEBRA, nf];
  } else if (isAlgebraic(n) && eg.users(n).length === 0) {
    const nf = regions.normalForm(n);
    if (nf) yield [ALGEBRA, nf];
  }
  if (n.op === 'add') {
    const f = factorCommonMatrix(g, n);
    if (f) yield [COLLECT_FACTOR, f];
  }
  if (n.op === 'matmul') yield* distributed(g, n);
  if (n.op === 'mul') {
    const s = moveSignIntoSum(g, n);
    if (s) yield [MOVE_SIGN, s];
  }
}

/**
 * Distributing and splicing make a new chain per factor: only for chains (and sums) this short,
 * so a gradient with chains of hundreds of factors does not grow quadratically.
 */
const MAX_SPLICED_CHAIN = 8;

/**
 * Matrix products distributed over a sum factor, (X + Y) Z = XZ + YZ: the way back to the
 * textbook form often runs through the expanded one (Aᵀ(diag(p) − ppᵀ)A from
 * (Aᵀ − Aᵀp𝟏ᵀ) diag(p) A needs 𝟏ᵀdiag(p) = pᵀ first). Collecting common factors goes the other
 * way, and the cost picks.
 */
function* distributed(g: Graph, n: Node): Generator<[string, Node]> {
  if (n.args.length > MAX_SPLICED_CHAIN) return;
  for (let i = 0; i < n.args.length; i++) {
    const f = n.args[i];
    if (f.op !== 'add' || f.args.length > MAX_SPLICED_CHAIN || f.args.some((t) => t.shape.rows !== f.shape.rows || t.shape.cols !== f.shape.cols)) continue;
    const left = n.args.slice(0, i);
    const right = n.args.slice(i + 1);
    yield [DISTRIBUTE, add(g, f.args.map((t) => matmul(g, [...left, t, ...right])))];
  }
}

/**
 * A product whose factor has a product among its equal forms, with that product's factors
 * spliced in: what lets a chain rule see X inv(X) in Bᵀ (Bᵀ)⁻¹ X⁻ᵀ when the inverse of a
 * product was rewritten inside a factor. Associativity, so a congruence in traces.
 */
function flattenedChains(g: Graph, eg: EGraph, n: Node): Array<[Node, Node, Node]> {
  const out: Array<[Node, Node, Node]> = [];
  if (n.args.length > MAX_SPLICED_CHAIN) return out;
  n.args.forEach((f, i) => {
    for (const m of eg.classOf(f)) {
      if (m.op !== 'matmul' || m === f) continue;
      out.push([f, m, matmul(g, [...n.args.slice(0, i), m, ...n.args.slice(i + 1)])]);
      break;
    }
  });
  return out;
}

/** The simplifier's rule set: the named rules, the procedures, the textbook cost. */
export const simplifierRules = (): RuleSet => ({ rules: namedRules(), procedures: true, weight });

/** Saturate the e-graph of `input` with `set`, within the limits, and extract by its cost. */
export function saturate(g: Graph, input: Node, limits: SaturationLimits = {}, set: RuleSet = simplifierRules()): Saturated {
  const eg = new EGraph();
  eg.add(input);
  const budget = new Budget(eg, limits.maxNodes ?? 4000 + 8 * eg.size, limits.maxMillis ?? 1000);
  const rules = set.rules;
  const matcher = new Matcher(g, eg);
  const regions = new Regions(g);
  const maxRounds = limits.maxRounds ?? 8;
  let rounds = 0;
  let saturated = false;
  let stoppedBy: SaturationStats['stoppedBy'];
  let best = Infinity;
  let stalled = 0;
  let latest: Costs | undefined;
  while (!saturated && !stoppedBy && rounds < maxRounds) {
    rounds++;
    const unions = eg.unionCount;
    const size = eg.size;
    const facts = new Facts(g, eg);
    for (const n of eg.nodes().slice()) {
      for (const [rule, alt, from] of alternatives(g, eg, n, rules, matcher, regions, facts, set.procedures)) {
        eg.add(from); // congruent to n: added, it joins n's class with the argument pairs recorded
        eg.union(n, from, 'congruence', argumentPairs(n, from));
        eg.add(alt);
        eg.union(from, alt, rule);
      }
      if ((stoppedBy = budget.exceeded())) break;
    }
    eg.rebuild();
    // Each node over its arguments' cheapest forms, through the constructors: what they fold
    // (like terms, 2 inv(M) from inv(M) + inv(M)ᵀ once inv(M)ᵀ is known to be inv(M)).
    const costs = new Costs(eg, set.weight);
    for (const n of eg.nodes().slice()) {
      if (stoppedBy || (stoppedBy = budget.exceeded())) break;
      if (n.args.length === 0) continue;
      const args = n.args.map((a) => costs.bestOf(a));
      if (args.every((a, i) => a === n.args[i])) continue;
      const r = REBUILD[n.op](g, n, args);
      eg.add(r);
      // Pure substitution (same op, same arity) is a congruence; anything the constructors folded
      // on top is a normalization step of its own.
      const pure = r.op === n.op && r.args.length === n.args.length;
      eg.union(n, r, pure ? 'congruence' : NORMALIZE, n.args.map((a, i) => [a, args[i]] as const).filter(([a, b]) => a !== b));
    }
    for (const n of set.procedures ? eg.nodes().slice() : []) {
      if (stoppedBy || (stoppedBy = budget.exceeded())) break;
      if (n.op !== 'matmul') continue;
      for (const [f, m, flat] of flattenedChains(g, eg, n)) {
        eg.add(flat);
        eg.union(n, flat, 'congruence', [[f, m]]);
      }
    }
    eg.rebuild();
    saturated = eg.unionCount === unions && eg.size === size;
    // Two-way rules can keep adding forms without end (each rotation of a trace is new); once
    // the input's cheapest form has not improved for STALL_ROUNDS rounds, stop.
    latest = new Costs(eg, set.weight); // the e-graph as it stands after this round's rebuild
    const cost = latest.costOf(input);
    if (cost < best - 1e-9) {
      best = cost;
      stalled = 0;
    } else if (!saturated && ++stalled >= STALL_ROUNDS) stoppedBy = 'stalled';
  }
  if (!saturated && !stoppedBy) stoppedBy = 'rounds';
  const costs = latest ?? new Costs(eg, set.weight);
  return { eg, costs, node: extract(g, eg, costs, input), stats: { enodes: eg.size, rounds, stoppedBy } };
}
