/**
 * Runs of `*`, `/`, `.*` and `./` built with one constructor call instead of one per operator.
 *
 * Elaborating `A * B * C * ...` operator by operator would build a flat matmul per `*`, each
 * copying every factor before it: quadratic time, and memory for every intermediate chain.
 * A run keeps its operands in ropes (O(1) concatenation) and tracks only the shape, which is
 * all the surface `*` looks at to choose between scaling and a matrix product; the node is
 * built once, when something other than another `*` needs it. The node is the very one the
 * operator-by-operator fold would build (the constructors flatten, sort and fold constants the
 * same way whatever the grouping): test/perf/product-runs.test.ts checks that on random trees.
 * A shape error is left to the fold's own constructor call, so it reads and is located the same.
 */
import * as build from '../core/build';
import { SCALAR, Shape, isScalar, sameShape, shape } from '../core/dims';
import { Graph, Node } from '../core/graph';

/** A sequence of nodes with O(1) concatenation; `undefined` is empty. */
type Rope = Node | Cat | undefined;

class Cat {
  constructor(
    readonly left: Rope,
    readonly right: Rope,
  ) {}
}

const cat = (a: Rope, b: Rope): Rope => (a === undefined ? b : b === undefined ? a : new Cat(a, b));

/** The rope's nodes in order. Iterative: ropes of right-nested products are deep. */
function flatten(r: Rope): Node[] {
  const out: Node[] = [];
  const stack: Rope[] = [r];
  while (stack.length) {
    const top = stack.pop();
    if (top === undefined) continue;
    if (top instanceof Cat) stack.push(top.right, top.left);
    else out.push(top);
  }
  return out;
}

/**
 * The value of a run of `*` and `/`: mul(scalars..., matmul(chain...)), not yet built.
 * Invariant: the chain is empty exactly when the value is scalar; a chain whose product
 * comes out 1×1 is built at once and becomes a scalar factor, as the fold would have it.
 */
export class ProductRun {
  private constructor(
    readonly scalars: Rope,
    readonly chain: Rope,
    readonly shape: Shape,
  ) {}

  static of(n: Node): ProductRun {
    return isScalar(n.shape) ? new ProductRun(n, undefined, SCALAR) : new ProductRun(undefined, n, n.shape);
  }

  /** Would `this * other` be a matrix product with mismatched inner dimensions? */
  mismatches(other: ProductRun): boolean {
    return this.chain !== undefined && other.chain !== undefined && this.shape.cols !== other.shape.rows;
  }

  /** `this * other`, where `mismatches(other)` is false. */
  times(g: Graph, other: ProductRun): ProductRun {
    const scalars = cat(this.scalars, other.scalars);
    if (this.chain === undefined || other.chain === undefined)
      return new ProductRun(scalars, cat(this.chain, other.chain), this.chain === undefined ? other.shape : this.shape);
    const s = shape(this.shape.rows, other.shape.cols);
    const joined = new ProductRun(scalars, cat(this.chain, other.chain), s);
    return isScalar(s) ? new ProductRun(joined.node(g), undefined, SCALAR) : joined;
  }

  /** The node: what folding the run operator by operator gives. */
  node(g: Graph): Node {
    const scalars = flatten(this.scalars);
    const chain = flatten(this.chain);
    if (chain.length === 0) return scalars.length === 1 ? scalars[0] : build.mul(g, scalars);
    const body = chain.length === 1 ? chain[0] : build.matmul(g, chain);
    return scalars.length === 0 ? body : build.mul(g, [...scalars, body]);
  }
}

/** The value of a run of `.*` and `./`: hadamard(items...), not yet built. */
export class HadamardRun {
  private constructor(
    readonly items: Rope,
    /** The first non-scalar item's shape (the run's shape), or SCALAR. */
    readonly shape: Shape,
  ) {}

  static of(n: Node): HadamardRun {
    return new HadamardRun(n, n.shape);
  }

  /** Would `this .* other` combine two different non-scalar shapes? */
  mismatches(other: HadamardRun): boolean {
    return !isScalar(this.shape) && !isScalar(other.shape) && !sameShape(this.shape, other.shape);
  }

  /** `this .* other`, where `mismatches(other)` is false. */
  times(other: HadamardRun): HadamardRun {
    return new HadamardRun(cat(this.items, other.items), isScalar(this.shape) ? other.shape : this.shape);
  }

  node(g: Graph): Node {
    const items = flatten(this.items);
    return items.length === 1 ? items[0] : build.hadamard(g, items);
  }
}

export type Run = ProductRun | HadamardRun;
