/**
 * Pattern matching for rewrite rules. A pattern is an ordinary node in which the rule's
 * declared names are pattern variables. Commutative arguments match in any order; everything
 * else matches structurally. Matching is syntactic on canonical nodes (cheap and predictable,
 * as in mathjs's rule strings); equalities modulo algebra are the normalizer's job.
 */
import { Dim } from '../core/dims';
import { Graph, Node, mapBottomUp } from '../core/graph';
import { COMMUTATIVE } from '../core/ops';
import { rebuild } from '../core/rebuild';

/** Pattern variables bound to nodes; `#k` keys bind the rule's dimension symbols to dimensions. */
export type Bindings = Map<string, Node | Dim>;

/** Unify a pattern dimension with a target dimension: literals must be equal, symbols consistent. */
function unifyDim(p: Dim, t: Dim, b: Bindings): boolean {
  if (typeof p === 'number') return p === t;
  if (t === 1) return false; // a dimension symbol of a rule stands for a size other than 1
  const key = `#${p}`;
  const bound = b.get(key);
  if (bound === undefined) b.set(key, t);
  return bound === undefined || bound === t;
}

export function match(pattern: Node, target: Node, vars: ReadonlySet<string>, b: Bindings = new Map()): Bindings | undefined {
  if (pattern.op === 'var' && vars.has(pattern.name!)) {
    const bound = b.get(pattern.name!);
    if (bound) return bound === target ? b : undefined;
    const out = new Map(b);
    if (!unifyDim(pattern.shape.rows, target.shape.rows, out) || !unifyDim(pattern.shape.cols, target.shape.cols, out))
      return undefined;
    out.set(pattern.name!, target);
    return out;
  }
  if (pattern.op !== target.op || pattern.args.length !== target.args.length) return undefined;
  if (pattern.args.length === 0) {
    if (pattern.op === 'const') return pattern.value!.equals(target.value!) ? b : undefined;
    return pattern === target ? b : undefined;
  }
  if (COMMUTATIVE.has(pattern.op) && pattern.args.length <= 4) return matchUnordered(pattern.args, target.args, vars, b);
  let cur: Bindings | undefined = b;
  for (let i = 0; cur && i < pattern.args.length; i++) cur = match(pattern.args[i], target.args[i], vars, cur);
  return cur;
}

function matchUnordered(ps: readonly Node[], ts: readonly Node[], vars: ReadonlySet<string>, b: Bindings): Bindings | undefined {
  if (ps.length === 0) return b;
  const [p, ...restP] = ps;
  for (let i = 0; i < ts.length; i++) {
    const m = match(p, ts[i], vars, b);
    if (!m) continue;
    const done = matchUnordered(restP, [...ts.slice(0, i), ...ts.slice(i + 1)], vars, m);
    if (done) return done;
  }
  return undefined;
}

/** The rule's right-hand side with its variables replaced, rebuilt through the constructors. */
export function instantiate(g: Graph, template: Node, b: Bindings): Node {
  return mapBottomUp(template, (n, args) =>
    n.op === 'var' && b.has(n.name!) ? (b.get(n.name!) as Node) : rebuild(g, n, args),
  );
}
