/**
 * simplify: rewrite an expression to the form a person would write.
 *
 * Simplification runs in two phases (algebra alone, then algebra with the named rules). Each pass walks the tree bottom-up once (iteratively) and at every node
 *   1. normalizes the elementwise-algebra regions below matrix operations (region.ts),
 *   2. collects common matrix factors of sums (factor.ts),
 *   3. moves a leading minus into a sum (sign.ts),
 *   4. tries the named rules (rules.ts).
 * Passes repeat until the tree stops changing (node identity, thanks to hash-consing), at most
 * MAX_PASSES times. A region's normal form replaces it only if it is no larger, and the final
 * result is never larger than the input: the cost is the size of the expression tree.
 * Differentiation never calls this; the API and CLI chain `grad` then `simplify`.
 */
import { requireGraph, requireNode, requireOptions, requireOwned } from '../core/args';
import { Graph, Node, mapBottomUp } from '../core/graph';
import { rebuild } from '../core/rebuild';
import { factorCommonMatrix } from './factor';
import { instantiate, match } from './match';
import { Tally } from './form';
import { RegionContext, fromForm, isAlgebraic, reduceOverSums, toForm } from './region';
import { PATTERN_VARIABLES, namedRules } from './rules';
import { moveSignIntoSum } from './sign';

export interface Step {
  /** The rule or procedure that fired. */
  readonly rule: string;
  readonly before: Node;
  readonly after: Node;
}

export interface SimplifyResult {
  readonly node: Node;
  readonly steps: readonly Step[];
}

export interface SimplifyOptions {
  readonly maxPasses?: number;
}

export const MAX_PASSES = 12;
const MAX_LOCAL_FIRINGS = 8;

export const ALGEBRA = 'algebra';
export const COLLECT_FACTOR = 'collect-common-factor';
export const MOVE_SIGN = 'move-sign-into-sum';

export function simplify(g: Graph, n: Node, opts: SimplifyOptions = {}): Node {
  return simplifyTraced(g, n, opts).node;
}

export function simplifyTraced(g: Graph, input: Node, opts: SimplifyOptions = {}): SimplifyResult {
  requireGraph(g, 'simplify: the graph');
  requireNode(input, 'simplify: the expression');
  requireOwned(g, input, 'simplify: the expression');
  requireOptions(opts, 'simplify: the options');
  const steps: Step[] = [];
  const record = (rule: string, before: Node, after: Node) => {
    if (before !== after) steps.push({ rule, before, after });
    return after;
  };
  const rules = namedRules();
  const ctx = new RegionContext(g);
  const normalized = new Map<Node, Node>();

  const normalizeRegion = (r: Node): Node => {
    let out = normalized.get(r);
    if (out) return out;
    ctx.tally = new Tally();
    out = fromForm(ctx, reduceOverSums(ctx, toForm(ctx, r)), r.shape);
    // Keep the input when the normal form is larger, or when it only multiplied out products
    // of sums without anything cancelling: the expanded form loses accuracy near the roots of
    // the factors, and a textbook keeps such products factored.
    if (out.size > r.size || (ctx.tally.distributed && !ctx.tally.cancelled)) out = r;
    normalized.set(r, out);
    normalized.set(out, out); // a normal form is its own normal form: later passes skip it
    return record(ALGEBRA, r, out);
  };

  let rulesOn = false;
  const local = (n: Node): Node => {
    for (let i = 0; i < MAX_LOCAL_FIRINGS; i++) {
      let next: Node | undefined;
      let name = '';
      if (n.op === 'add' && (next = factorCommonMatrix(g, n))) name = COLLECT_FACTOR;
      else if (n.op === 'mul' && (next = moveSignIntoSum(g, n))) name = MOVE_SIGN;
      else if (rulesOn)
        for (const r of rules) {
          const b = match(r.lhs, n, PATTERN_VARIABLES);
          if (!b) continue;
          const out = instantiate(g, r.rhs, b);
          if (out.shape.rows !== n.shape.rows || out.shape.cols !== n.shape.cols)
            throw new Error(`internal: rule ${r.name} changed a shape`);
          if (out !== n) {
            next = out;
            name = r.name;
            break;
          }
        }
      if (!next || next === n) return n;
      n = record(name, n, next);
    }
    return n;
  };

  const pass = (root: Node): Node => {
    const out = mapBottomUp(root, (n, args) => {
      if (!isAlgebraic(n)) args = args.map((a) => (isAlgebraic(a) ? normalizeRegion(a) : a));
      return local(rebuild(g, n, args));
    });
    return isAlgebraic(out) ? local(normalizeRegion(out)) : out;
  };

  // Phase 1 runs the algebra alone to its fixed point, so that no named rule rewrites part of a
  // region (say 1/(1+e^-z) into σ(z)) before the cancellations that need the unrewritten form.
  // Phase 2 adds the named rules.
  let cur = input;
  const maxPasses = opts.maxPasses ?? MAX_PASSES;
  for (const phase of [false, true]) {
    rulesOn = phase;
    for (let i = 0; i < maxPasses; i++) {
      const next = pass(cur);
      if (next === cur) break;
      cur = next;
    }
  }
  return cur.size > input.size ? { node: input, steps: [] } : { node: cur, steps };
}
