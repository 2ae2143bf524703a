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
import { Costs, extract, presentationWeight, weight } from './extract';
import { factorCommonMatrix } from './factor';
import { Tally } from './form';
import { instantiate } from './match';
import { RegionContext, fromForm, isAlgebraic, reduceOverSums, toForm } from './region';
import { Facts } from './facts';
import { Rule, namedRules } from './rules';
import { moveSignIntoSum } from './sign';
import { collectPowers, together } from './together';

export const ALGEBRA = 'algebra';
export const COLLECT_FACTOR = 'collect-common-factor';
export const MOVE_SIGN = 'move-sign-into-sum';
export const DISTRIBUTE = 'distribute-product';
export const TOGETHER = 'common-denominator';
export const COLLECT_POWERS = 'collect-powers';
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
  /**
   * The weight of the final extraction, when it differs from the one that steers saturation
   * (rebuilding over cheapest forms, the stall test): tie-breaks of presentation that would
   * otherwise change which forms get built.
   */
  readonly finalWeight?: (n: Node) => number;
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

/**
 * Every alternative the rules know for node `n`: [what made it, the new form, and the node it
 * rewrote]. A rule may match through other members of `n`'s argument classes; the node it
 * rewrote is then its left side as matched (equal to `n` by congruence), so the trace shows the
 * arguments' own steps before the rule's.
 */
function* alternatives(g: Graph, n: Node, rules: readonly Rule[], matcher: Matcher, facts: Facts): Generator<[string, Node, Node]> {
  for (const r of rules) {
    for (const m of matcher.matchAt(r.lhs, r.vars, n)) {
      if (!r.when.every(([fact, v]) => facts.has(fact, m.bindings.get(v) as Node))) continue;
      yield [r.name, m.wrap(instantiate(g, r.rhs, m.bindings)), m.wrap(instantiate(g, r.lhs, m.bindings))];
    }
  }
}

/** Deepest pattern the freshness memo can key on; loading a deeper rule is an internal error. */
const MAX_PATTERN_DEPTH = 16;

function rulesByOp(rules: readonly Rule[]): Map<string, Rule[]> {
  const out = new Map<string, Rule[]>();
  for (const r of rules) {
    const list = out.get(r.lhs.op);
    if (list) list.push(r);
    else out.set(r.lhs.op, [r]);
  }
  return out;
}

/** How many levels of argument classes a pattern looks into below its root. */
function patternDepth(p: Node): number {
  return p.args.length === 0 ? 0 : 1 + Math.max(...p.args.map(patternDepth));
}

/**
 * Semi-naive matching: a match at a node can only be new if some class the pattern looks into
 * changed since the node was last matched. `latest(n, depth)` is the last change among the
 * classes within `depth` levels below `n`, memoized for one round (a change later in the round
 * is seen in the next one: put off, never lost). Rules guarded by facts are matched every
 * round, since a fact can appear from anywhere below.
 */
class Freshness {
  /** By class leader id × MAX_DEPTH + depth: numeric keys, since this runs for every node of every round. */
  private readonly memo = new Map<number, number>();
  constructor(private readonly eg: EGraph) {}

  latest(n: Node, depth: number): number {
    let t = -1;
    for (const a of n.args) {
      const c = this.classLatest(a, depth);
      if (c > t) t = c;
    }
    return t;
  }

  private classLatest(c: Node, depth: number): number {
    const l = this.eg.find(c);
    const key = l.id * MAX_PATTERN_DEPTH + depth;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    this.memo.set(key, Infinity); // a cycle among classes: count it as changed
    let t = this.eg.changed(l);
    if (depth > 1)
      for (const m of this.eg.classOf(l)) {
        const d = this.latest(m, depth - 1);
        if (d > t) t = d;
      }
    this.memo.set(key, t);
    return t;
  }
}

/** The region normal form of an algebraic node at the root of its region (Regions memoizes it). */
function regionForm(eg: EGraph, n: Node, regions: Regions): Node | undefined {
  if (!isAlgebraic(n)) return undefined;
  const users = eg.users(n);
  return users.length === 0 || users.some((u) => !isAlgebraic(u)) ? regions.normalForm(n) : undefined;
}

/** The procedures that look at `n` alone, so run once per node: common factors, common denominators, distribution, sign placement, powers. */
function* procedural(g: Graph, n: Node): Generator<[string, Node]> {
  if (n.op === 'add') {
    const f = factorCommonMatrix(g, n);
    if (f) yield [COLLECT_FACTOR, f];
    const t = together(g, n);
    if (t) yield [TOGETHER, t];
  }
  if (n.op === 'matmul') yield* distributed(g, n);
  if (n.op === 'mul') {
    const s = moveSignIntoSum(g, n);
    if (s) yield [MOVE_SIGN, s];
  }
  const p = collectPowers(g, n);
  if (p) yield [COLLECT_POWERS, p];
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
    yield [
      DISTRIBUTE,
      add(
        g,
        f.args.map((t) => matmul(g, [...left, t, ...right])),
      ),
    ];
  }
}

