/**
 * The lowered expression DAG: the core graph's nodes with every matrix-product chain split
 * into binary products (in a cheap order), plus a few internal scalar kernels that the
 * stability rewrite introduces (`log1p`, `expNegAbs`, ...). LNodes are hash-consed within one
 * lowering, so a product that two chains share is computed once.
 */
import { Dim, SCALAR, Shape, isScalar, shape } from '../core/dims';
import { Node, topoOrder } from '../core/graph';
import { UnsupportedError } from '../core/errors';
import { Op } from '../core/ops';
import { exponentToNumber, ratToNumber } from '../core/rational';

/**
 * Internal ops that exist only after lowering:
 * - `softplusE(z, l)` = max(z, 0) + l where l = log1pE(e) = log1p(e) and e = exp(-|z|)
 * - `sigmoidE(z, e)` = z >= 0 ? 1/(1+e) : e/(1+e) where e = exp(-|z|)
 * - `expNegAbs(z)` = exp(-|z|), shared by the two above so σ(z) and softplus(z) cost one exp;
 *   it is the same node for z and −z (|−z| = |z| exactly), so softplus(z) and softplus(−z)
 *   also share one log1p: the seed's loss needs both, and computing softplus(−z) this way keeps
 *   its relative precision (softplus(z) − z does not).
 */
export const INTERNAL_OPS = ['expNegAbs', 'log1pE', 'softplusE', 'sigmoidE'] as const;
export type InternalOp = (typeof INTERNAL_OPS)[number];
/** The vec-layout ops (kron, vec, commutation) print derivatives; the evaluator does not compute them. */
type VecLayoutOp = 'kron' | 'vec' | 'commutation';
export type LOp = Exclude<Op, VecLayoutOp> | InternalOp;

export interface LNode {
  readonly id: number;
  readonly op: LOp;
  readonly args: readonly LNode[];
  readonly shape: Shape;
  readonly value?: number; // const
  readonly name?: string; // var, dim
  readonly symmetric?: boolean; // var declared symmetric
}

/** Size guess for a symbolic dimension when choosing a product order at compile time. */
export const DEFAULT_DIM_HINT = 1000;

export class Lowering {
  private readonly table = new Map<string, LNode>();
  private readonly memo = new Map<Node, LNode>();
  private nextId = 0;
  constructor(private readonly dimHint: (d: Dim) => number = (d) => (typeof d === 'number' ? d : DEFAULT_DIM_HINT)) {}

  make(op: LOp, args: readonly LNode[], s: Shape, attrs: { value?: number; name?: string; symmetric?: boolean } = {}): LNode {
    let key: string = op;
    if (attrs.value !== undefined) key += `|v:${Object.is(attrs.value, -0) ? '-0' : attrs.value}`;
    if (attrs.name !== undefined) key += `|n:${attrs.name}`;
    if (args.length === 0) key += `|s:${s.rows}x${s.cols}`;
    for (const a of args) key += `,${a.id}`;
    const hit = this.table.get(key);
    if (hit) return hit;
    const n: LNode = { id: this.nextId++, op, args, shape: s, ...attrs };
    this.table.set(key, n);
    return n;
  }

  /** Lower core nodes (iteratively; memoized across calls of one Lowering). */
  lower(roots: readonly Node[]): LNode[] {
    for (const n of topoOrder(roots)) {
      if (this.memo.has(n)) continue;
      const args = n.args.map((a) => this.memo.get(a)!);
      // A constant exponent keeps its parity beyond 2^53 (1^(10^400) is 1, not NaN).
      if ((n.op === 'pow' || n.op === 'epow') && n.args[1].op === 'const')
        args[1] = this.make('const', [], SCALAR, { value: exponentToNumber(n.args[1].value!) });
      let l: LNode;
      switch (n.op) {
        case 'const':
          l = this.make('const', [], SCALAR, { value: ratToNumber(n.value!) });
          break;
        case 'var':
          l = this.make('var', [], n.shape, { name: n.name, symmetric: n.symmetric });
          break;
        case 'dim':
          l = this.make('dim', [], SCALAR, { name: n.name });
          break;
        case 'matmul':
          l = this.chain(args);
          break;
        case 'softplus':
          l = this.make('softplusE', [args[0], this.make('log1pE', [this.expNegAbs(n.args[0])], n.shape)], n.shape);
          break;
        case 'sigmoid':
          l = this.make('sigmoidE', [args[0], this.expNegAbs(n.args[0])], n.shape);
          break;
        case 'kron':
        case 'vec':
        case 'commutation':
          throw new UnsupportedError(
            `the evaluator does not compute ${n.op}: it appears in matrix-by-matrix derivatives, which are for reading`,
            undefined,
            'compile the gradient, or a Hessian-vector product (hvp) or directional derivative, which stay in matrix form',
          );
        default:
          l = this.make(n.op, args, n.shape);
      }
      this.memo.set(n, l);
    }
    return roots.map((r) => this.memo.get(r)!);
  }

  /** exp(-|z|) of a lowered core node, the same node for z and -z. */
  private expNegAbs(z: Node): LNode {
    const inner = z.op === 'mul' && z.args.length === 2 && z.args[0].op === 'const' && z.args[0].value!.equals(-1) ? z.args[1] : z;
    return this.make('expNegAbs', [this.memo.get(inner)!], z.shape);
  }

  /** A product of two factors: scaling when either is 1×1, else a binary matmul. */
  product(a: LNode, b: LNode): LNode {
    if (isScalar(a.shape) || isScalar(b.shape)) return this.make('mul', [a, b], isScalar(a.shape) ? b.shape : a.shape);
    return this.make('matmul', [a, b], shape(a.shape.rows, b.shape.cols));
  }

