/**
 * Which subexpressions a printer names. Nodes are a hash-consed DAG but text is a tree, so a
 * result with heavy sharing (a gradient of a deep softmax chain, of t^t^…^t) is exponentially
 * larger written out than it is in memory. When the written-out tree would be much larger than
 * the graph, every subexpression that is used more than once and is not tiny is printed once,
 * as a named binding (`t1 = …`, as CasADi writes `@1 = …`), and referred to by its name.
 *
 * Printed size is then linear in the graph: a named node is spelled once, a node used once is
 * spelled inside its only user, and a tiny node (fewer than `minSize` nodes written out) is
 * spelled at each of its uses, at most `minSize` nodes per edge of the graph.
 * Small results (the tree within `ratio` times the graph, or within `inlineNodes` nodes) have
 * no names: they print exactly as they always did.
 */
import { dimSymbols } from '../core/dims';
import { Node } from '../core/graph';

export interface SharingRules {
  /** A shared subexpression is named only if it has at least this many nodes written out. */
  readonly minSize: number;
  /** ... and is used at least this many times (2: shared; 1 names every large enough node). */
  readonly minUses: number;
  /** Names are used only if the tree written out has more than `ratio` × the graph's nodes ... */
  readonly ratio: number;
  /** ... and more than this many nodes. */
  readonly inlineNodes: number;
}

export const SHARING: SharingRules = { minSize: 8, minUses: 2, ratio: 4, inlineNodes: 1000 };

/** A named subexpression: `t3` in the text form, t₃ and t_{3} in the display forms. */
export interface Ref {
  readonly name: string;
  readonly index: number;
}

/** Every name a printed binding must not take: the variables and dimension symbols under `nodes`. */
function takenNames(nodes: readonly Node[], reserved: Iterable<string>): Set<string> {
  const taken = new Set(reserved);
  for (const n of nodes) {
    if (n.name !== undefined) taken.add(n.name);
    for (const d of dimSymbols(n.shape)) taken.add(d);
  }
  return taken;
}

/** How many times each node is an argument of a node under the root (with multiplicity). */
function useCounts(nodes: readonly Node[]): Map<Node, number> {
  const uses = new Map<Node, number>();
  for (const n of nodes) for (const a of n.args) uses.set(a, (uses.get(a) ?? 0) + 1);
  return uses;
}

/** Would the tree under `root` (its distinct nodes `nodes`) print small enough without names? */
export const fitsInline = (root: Node, nodes: readonly Node[], rules: SharingRules = SHARING): boolean =>
  root.size <= rules.inlineNodes || root.size <= rules.ratio * nodes.length;

/**
 * The subexpressions to name, in topological order (a binding only mentions earlier ones),
 * with names `t1, t2, …` that skip every name in `reserved` or under the root.
 * `nodes` is `topoOrder([root])`. Empty when the result prints inline.
 */
export function sharedNames(root: Node, nodes: readonly Node[], reserved: Iterable<string> = [], rules: SharingRules = SHARING): Map<Node, Ref> {
  const named = new Map<Node, Ref>();
  const uses = useCounts(nodes);
  const chosen = nodes.filter((n) => n !== root && n.args.length > 0 && n.size >= rules.minSize && (uses.get(n) ?? 0) >= rules.minUses);
  if (chosen.length === 0) return named;
  const taken = takenNames(nodes, reserved);
  let index = 0;
  for (const n of chosen) {
    do index++;
    while (taken.has(`t${index}`));
    named.set(n, { name: `t${index}`, index });
  }
  return named;
}
