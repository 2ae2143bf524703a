/**
 * An e-graph over the hash-consed core graph (egg's design, layered the way tinygrad's
 * uop/egraph.py layers one over its hash-consed UOps). Core nodes are the e-nodes: the Graph's
 * hash-consing already makes structurally equal nodes one object, so an e-class is a set of core
 * nodes proven equal, kept by union-find. Congruence closure is egg's deferred rebuild: after a
 * round of unions, every user of a merged class gets its key (op, attributes, classes of its
 * arguments) again, and two users with the same key are unioned too.
 *
 * Every union records why (a rule name and the two nodes), so the steps from the input to the
 * extracted form can be read off (`explain`): a path in the proof forest, as egg's explanations.
 */
import { Node, topoOrder } from '../core/graph';
import { ratKey } from '../core/rational';

/** One recorded equality: `a` and `b` were made equal by `rule`. */
export interface Justification {
  readonly rule: string;
  readonly a: Node;
  readonly b: Node;
  /**
   * For a union by congruence (or a node rebuilt over equal arguments): the argument pairs that
   * were equal, whose own explanations explain it.
   */
  readonly pairs?: ReadonlyArray<readonly [Node, Node]>;
}

const flipped = (j: Justification): Justification => ({ rule: j.rule, a: j.b, b: j.a, pairs: j.pairs?.map(([x, y]) => [y, x] as const) });

/** How deep explanations follow congruences into arguments. */
const MAX_EXPLAIN_DEPTH = 64;
/** Steps in one explanation at most: a trace longer than this is not read by anyone. */
const MAX_EXPLAINED = 10_000;

export class EGraph {
  private readonly parent = new Map<Node, Node>();
  private readonly members = new Map<Node, Node[]>();
  /** Nodes that have a member of the class (by leader) as an argument. */
  private readonly uses = new Map<Node, Node[]>();
  /** Congruence keys of the nodes, by leaders of their arguments. */
  private readonly byKey = new Map<string, Node>();
  private readonly dirty: Node[] = [];
  /** The proof forest: for each node, the equalities that touch it. */
  private readonly proofs = new Map<Node, Justification[]>();
  /** Every node in the order it was added (children before parents). */
  private readonly order: Node[] = [];
  private unions = 0;
  /** When each class (by leader) last changed: got its first node, or merged with another. */
  private readonly changedAt = new Map<Node, number>();
  private clock = 0;

  /** How many core nodes the e-graph holds (its e-nodes). */
  get size(): number {
    return this.parent.size;
  }

  /** Unions made so far (a saturation round that makes none has reached a fixed point). */
  get unionCount(): number {
    return this.unions;
  }

  /** A counter that moves on whenever a class is created or merged (see `changed`). */
  get now(): number {
    return this.clock;
  }

  /** When `n`'s class last changed, on the `now` clock: a match below it may have become possible. */
  changed(n: Node): number {
    return this.changedAt.get(this.find(n))!;
  }

  /** Every node, children before parents. */
  nodes(): readonly Node[] {
    return this.order;
  }

  /** The nodes that have a member of `n`'s class as an argument. */
  users(n: Node): readonly Node[] {
    return this.uses.get(this.find(n)) ?? [];
  }

  has(n: Node): boolean {
    return this.parent.has(n);
  }

  /** The leader of `n`'s class. */
  find(n: Node): Node {
    let r = n;
    for (let p = this.parent.get(r)!; p !== r; p = this.parent.get(r)!) r = p;
    // Path compression.
    for (let c = n; c !== r;) {
      const next = this.parent.get(c)!;
      this.parent.set(c, r);
      c = next;
    }
    return r;
  }

  /** The nodes of `n`'s class. */
  classOf(n: Node): readonly Node[] {
    return this.members.get(this.find(n))!;
  }

  /** Every class, by leader. */
  leaders(): Node[] {
    return [...this.members.keys()];
  }

  private key(n: Node): string {
    let k: string = n.op;
    if (n.name !== undefined) k += `|n:${n.name}`;
    if (n.value !== undefined) k += `|v:${ratKey(n.value)}`;
    if (n.symmetric) k += '|sym';
    if (n.args.length === 0) k += `|s:${n.shape.rows}x${n.shape.cols}`;
    for (const a of n.args) k += `,${this.find(a).id}`;
    return k;
  }

  /** Add `root` and everything under it; the leader of its class. */
  add(root: Node): Node {
    if (this.parent.has(root)) return this.find(root);
    // Only what is new: the walk stops at nodes already in the e-graph.
    for (const n of topoOrder([root], (c) => this.parent.has(c))) {
      this.parent.set(n, n);
      this.members.set(n, [n]);
      this.changedAt.set(n, ++this.clock);
      this.order.push(n);
      for (const a of new Set(n.args)) {
        const l = this.find(a);
        const list = this.uses.get(l);
        if (list) list.push(n);
        else this.uses.set(l, [n]);
      }
      const k = this.key(n);
      const same = this.byKey.get(k);
      if (same) this.union(n, same, 'congruence', argumentPairs(n, same));
      else this.byKey.set(k, n);
    }
    return this.find(root);
  }

