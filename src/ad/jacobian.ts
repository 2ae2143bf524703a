/**
 * Jacobians of vector-valued expressions wrt a vector (or scalar) variable x of length n,
 * by a forward sweep: each node u that depends on x and is a vector (or scalar) of length ℓ
 * gets J(u), the ℓ×n matrix d vec(u) / dx (a row vector u is treated as the column uᵀ).
 *
 * The rules are the matrix-calculus ones: J(A u) = A J(u) for A not depending on x,
 * J(φ(u)) = diag(φ'(u)) J(u) for elementwise φ, product rules for scalar scaling, ⊙ and
 * products of vectors, sums add. An intermediate *matrix* that depends on x (diag(x), x x',
 * inv(X(x)), ...) would need a 3-tensor, so it raises UnsupportedError naming the op.
 */
import {
  add, diag, elementwise, epow, eye, hadamard, isZero, matmul, mul, neg, num, ones, pow, softmax, transpose, zeros,
} from '../core/build';
import { Shape, describeShape, isColumn, isRow, isScalar, shape } from '../core/dims';
import { UnsupportedError } from '../core/errors';
import { Graph, Node, topoOrder } from '../core/graph';
import { ElementwiseOp, Op } from '../core/ops';
import { ELEMENTWISE_DERIVATIVE, perElementwise } from './elementwise';
import { dependence } from './reverse';

interface JvpInput {
  readonly g: Graph;
  readonly node: Node;
  /** J of each argument that depends on x; undefined for the others (their J is zero). */
  readonly jac: ReadonlyArray<Node | undefined>;
}

/** J(node) from its arguments' Jacobians; undefined for a symbolic zero. */
type JacobianRule = (input: JvpInput) => Node | undefined;

const isVectorLike = (s: Shape) => isScalar(s) || isColumn(s) || isRow(s);
/** The column form of a vector (vec of a row vector is its transpose). */
const col = (g: Graph, u: Node) => (isRow(u.shape) ? transpose(g, u) : u);
const length = (u: Node) => (isRow(u.shape) ? u.shape.cols : u.shape.rows);

/** Sum of the defined terms, or undefined when every term is zero. */
function total(g: Graph, terms: Array<Node | undefined>): Node | undefined {
  const kept = terms.filter((t): t is Node => t !== undefined);
  return kept.length === 0 ? undefined : add(g, kept);
}

/** diag(d) J for a vector d (d ⊙ J for scalars). */
const scaleRows = (g: Graph, d: Node, j: Node) =>
  isScalar(d.shape) ? mul(g, [d, j]) : matmul(g, [diag(g, col(g, d)), j]);

const notVector = (what: string): JacobianRule => ({ node }) => {
  throw new UnsupportedError(
    `the Jacobian through ${what} (${node.op}) of an expression that depends on the variable is not supported`,
    undefined,
    'the Jacobian rules cover vector- and scalar-valued intermediates; a matrix that depends on the variable would need a 3-tensor',
  );
};

const elementwiseRule = (op: ElementwiseOp): JacobianRule => ({ g, node, jac }) => {
  const d = ELEMENTWISE_DERIVATIVE[op](g, node.args[0], node);
  return d === undefined ? undefined : scaleRows(g, d, jac[0]!);
};

/** J of a scalar-valued reduction r(u) = w(u)ᵀ J(u) for its gradient w. */
const reduction = (weights: (g: Graph, u: Node, node: Node) => Node): JacobianRule => ({ g, node, jac }) => {
  const u = node.args[0];
  return matmul(g, [transpose(g, col(g, weights(g, u, node))), jac[0]!]);
};

