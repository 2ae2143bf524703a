/**
 * E-matching: a rule's left side (a node of the rules' graph, rules.ts) against an e-class,
 * trying every member of every class on the way down, so a rule fires on any equal form of its
 * arguments. Associativity and commutativity are not rules: they are the n-ary sorted nodes, and
 * a pattern at the root matches
 *   - a subset of a sum's terms, of an elementwise product's factors or of a scalar product's
 *     factors (the others are the "rest", put back around the rewritten part), and
 *   - a contiguous sub-chain of a matrix product (the factors left and right of it are the rest);
 * inside a chain pattern, a pattern variable may stand for a run of consecutive factors
 * (`inv(A*B)` matches inv(X*Y*Z) with A = X, B = Y*Z).
 */
import { matmul, transpose } from '../core/build';
import { Graph, Node } from '../core/graph';
import { REBUILD } from '../core/rebuild';
import { EGraph } from './egraph';
import { Bindings, matchLeaf, unifyShape } from './match';

/** A match of a rule at a node: the bindings, and how to put the right side back in context. */
export interface EMatch {
  readonly bindings: Bindings;
  /** The rewritten node for the instantiated right side (the rest put back around it). */
  readonly wrap: (rhs: Node) => Node;
}

const SUBSET_OPS = new Set(['add', 'hadamard', 'mul']);
/** Matches explored per rule and node at most: patterns are small, targets can be wide. */
const MAX_MATCHES = 64;
/**
 * A pattern variable takes a run of factors only in chains this short: each run is a new node,
 * and a chain of k factors has k² runs (a 300-deep gradient has chains of hundreds).
 */
const MAX_ABSORBING_CHAIN = 6;

export class Matcher {
  private vars: ReadonlySet<string> = new Set();
  constructor(
    private readonly g: Graph,
    private readonly eg: EGraph,
  ) {}

  /** Every way `pattern` matches some member of `target`'s class (at most MAX_MATCHES). */
  matchClass(pattern: Node, target: Node, b: Bindings): Bindings[] {
    if (pattern.op === 'var' && this.vars.has(pattern.name!)) return this.bindVar(pattern, target, b);
    if (pattern.op === 'transpose' && pattern.args[0].op === 'var' && this.vars.has(pattern.args[0].name!)) {
      const t = this.transposed(target);
      return t ? this.bindVar(pattern.args[0], t, b) : [];
    }
    const out: Bindings[] = [];
    for (const m of this.eg.classOf(target)) {
      for (const r of this.matchNode(pattern, m, b)) {
        out.push(r);
        if (out.length >= MAX_MATCHES) return out;
      }
    }
    return out;
  }

  /**
   * The class of `target`'s transpose, for a pattern `Xᵀ`: the constructors push transposes
   * inward (softmax(Vz)ᵀ is softmax(zᵀVᵀ)), so Xᵀ matches any node whose transpose is already in
   * the e-graph (or is a leaf or a chain of leaves, cheap to add: inv(XᵀXᵀ) = (XX)⁻ᵀ); other
   * transposes are not made up just to match.
   */
  private transposed(target: Node): Node | undefined {
    for (const m of this.eg.classOf(target)) {
      const t = transpose(this.g, m);
      if (this.eg.has(t)) return this.eg.find(t);
      if (isLeafLike(t) || (t.op === 'matmul' && t.args.every(isLeafLike))) return this.eg.add(t);
    }
    return undefined;
  }

  private bindVar(pattern: Node, target: Node, b: Bindings): Bindings[] {
    const bound = b.get(pattern.name!);
    if (bound) return this.eg.find(bound as Node) === this.eg.find(target) ? [b] : [];
    const out = new Map(b);
    if (!unifyShape(pattern.shape, target.shape, out)) return [];
    out.set(pattern.name!, this.eg.find(target));
    return [out];
  }

  /** `pattern` against one node `m` exactly (no rest at this level). */
  private matchNode(pattern: Node, m: Node, b: Bindings): Bindings[] {
    if (pattern.args.length === 0) {
      const r = matchLeaf(pattern, m, b);
      return r ? [r] : [];
    }
    if (pattern.op !== m.op) return [];
    if (pattern.op === 'matmul') return this.chain(pattern.args, m.args, b);
    if (pattern.args.length !== m.args.length) return [];
    if (SUBSET_OPS.has(pattern.op)) return this.unordered(pattern.args, m.args, b).map((r) => r.b);
    return this.ordered(pattern.args, m.args, b);
  }