  /** Make `a` and `b` equal because of `rule`. False when they already were. */
  union(a: Node, b: Node, rule: string, pairs?: ReadonlyArray<readonly [Node, Node]>): boolean {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return false;
    this.unions++;
    const j: Justification = { rule, a, b, pairs };
    for (const n of [a, b]) {
      const list = this.proofs.get(n);
      if (list) list.push(j);
      else this.proofs.set(n, [j]);
    }
    // Union by size: the larger class keeps its leader.
    if (this.members.get(ra)!.length < this.members.get(rb)!.length) [ra, rb] = [rb, ra];
    this.parent.set(rb, ra);
    this.members.get(ra)!.push(...this.members.get(rb)!);
    this.members.delete(rb);
    this.changedAt.delete(rb);
    this.changedAt.set(ra, ++this.clock);
    const moved = this.uses.get(rb);
    if (moved) {
      const list = this.uses.get(ra);
      if (list) list.push(...moved);
      else this.uses.set(ra, moved.slice());
      this.uses.delete(rb);
    }
    this.dirty.push(ra);
    return true;
  }

  /**
   * Restore congruence: users of merged classes with equal keys are unioned (egg's rebuild).
   * Each dirty class is visited once per sweep, and its users list is deduplicated as it is
   * read: unions append lists, and rescanning the duplicates made rebuilding quadratic.
   */
  rebuild(): void {
    while (this.dirty.length) {
      const todo = new Set(this.dirty.splice(0).map((d) => this.find(d)));
      for (const dirty of todo) {
        const leader = this.find(dirty);
        const list = this.uses.get(leader);
        if (!list) continue;
        const unique = [...new Set(list)];
        this.uses.set(leader, unique);
        for (const u of unique) {
          const k = this.key(u);
          const same = this.byKey.get(k);
          if (same && this.find(same) !== this.find(u)) this.union(u, same, 'congruence', argumentPairs(u, same));
          else if (!same) this.byKey.set(k, u);
        }
      }
    }
  }

  /**
   * The named steps that lead from `from` to `to` (two nodes of one class), in order: a
   * breadth-first path in the proof forest, with every congruence replaced by the steps of its
   * arguments. Each pair is explained once (the same argument pair recurs under many
   * congruences, and re-explaining it made traces grow exponentially), and a trace stops at
   * MAX_EXPLAINED steps.
   */
  explain(from: Node, to: Node): Justification[] {
    const out: Justification[] = [];
    this.explainInto(from, to, 0, new Set(), out);
    return out;
  }

  private explainInto(from: Node, to: Node, depth: number, done: Set<string>, out: Justification[]): void {
    const key = `${from.id}|${to.id}`;
    if (from === to || depth > MAX_EXPLAIN_DEPTH || done.has(key) || out.length >= MAX_EXPLAINED) return;
    done.add(key);
    for (const j of this.proofPath(from, to)) {
      // A node rebuilt over rewritten arguments is explained by their steps; the constructors'
      // folding on top (1/m moving to the front) is not a step a person needs to see.
      if (j.pairs?.length) for (const [x, y] of j.pairs) this.explainInto(x, y, depth + 1, done, out);
      else if (j.rule !== 'congruence' && out.length < MAX_EXPLAINED) out.push(j);
    }
  }

  /** The recorded equalities on a shortest path from `from` to `to` in the proof forest. */
  private proofPath(from: Node, to: Node): Justification[] {
    const back = new Map<Node, Justification | null>([[from, null]]);
    const queue = [from];
    for (let k = 0; k < queue.length && !back.has(to); k++) {
      const n = queue[k];
      for (const j of this.proofs.get(n) ?? []) {
        const other = j.a === n ? j.b : j.a;
        if (back.has(other)) continue;
        back.set(other, j.a === n ? j : flipped(j));
        queue.push(other);
      }
    }
    if (!back.has(to)) return [];
    const path: Justification[] = [];
    for (let n = to; n !== from;) {
      const j = back.get(n)!;
      path.push(j);
      n = j.a;
    }
    return path.reverse();
  }
}

/** The argument pairs of two nodes with the same op and arity (empty otherwise). */
export function argumentPairs(p: Node, q: Node): Array<readonly [Node, Node]> {
  if (p.args.length !== q.args.length) return [];
  return p.args.map((a, i) => [a, q.args[i]] as const).filter(([a, b]) => a !== b);
}