  /**
   * Matrix-chain order over the estimated sizes: the textbook O(k³) dynamic program for chains
   * of at most CHAIN_DP_MAX factors; longer ones (a gradient of a 1000-deep A*(A*(…x)) has a
   * thousand chains of up to a thousand factors) in O(k log k), see longChain.
   */
  private chain(f: readonly LNode[]): LNode {
    const k = f.length;
    const p = [this.dimHint(f[0].shape.rows), ...f.map((x) => this.dimHint(x.shape.cols))];
    if (k > CHAIN_DP_MAX) return this.longChain(f, p);
    const cost: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    const split: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    for (let len = 2; len <= k; len++)
      for (let i = 0; i + len - 1 < k; i++) {
        const j = i + len - 1;
        cost[i][j] = Infinity;
        for (let s = i; s < j; s++) {
          const c = cost[i][s] + cost[s + 1][j] + p[i] * p[s + 1] * p[j + 1];
          if (c < cost[i][j]) {
            cost[i][j] = c;
            split[i][j] = s;
          }
        }
      }
    // Build the tree with an explicit stack (chains are short, but stay iterative anyway).
    const build = (i0: number, j0: number): LNode => {
      type Frame = { i: number; j: number; left?: LNode };
      const stack: Frame[] = [{ i: i0, j: j0 }];
      let result: LNode | undefined;
      while (stack.length) {
        const fr = stack[stack.length - 1];
        if (fr.i === fr.j) {
          result = f[fr.i];
          stack.pop();
        } else if (fr.left === undefined && result === undefined) {
          stack.push({ i: fr.i, j: split[fr.i][fr.j] });
          continue;
        } else if (fr.left === undefined) {
          fr.left = result;
          result = undefined;
          stack.push({ i: split[fr.i][fr.j] + 1, j: fr.j });
          continue;
        } else {
          result = this.product(fr.left, result!);
          stack.pop();
        }
        // a finished child hands `result` to its parent frame on the next iteration
      }
      return result!;
    };
    return build(0, k - 1);
  }

  /**
   * A long chain: ending in a column vector, right to left (only matrix-vector products: every
   * factor is read once, and the products A*(A*x) are shared with every other chain that has
   * the same tail); starting with a row vector, left to right; with an inner size 1 (u * v' * …),
   * a column times a row, each ordered that way; otherwise greedily, always the adjacent pair
   * whose product is cheapest (a heap over the pairs, O(k log k)).
   */
  private longChain(f: readonly LNode[], p: readonly number[]): LNode {
    const k = f.length;
    if (p[k] === 1) {
      let r = f[k - 1];
      for (let i = k - 2; i >= 0; i--) r = this.product(f[i], r);
      return r;
    }
    if (p[0] === 1) {
      let r = f[0];
      for (let i = 1; i < k; i++) r = this.product(r, f[i]);
      return r;
    }
    // An inner size 1 splits the chain into a column (ending in size 1) times a row (starting with it).
    const t = p.indexOf(1, 1);
    if (t > 0 && t < k) return this.product(this.chain(f.slice(0, t)), this.chain(f.slice(t)));
    // Greedy over a linked list of groups; the pair (i, next[i]) costs rows[i] * cols[i] * cols[next[i]].
    // A heap entry is stale once either side of its pair has changed: it carries both versions.
    const node = f.slice();
    const rows = p.slice(0, k);
    const cols = p.slice(1);
    const next = Array.from({ length: k }, (_, i) => (i + 1 < k ? i + 1 : -1));
    const prev = Array.from({ length: k }, (_, i) => i - 1);
    const version = new Array<number>(k).fill(0);
    const dead = new Array<boolean>(k).fill(false);
    const heap = new PairHeap();
    const stamp = (i: number) => version[i] * (k + 1) + version[next[i]];
    const offer = (i: number) => {
      if (i >= 0 && next[i] >= 0) heap.push(rows[i] * cols[i] * cols[next[i]], i, stamp(i));
    };
    for (let i = 0; i + 1 < k; i++) offer(i);
    for (let alive = k; alive > 1;) {
      const [i, st] = heap.pop();
      if (dead[i] || next[i] < 0 || st !== stamp(i)) continue;
      const j = next[i];
      node[i] = this.product(node[i], node[j]);
      cols[i] = cols[j];
      dead[j] = true;
      next[i] = next[j];
      if (next[j] >= 0) prev[next[j]] = i;
      version[i]++;
      alive--;
      offer(prev[i]);
      offer(i);
    }
    return node[0];
  }
}

/** A binary min-heap of (cost, index, stamp), ties broken by index (deterministic orders). */
class PairHeap {
  private readonly items: [number, number, number][] = [];
  private less(a: [number, number, number], b: [number, number, number]): boolean {
    return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  }
  push(cost: number, index: number, stamp: number): void {
    const h = this.items;
    h.push([cost, index, stamp]);
    for (let i = h.length - 1; i > 0;) {
      const up = (i - 1) >> 1;
      if (!this.less(h[i], h[up])) break;
      [h[i], h[up]] = [h[up], h[i]];
      i = up;
    }
  }
  /** [index, stamp] of the cheapest entry. */
  pop(): [number, number] {
    const h = this.items;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return [top[1], top[2]];
  }
}

/** Longest chain ordered by the exact O(k³) dynamic program. */
export const CHAIN_DP_MAX = 64;