const JACOBIAN: Record<Op, JacobianRule> = {
  const: () => undefined,
  dim: () => undefined,
  var: () => undefined, // only x itself depends on x; it is seeded by the engine
  zeros: () => undefined,
  ones: () => undefined,
  eye: () => undefined,

  // A scalar term broadcast over a vector sum contributes ones(ℓ) J(term).
  add: ({ g, node, jac }) =>
    total(
      g,
      node.args.map((a, i) => {
        const j = jac[i];
        if (!j || !isScalar(a.shape) || isScalar(node.shape)) return j;
        return matmul(g, [ones(g, shape(length(node), 1)), j]);
      }),
    ),

  // N = s_1 ... s_k M: J = Σ_i (Π_{j≠i} s_j) vec(M) J(s_i) + (Π s) J(M).
  mul: ({ g, node, jac }) =>
    total(
      g,
      node.args.map((a, i) => {
        const j = jac[i];
        if (!j) return undefined;
        const others = node.args.filter((_, k) => k !== i);
        if (!isScalar(a.shape) || isScalar(node.shape)) return mul(g, [...others, j]);
        const m = others[others.length - 1];
        return mul(g, [...others.slice(0, -1), matmul(g, [col(g, m), j])]);
      }),
    ),

  // N = P F_i S with F_i the only factor in a term that varies: vec(N) = (Sᵀ ⊗ P) vec(F_i),
  // which for vector-shaped N and F_i collapses to a matrix product.
  matmul: ({ g, node, jac }) =>
    total(
      g,
      node.args.map((f, i) => {
        const j = jac[i];
        if (!j) return undefined;
        const before = node.args.slice(0, i);
        const afterT = node.args.slice(i + 1).map((s) => transpose(g, s)).reverse();
        // Column F_i: N = P F_i (S a row), so vec(N) = Sᵀ (P F_i). Row F_i: N = P (F_i S), P a column.
        return isColumn(f.shape) ? matmul(g, [...afterT, ...before, j]) : matmul(g, [...before, ...afterT, j]);
      }),
    ),

  hadamard: ({ g, node, jac }) =>
    total(
      g,
      node.args.map((_, i) => {
        const j = jac[i];
        if (!j) return undefined;
        return scaleRows(g, hadamard(g, node.args.filter((_, k) => k !== i)), j);
      }),
    ),

  pow: ({ g, node, jac }) => {
    const [b, p] = node.args;
    return total(g, [
      jac[0] && mul(g, [p, pow(g, b, add(g, [p, num(g, -1)])), jac[0]]),
      jac[1] && mul(g, [node, elementwise(g, 'log', b), jac[1]]),
    ]);
  },

  epow: ({ g, node, jac }) => {
    const [b, p] = node.args;
    return total(g, [
      jac[0] && scaleRows(g, mul(g, [p, epow(g, b, add(g, [p, num(g, -1)]))]), jac[0]),
      jac[1] && matmul(g, [col(g, hadamard(g, [node, elementwise(g, 'log', b)])), jac[1]]),
    ]);
  },

  transpose: ({ jac }) => jac[0], // vec(uᵀ) = vec(u) for a vector u

  ...perElementwise(elementwiseRule),

  sum: reduction((g, u) => ones(g, shape(length(u), 1))),
  norm2: reduction((g, u, node) => mul(g, [pow(g, node, num(g, -1)), u])),
  norm1: reduction((g, u) => elementwise(g, 'sign', u)),
  logsumexp: reduction((g, u) => softmax(g, u)),
  // J(softmax(u)) = (diag(s) − s sᵀ) J(u).
  softmax: ({ g, node, jac }) => {
    const s = col(g, node);
    const j = jac[0]!;
    return add(g, [matmul(g, [diag(g, s), j]), neg(g, matmul(g, [s, transpose(g, s), j]))]);
  },

  tr: notVector('a trace'),
  det: notVector('a determinant'),
  logdet: notVector('a log-determinant'),
  inv: notVector('an inverse'),
  diagm: notVector('a diagonal matrix'),
  diagv: notVector('the diagonal of a matrix'),
};

/**
 * The Jacobian of a vector or scalar `f` (length k) wrt a vector or scalar variable `x` (length n):
 * a k×n matrix (1×n for a scalar f, k×1 for a scalar x). Callers check the shapes of f and x.
 */
export function forwardJacobian(g: Graph, f: Node, x: Node): Node {
  const n = x.shape.rows;
  const order = topoOrder([f]);
  const dep = dependence(order, x);
  const jac = new Map<Node, Node>();
  for (const u of order) {
    if (!dep.get(u)) continue;
    if (u === x) {
      jac.set(u, eye(g, n));
      continue;
    }
    if (!isVectorLike(u.shape))
      throw new UnsupportedError(
        `the Jacobian through ${u.op}, a ${describeShape(u.shape)} intermediate that depends on ${x.name}, is not supported`,
        undefined,
        'the Jacobian rules cover vector- and scalar-valued intermediates; a matrix that depends on the variable would need a 3-tensor',
      );
    const j = JACOBIAN[u.op]({ g, node: u, jac: u.args.map((a) => jac.get(a)) });
    if (j !== undefined && !isZero(j)) {
      const want = shape(length(u), n);
      if (j.shape.rows !== want.rows || j.shape.cols !== want.cols)
        throw new Error(`internal: the ${u.op} Jacobian rule gave ${describeShape(j.shape)}, expected ${describeShape(want)}`);
      jac.set(u, j);
    }
  }
  return jac.get(f) ?? zeros(g, shape(length(f), n));
}
