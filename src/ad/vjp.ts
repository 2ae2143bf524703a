/**
 * The vector-Jacobian rules: for each op, given a node N = op(a_1..a_k) and the cotangent C̄ of N
 * (same shape as N), the cotangent contribution to each argument a_i (same shape as a_i).
 * Rules are matrix-form (for C = A B: Ā = C̄ Bᵀ, B̄ = Aᵀ C̄), so gradients come out as matrix
 * formulas. Rules build only through the smart constructors and never simplify.
 *
 * A rule is asked only for the arguments in `wants` (those that depend on the variable) and may
 * return `undefined` for a symbolic zero; the engine never builds a zero cotangent.
 */
import { add, diag, dot, elementwise, epow, eye, hadamard, inv, matmul, mul, neg, num, ones, pow, softmax, sum, transpose } from '../core/build';
import { isScalar } from '../core/dims';
import { rat } from '../core/rational';
import { UnsupportedError } from '../core/errors';
import { Graph, Node } from '../core/graph';
import { ElementwiseOp, Op } from '../core/ops';
import { ELEMENTWISE_DERIVATIVE, perElementwise } from './elementwise';

export interface VjpInput {
  readonly g: Graph;
  /** The node N being differentiated through. */
  readonly node: Node;
  /** The cotangent of N, the same shape as N. */
  readonly ct: Node;
  /** wants[i]: does argument i depend on the variable (is its cotangent needed)? */
  readonly wants: readonly boolean[];
}

/** Cotangent contributions per argument, `undefined` where zero or not wanted. */
export type VjpRule = (input: VjpInput) => ReadonlyArray<Node | undefined>;

const none: VjpRule = () => [];

/** Each wanted argument's contribution, computed only where wanted. */
const each = (wants: readonly boolean[], f: (i: number) => Node | undefined) => wants.map((w, i) => (w ? f(i) : undefined));

const without = (args: readonly Node[], i: number) => args.filter((_, j) => j !== i);

/** C̄ ⊙ φ'(z) for an elementwise φ. */
const elementwiseRule =
  (op: ElementwiseOp): VjpRule =>
  ({ g, node, ct }) => {
    const d = ELEMENTWISE_DERIVATIVE[op](g, node.args[0], node);
    return [d === undefined ? undefined : hadamard(g, [ct, d])];
  };

function throughVecLayout(op: 'kron' | 'vec'): VjpRule {
  return () => {
    throw new UnsupportedError(
      `reverse mode through ${op} is not supported: its cotangent needs a reshape`,
      undefined,
      `${op} is for reading matrix-by-matrix derivatives; differentiate the expression before it is written with ${op}, or use forward mode (a derivative wrt a scalar, hvp, or a directional derivative)`,
    );
  };
}

/**
 * exp(z − logsumexp(z)) over every entry: the gradient of logsumexp. For a vector it is
 * softmax(z) (and prints so); a matrix's softmax normalizes columns, which is not this.
 */
export function softmaxOfAll(g: Graph, lse: Node): Node {
  const z = lse.args[0];
  return isScalar(z.shape) || z.shape.rows === 1 || z.shape.cols === 1 ? softmax(g, z) : elementwise(g, 'exp', add(g, [z, neg(g, lse)]));
}

/** ⟨u, s⟩ broadcast back: a scalar for vectors, the column sums of u ⊙ s repeated down each column for a matrix. */
export function columnInner(g: Graph, u: Node, s: Node): Node {
  if (s.shape.rows === 1 || s.shape.cols === 1) return dot(g, u, s);
  const down = ones(g, { rows: s.shape.rows, cols: 1 });
  return matmul(g, [down, transpose(g, down), hadamard(g, [u, s])]);
}

/** 1 where max(a, b) (min) follows a, 0 where it follows b, 1/2 at a tie (a subgradient). */
export function extremumMask(g: Graph, node: Node): Node {
  const [a, b] = node.args;
  const s = elementwise(g, 'sign', add(g, [a, neg(g, b)]));
  return mul(g, [num(g, rat(1, 2)), add(g, [num(g, 1), node.op === 'max' ? s : neg(g, s)])]);
}

/** `c` (a cotangent or a differential) times argument i's mask: the part that argument decides. */
export function maskedBy(g: Graph, node: Node, i: number, c: Node): Node {
  const mask = extremumMask(g, node);
  const m = i === 0 ? mask : add(g, [num(g, 1), neg(g, mask)]);
  return isScalar(m.shape) || isScalar(c.shape) ? mul(g, [m, c]) : hadamard(g, [m, c]);
}

/** A broadcast scalar argument gets the sum of its part of the cotangent back. */
const extremumVjp: VjpRule = ({ g, node, ct, wants }) =>
  each(wants, (i) => {
    const part = maskedBy(g, node, i, ct);
    return isScalar(node.args[i].shape) && !isScalar(node.shape) ? sum(g, part) : part;
  });