  private ordered(ps: readonly Node[], ts: readonly Node[], b: Bindings): Bindings[] {
    let cur: Bindings[] = [b];
    for (let i = 0; i < ps.length && cur.length; i++) {
      const next: Bindings[] = [];
      for (const c of cur) next.push(...this.matchClass(ps[i], ts[i], c));
      cur = next.slice(0, MAX_MATCHES);
    }
    return cur;
  }

  /** Pattern args onto distinct target args, in any order; `used` are the indices taken. */
  private unordered(ps: readonly Node[], ts: readonly Node[], b: Bindings): Array<{ b: Bindings; used: number[] }> {
    const out: Array<{ b: Bindings; used: number[] }> = [];
    const go = (i: number, cur: Bindings, used: number[]) => {
      if (out.length >= MAX_MATCHES) return;
      if (i === ps.length) {
        out.push({ b: cur, used });
        return;
      }
      for (let j = 0; j < ts.length; j++) {
        if (used.includes(j)) continue;
        for (const r of this.matchClass(ps[i], ts[j], cur)) go(i + 1, r, [...used, j]);
      }
    };
    go(0, b, []);
    return out;
  }

  /** A chain pattern onto a whole chain; a pattern variable may take a run of factors (short chains only). */
  private chain(ps: readonly Node[], ts: readonly Node[], b: Bindings, absorb = ts.length <= MAX_ABSORBING_CHAIN): Bindings[] {
    const out: Bindings[] = [];
    const go = (i: number, j: number, cur: Bindings) => {
      if (out.length >= MAX_MATCHES) return;
      if (i === ps.length) {
        if (j === ts.length) out.push(cur);
        return;
      }
      const p = ps[i];
      const isVar = p.op === 'var' && this.vars.has(p.name!);
      const longest = isVar && absorb ? ts.length - j - (ps.length - i - 1) : 1;
      for (let len = 1; len <= longest; len++) {
        const run = ts.slice(j, j + len);
        const t = run.length === 1 ? run[0] : this.eg.find(this.eg.add(matmul(this.g, run)));
        for (const r of this.matchClass(p, t, cur)) go(i + 1, j + len, r);
      }
    };
    go(0, 0, b);
    return out;
  }

  /** Matches of `pattern` (with pattern variables `vars`) at `m`, with a rest where `m` is wider than the pattern. */
  matchAt(pattern: Node, vars: ReadonlySet<string>, m: Node): EMatch[] {
    this.vars = vars;
    const none = new Map() as Bindings;
    if (pattern.op !== m.op || pattern.args.length === 0) return [];
    const exact = (): EMatch[] => this.matchNode(pattern, m, none).map((b) => ({ bindings: b, wrap: (r) => r }));
    if (SUBSET_OPS.has(m.op) && m.args.length > pattern.args.length) {
      return this.unordered(pattern.args, m.args, none).map(({ b, used }) => {
        const rest = m.args.filter((_, j) => !used.includes(j));
        return { bindings: b, wrap: (r) => rebuildWith(this.g, m, [r, ...rest]) };
      });
    }
    if (m.op === 'matmul' && m.args.length > pattern.args.length) {
      // Windows of exactly the pattern's length, one factor per pattern factor: linear in the
      // chain (longer windows for absorbing variables would be quadratic).
      const out: EMatch[] = [];
      const p = pattern.args.length;
      for (let start = 0; start + p <= m.args.length && out.length < MAX_MATCHES; start++) {
        const left = m.args.slice(0, start);
        const right = m.args.slice(start + p);
        for (const b of this.chain(pattern.args, m.args.slice(start, start + p), none, false))
          out.push({ bindings: b, wrap: (r) => matmul(this.g, [...left, r, ...right]) });
      }
      return out;
    }
    return exact();
  }
}

/** A leaf or a transposed leaf. */
const isLeafLike = (n: Node): boolean => n.args.length === 0 || (n.op === 'transpose' && n.args[0].args.length === 0);

/** `m`'s op over new arguments (the rewritten part and the rest), through the constructors. */
const rebuildWith = (g: Graph, m: Node, args: Node[]): Node => REBUILD[m.op](g, m, args); // add, hadamard, mul flatten and sort
