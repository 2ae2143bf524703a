/**
 * The expression graph: immutable, hash-consed nodes in a per-session store.
 * Structural equality is identity (`a === b`), so shared subexpressions are shared for free
 * and memo tables can be keyed by node. Nothing here is global: each Graph is a session.
 */
import { Shape, shapeKey } from './dims';
import { OPS, Op } from './ops';
import { Rational, ratKey } from './rational';

export interface Node {
  readonly id: number;
  readonly op: Op;
  readonly args: readonly Node[];
  readonly shape: Shape;
  /** Variable or dimension name. */
  readonly name?: string;
  /** Value of a `const`. */
  readonly value?: Rational;
  /** A variable declared symmetric(n) (or spd(n)). */
  readonly symmetric?: boolean;
  /** A variable declared with a domain: spd(n), diagonal(n), orthogonal(n), simplex(k[, m]), positive. */
  readonly domain?: VarDomain;
  /** Number of nodes in the tree (counting shared nodes once per use), for costs. */
  readonly size: number;
  /** Height of the tree, so deep-expression code can choose iterative paths. */
  readonly depth: number;
  /** The expression as re-parseable text (`String(node)`, template strings); see setNodePrinter. */
  toString(): string;
}

/**
 * How nodes print themselves. Core cannot import the printers (they are downstream of it), so
 * the library's entry points install the text printer here; until then a node prints as a tag.
 */
let nodePrinter: ((n: Node) => string) | undefined;

/** Install the printer behind `node.toString()` (the entry points install the text printer). */
export function setNodePrinter(p: (n: Node) => string): void {
  nodePrinter = p;
}

/** The prototype of every node: methods only, no state (nodes stay plain frozen data). */
const NODE_PROTO = {
  toString(this: Node): string {
    return nodePrinter ? nodePrinter(this) : `[matdiff ${this.op} node]`;
  },
};

/**
 * What a declaration says a variable's values are beyond its shape: symmetric positive definite
 * (`spd(n)`), diagonal (`diagonal(n)`: zero off the diagonal; also symmetric), orthogonal
 * (`orthogonal(n)`: QᵀQ = QQᵀ = I), probability vectors (`simplex(k)`, and `simplex(k, m)` for a
 * k×m matrix: every column has entries >= 0 that sum to one), or a positive scalar
 * (`positive`). Random instances and data checks respect it; the facts analysis uses it.
 */
export type VarDomain = 'spd' | 'diagonal' | 'orthogonal' | 'simplex' | 'positive';

export interface NodeAttrs {
  readonly name?: string;
  readonly value?: Rational;
  readonly symmetric?: boolean;
  readonly domain?: VarDomain;
}

export class Graph {
  /** Leaves and nodes with attributes, by a string key of their (short) parts. */
  private readonly leaves = new Map<string, Node>();
  /**
   * Interior nodes by a 32-bit hash of op and argument ids: O(1) memory per node beyond its
   * args (a string key would repeat every argument id, so a long chain rebuilt k times would
   * keep k keys of its length). Nodes whose hashes collide share a bucket, told apart by op and
   * argument identity, which is structural equality since the arguments are hash-consed.
   */
  private readonly interior = new Map<number, Node | Node[]>();
  private nextId = 0;
  /**
   * transpose(n) for nodes already transposed (a pure function of the node; see build.ts),
   * so repeated transposes of a deep expression stay linear. Only build.ts writes it.
   */
  readonly transposes = new Map<Node, Node>();

  /**
   * The unique node with these parts. Callers are the smart constructors in build.ts,
   * which have already checked shapes and normalized; intern itself checks nothing.
   */
  intern(op: Op, args: readonly Node[], shape: Shape, attrs: NodeAttrs = {}): Node {
    if (args.length === 0 || attrs.name !== undefined || attrs.value !== undefined || attrs.symmetric || attrs.domain) {
      let key: string = op;
      if (attrs.name !== undefined) key += `|n:${attrs.name}`;
      if (attrs.value !== undefined) key += `|v:${ratKey(attrs.value)}`;
      if (attrs.symmetric) key += '|sym';
      if (attrs.domain) key += `|d:${attrs.domain}`;
      if (args.length === 0) key += `|s:${shapeKey(shape)}`;
      for (const a of args) key += `,${a.id}`;
      const hit = this.leaves.get(key);
      if (hit) return hit;
      const node = this.make(op, args, shape, attrs);
      this.leaves.set(key, node);
      return node;
    }
    const h = hashParts(op, args);
    const bucket = this.interior.get(h);
    if (bucket === undefined) {
      const node = this.make(op, args, shape, attrs);
      this.interior.set(h, node);
      return node;
    }
    if (!Array.isArray(bucket)) {
      if (sameParts(bucket, op, args)) return bucket;
      const node = this.make(op, args, shape, attrs);
      this.interior.set(h, [bucket, node]);
      return node;
    }
    for (const n of bucket) if (sameParts(n, op, args)) return n;
    const node = this.make(op, args, shape, attrs);
    bucket.push(node);
    return node;
  }