export const VJP: Record<Op, VjpRule> = {
  const: none,
  dim: none,
  var: none,
  zeros: none,
  ones: none,
  eye: none,

  // A scalar broadcast over the sum's shape gets the sum of the cotangent back.
  add: ({ g, node, ct, wants }) => each(wants, (i) => (isScalar(node.args[i].shape) && !isScalar(node.shape) ? sum(g, ct) : ct)),

  // N = s_1 ... s_k M (scalars s_j, at most one non-scalar M, last).
  mul: ({ g, node, ct, wants }) =>
    each(wants, (i) => {
      const a = node.args[i];
      const others = without(node.args, i);
      if (!isScalar(a.shape) || isScalar(node.shape)) return mul(g, [ct, ...others]);
      // A scalar factor of a scaled matrix: <C̄, others> summed over all entries.
      const m = others[others.length - 1];
      return mul(g, [...others.slice(0, -1), dot(g, ct, m)]);
    }),

  // N = F_1 ... F_k: F̄_i = (F_1..F_{i-1})ᵀ C̄ (F_{i+1}..F_k)ᵀ.
  matmul: ({ g, node, ct, wants }) =>
    each(wants, (i) => {
      const before = node.args
        .slice(0, i)
        .map((f) => transpose(g, f))
        .reverse();
      const after = node.args
        .slice(i + 1)
        .map((f) => transpose(g, f))
        .reverse();
      return matmul(g, [...before, ct, ...after]);
    }),

  hadamard: ({ g, node, ct, wants }) =>
    each(wants, (i) => {
      const c = hadamard(g, [ct, ...without(node.args, i)]);
      return isScalar(node.args[i].shape) && !isScalar(node.shape) ? sum(g, c) : c;
    }),

  // N = b^p: b̄ = C̄ p b^(p-1), p̄ = C̄ b^p log(b).
  pow: ({ g, node, ct, wants }) => {
    const [b, p] = node.args;
    return [wants[0] ? mul(g, [ct, p, pow(g, b, add(g, [p, num(g, -1)]))]) : undefined, wants[1] ? mul(g, [ct, node, elementwise(g, 'log', b)]) : undefined];
  },

  // N = B.^p (p scalar): B̄ = p C̄ ⊙ B.^(p-1), p̄ = sum(C̄ ⊙ N ⊙ log(B)).
  epow: ({ g, node, ct, wants }) => {
    const [b, p] = node.args;
    return [
      wants[0] ? mul(g, [p, hadamard(g, [ct, epow(g, b, add(g, [p, num(g, -1)]))])]) : undefined,
      wants[1] ? sum(g, hadamard(g, [ct, node, elementwise(g, 'log', b)])) : undefined,
    ];
  },

  transpose: ({ g, ct }) => [transpose(g, ct)],
  max: extremumVjp,
  min: extremumVjp,

  ...perElementwise(elementwiseRule),

  sum: ({ g, node, ct }) => [mul(g, [ct, ones(g, node.args[0].shape)])],
  norm2: ({ g, node, ct }) => [mul(g, [ct, pow(g, node, num(g, -1)), node.args[0]])], // X / ‖X‖
  norm1: ({ g, node, ct }) => [mul(g, [ct, elementwise(g, 'sign', node.args[0])])],
  tr: ({ g, node, ct }) => [mul(g, [ct, eye(g, node.args[0].shape.rows)])],
  det: ({ g, node, ct }) => [mul(g, [ct, node, transpose(g, inv(g, node.args[0]))])], // det(X) inv(X)'
  logdet: ({ g, node, ct }) => [mul(g, [ct, transpose(g, inv(g, node.args[0]))])], // inv(X)'
  inv: ({ g, node, ct }) => {
    const t = transpose(g, node);
    return [neg(g, matmul(g, [t, ct, t]))]; // −inv(X)' C̄ inv(X)'
  },
  diagm: ({ g, ct }) => [diag(g, ct)], // the diagonal of C̄
  diagv: ({ g, ct }) => [diag(g, ct)], // C̄ on the diagonal
  logsumexp: ({ g, node, ct }) => [mul(g, [ct, softmaxOfAll(g, node)])],
  // The vec-layout ops appear in matrix-by-matrix derivatives, which forward mode reads off;
  // reverse mode through them would need a reshape the notation does not have.
  kron: throughVecLayout('kron'),
  vec: throughVecLayout('vec'),
  commutation: none,
  // J'v = s ⊙ (v − <s, v>) for s = softmax(z); for a matrix, per column: S ⊙ (C̄ − 𝟏𝟏ᵀ(C̄ ⊙ S)).
  softmax: ({ g, node, ct }) => [hadamard(g, [node, add(g, [ct, neg(g, columnInner(g, ct, node))])])],
};