/**
 * A product whose factor has a product among its equal forms, with that product's factors
 * spliced in: what lets a chain rule see X inv(X) in Bᵀ (Bᵀ)⁻¹ X⁻ᵀ when the inverse of a
 * product was rewritten inside a factor. Likewise a sum whose term has a sum among its equal
 * forms, when the spliced terms meet others (log det(ST) − log det(T) = log det S once
 * log det(ST) = log det S + log det T): the rebuild over cheapest forms never sees that sum,
 * since the unsplit term is the cheaper one. Associativity, so a congruence in traces.
 */
function spliced(g: Graph, eg: EGraph, n: Node): Array<[Node, Node, Node]> {
  const out: Array<[Node, Node, Node]> = [];
  if ((n.op !== 'matmul' && n.op !== 'add') || n.args.length > MAX_SPLICED_CHAIN) return out;
  n.args.forEach((f, i) => {
    for (const m of eg.classOf(f)) {
      if (m.op !== n.op || m === f) continue;
      const args = [...n.args.slice(0, i), m, ...n.args.slice(i + 1)];
      if (n.op === 'matmul') out.push([f, m, matmul(g, args)]);
      else {
        const sum = add(g, args);
        if (sum.op !== 'add' || sum.args.length < n.args.length - 1 + m.args.length) out.push([f, m, sum]);
      }
      break;
    }
  });
  return out;
}

/** The simplifier's rule set: the named rules, the procedures, the textbook cost. */
export const simplifierRules = (): RuleSet => ({ rules: namedRules(), procedures: true, weight, finalWeight: presentationWeight });

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
  // Rules by the op of their left side: a node is tried only against rules that can match it.
  const byOp = rulesByOp(rules);
  const guardedByOp = rulesByOp(rules.filter((r) => r.when.length > 0));
  const depth = Math.max(1, ...rules.map((r) => patternDepth(r.lhs)));
  if (depth >= MAX_PATTERN_DEPTH) throw new Error(`internal: a rule pattern ${depth} levels deep; Freshness keys on at most ${MAX_PATTERN_DEPTH - 1}`);
  const matchedAt = new Map<Node, number>();
  const flattenedAt = new Map<Node, number>();
  const rebuiltOver = new Map<Node, readonly Node[]>();
  const procedured = new Set<Node>();
  const record = (n: Node, rule: string, alt: Node, from: Node) => {
    eg.add(from); // congruent to n: added, it joins n's class with the argument pairs recorded
    eg.union(n, from, 'congruence', argumentPairs(n, from));
    eg.add(alt);
    eg.union(from, alt, rule);
  };
  while (!saturated && !stoppedBy && rounds < maxRounds) {
    rounds++;
    const unions = eg.unionCount;
    const size = eg.size;
    const facts = new Facts(g, eg);
    const fresh = new Freshness(eg);
    for (const n of eg.nodes().slice()) {
      if (n.args.length === 0) continue;
      if (set.procedures) {
        const nf = regionForm(eg, n, regions);
        if (nf) record(n, ALGEBRA, nf, n);
        if (!procedured.has(n)) {
          procedured.add(n);
          for (const [rule, alt] of procedural(g, n)) record(n, rule, alt, n);
        }
      }
      const seen = matchedAt.get(n);
      const stale = seen !== undefined && fresh.latest(n, depth) < seen;
      if (!stale) matchedAt.set(n, eg.now);
      const candidates = (stale ? guardedByOp : byOp).get(n.op);
      if (candidates) for (const [rule, alt, from] of alternatives(g, n, candidates, matcher, facts)) record(n, rule, alt, from);
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
      const last = rebuiltOver.get(n);
      if (last && last.every((a, i) => a === args[i])) continue; // rebuilt over these already
      rebuiltOver.set(n, args);
      const r = REBUILD[n.op](g, n, args);
      eg.add(r);
      // Pure substitution (same op, same arity) is a congruence; anything the constructors folded
      // on top is a normalization step of its own.
      const pure = r.op === n.op && r.args.length === n.args.length;
      eg.union(
        n,
        r,
        pure ? 'congruence' : NORMALIZE,
        n.args.map((a, i) => [a, args[i]] as const).filter(([a, b]) => a !== b),
      );
    }
    const flat = new Freshness(eg);
    for (const n of set.procedures ? eg.nodes().slice() : []) {
      if (stoppedBy || (stoppedBy = budget.exceeded())) break;
      if (n.op !== 'matmul' && n.op !== 'add') continue;
      const seen = flattenedAt.get(n);
      if (seen !== undefined && flat.latest(n, 1) < seen) continue;
      flattenedAt.set(n, eg.now);
      for (const [f, m, chain] of spliced(g, eg, n)) {
        eg.add(chain);
        eg.union(n, chain, 'congruence', [[f, m]]);
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
  const costs = set.finalWeight ? new Costs(eg, set.finalWeight) : (latest ?? new Costs(eg, set.weight));
  return { eg, costs, node: extract(g, eg, costs, input), stats: { enodes: eg.size, rounds, stoppedBy } };
}