  private make(op: Op, args: readonly Node[], shape: Shape, attrs: NodeAttrs): Node {
    let size = 1;
    let depth = 0;
    for (const a of args) {
      size += a.size;
      if (a.depth > depth) depth = a.depth;
    }
    // The node is frozen, its args array is only readonly-typed: V8 keeps frozen arrays in a
    // slow elements kind (slice about 25x and indexed reads about 5x slower, measured), and
    // every traversal reads args. Spread copies fast even from a frozen array.
    const node: Node = Object.freeze({
      __proto__: NODE_PROTO,
      id: this.nextId++,
      op,
      args: [...args],
      shape,
      ...attrs,
      size,
      depth: depth + 1,
    });
    this.made.add(node);
    return node;
  }

  /** Nodes made by this graph, so a node of another session can be refused (ids are per graph). */
  private readonly made = new WeakSet<Node>();

  /** Was `n` made by this graph? A node of another graph would be read with this one's ids. */
  owns(n: Node): boolean {
    return this.made.has(n);
  }

  get nodeCount(): number {
    return this.nextId;
  }
}

const OP_CODE = new Map<Op, number>(OPS.map((op, i) => [op, i + 1]));

// Bound once: under jest's module sandbox each `Math.imul` read is a slow global lookup (100x).
const imul = Math.imul;

/** MurmurHash3's 32-bit mixing over the op and the argument ids. */
function hashParts(op: Op, args: readonly Node[]): number {
  let h = imul(OP_CODE.get(op)!, 0x9e3779b1) ^ args.length;
  for (const a of args) {
    let k = imul(a.id, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h;
}

/** Is `n` the attribute-free interior node op(args)? Arguments compare by identity. */
function sameParts(n: Node, op: Op, args: readonly Node[]): boolean {
  if (n.op !== op || n.args.length !== args.length) return false;
  for (let i = 0; i < args.length; i++) if (n.args[i] !== args[i]) return false;
  return true;
}

/**
 * Post-order (children before parents) list of the distinct nodes under `roots`. Iterative.
 * With `known`, the walk does not enter nodes it says are known (they and everything under them
 * are left out), so a caller that has seen most of a graph pays only for what is new.
 */
export function topoOrder(roots: readonly Node[], known?: (n: Node) => boolean): Node[] {
  const out: Node[] = [];
  const seen = new Set<Node>();
  const stack: Array<[Node, number]> = [];
  for (const r of roots) {
    if (seen.has(r)) continue;
    stack.push([r, 0]);
    seen.add(r);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [n, i] = top;
      if (i < n.args.length) {
        top[1] = i + 1;
        const c = n.args[i];
        if (!seen.has(c) && !known?.(c)) {
          seen.add(c);
          stack.push([c, 0]);
        }
      } else {
        stack.pop();
        out.push(n);
      }
    }
  }
  return out;
}

/** Rebuild `root` bottom-up, replacing each node by `f(node, newArgs)`. Iterative, memoized. */
export function mapBottomUp(root: Node, f: (n: Node, args: Node[]) => Node): Node {
  const done = new Map<Node, Node>();
  for (const n of topoOrder([root])) {
    done.set(
      n,
      f(
        n,
        n.args.map((a) => done.get(a)!),
      ),
    );
  }
  return done.get(root)!;
}

/** Does `n` mention variable `name`? Memoized per call via the `cache` map. */
export function dependsOn(n: Node, name: string, cache = new Map<Node, boolean>()): boolean {
  for (const m of topoOrder([n])) {
    if (cache.has(m)) continue;
    cache.set(m, m.op === 'var' ? m.name === name : m.args.some((a) => cache.get(a)));
  }
  return cache.get(n)!;
}

/** The variables `n` mentions, with their nodes. */
export function freeVars(n: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const m of topoOrder([n])) if (m.op === 'var') out.set(m.name!, m);
  return out;
}
