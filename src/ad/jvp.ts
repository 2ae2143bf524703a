/**
 * The Jacobian-vector (forward-mode) rules: for each op, given a node N = op(a_1..a_k) and the
 * differentials da_i of its arguments (same shapes as the a_i, `undefined` for a symbolic zero),
 * the differential dN, in matrix form (Magnus–Neudecker): d(AB) = dA B + A dB, d X⁻¹ = −X⁻¹ dX X⁻¹,
 * d logdet X = tr(X⁻¹ dX). Rules build only through the smart constructors and never simplify.
 *
 * They are the other half of the VJP table (vjp.ts); the tests hold the two against each other
 * (⟨∇f, v⟩ = df[v]) and against finite differences on random programs, so they cannot disagree.
 */
import { add, diag, dot, elementwise, epow, hadamard, inv, kron, matmul, mul, neg, num, ones, pow, sum, tr, transpose, vec } from '../core/build';
import { isScalar } from '../core/dims';
import { Graph, Node } from '../core/graph';
import { ElementwiseOp, Op } from '../core/ops';
import { ELEMENTWISE_DERIVATIVE, perElementwise } from './elementwise';
import { columnInner, maskedBy, softmaxOfAll } from './vjp';

export interface JvpInput {
  readonly g: Graph;
  /** The node N being differentiated. */
  readonly node: Node;
  /** The differential of each argument, `undefined` where it is zero. */
  readonly dargs: readonly (Node | undefined)[];
}

/** dN, or `undefined` for a symbolic zero. */
export type JvpRule = (input: JvpInput) => Node | undefined;

const zero: JvpRule = () => undefined;

/** The sum of the defined terms, or undefined when there are none. */
function total(g: Graph, terms: readonly (Node | undefined)[]): Node | undefined {
  const live = terms.filter((t): t is Node => t !== undefined);
  return live.length === 0 ? undefined : add(g, live);
}

/** The sum over i with da_i defined of term(i, da_i) (the product rule's shape). */
const sumOver = (dargs: readonly (Node | undefined)[], term: (i: number, d: Node) => Node) => dargs.map((d, i) => (d === undefined ? undefined : term(i, d)));

const replaced = (args: readonly Node[], i: number, d: Node) => args.map((a, j) => (j === i ? d : a));

/** φ'(z) ⊙ dz for an elementwise φ (a product of scalars for scalar z). */
const elementwiseRule =
  (op: ElementwiseOp): JvpRule =>
  ({ g, node, dargs }) => {
    const [dz] = dargs;
    if (dz === undefined) return undefined;
    const d = ELEMENTWISE_DERIVATIVE[op](g, node.args[0], node);
    if (d === undefined) return undefined;
    return isScalar(node.shape) ? mul(g, [d, dz]) : hadamard(g, [d, dz]);
  };

export const JVP: Record<Op, JvpRule> = {
  const: zero,
  dim: zero,
  var: zero,
  zeros: zero,
  ones: zero,
  eye: zero,

  // A scalar broadcast over the sum's shape contributes its differential times ones.
  add: ({ g, node, dargs }) =>
    total(
      g,
      sumOver(dargs, (i, d) => (isScalar(node.args[i].shape) && !isScalar(node.shape) ? mul(g, [d, ones(g, node.shape)]) : d)),
    ),

  // N = s_1 ... s_k M: each factor replaced by its differential in turn (at most one non-scalar).
  mul: ({ g, node, dargs }) =>
    total(
      g,
      sumOver(dargs, (i, d) => mul(g, replaced(node.args, i, d))),
    ),
  matmul: ({ g, node, dargs }) =>
    total(
      g,
      sumOver(dargs, (i, d) => matmul(g, replaced(node.args, i, d))),
    ),
  hadamard: ({ g, node, dargs }) =>
    total(
      g,
      sumOver(dargs, (i, d) => {
        const others = node.args.filter((_, j) => j !== i);
        return isScalar(d.shape) && !isScalar(node.shape) ? mul(g, [d, hadamard(g, others)]) : hadamard(g, replaced(node.args, i, d));
      }),
    ),

  // N = b^p: dN = p b^(p−1) db + b^p log(b) dp.
  pow: ({ g, node, dargs }) => {
    const [b, p] = node.args;
    const [db, dp] = dargs;
    return total(g, [db && mul(g, [p, pow(g, b, add(g, [p, num(g, -1)])), db]), dp && mul(g, [node, elementwise(g, 'log', b), dp])]);
  },
  // N = B.^p (p scalar): dN = p B.^(p−1) ⊙ dB + (N ⊙ log B) dp.
  epow: ({ g, node, dargs }) => {
    const [b, p] = node.args;
    const [db, dp] = dargs;
    return total(g, [
      db && mul(g, [p, hadamard(g, [epow(g, b, add(g, [p, num(g, -1)])), db])]),
      dp && mul(g, [dp, hadamard(g, [node, elementwise(g, 'log', b)])]),
    ]);
  },

  // d max(a, b) = mask ⊙ da + (1 − mask) ⊙ db; a scalar's differential broadcasts.
  max: ({ g, node, dargs }) =>
    total(
      g,
      sumOver(dargs, (i, d) => maskedBy(g, node, i, d)),
    ),
  min: ({ g, node, dargs }) =>
    total(
      g,
      sumOver(dargs, (i, d) => maskedBy(g, node, i, d)),
    ),
  transpose: ({ g, dargs: [d] }) => d && transpose(g, d),

  ...perElementwise(elementwiseRule),

  sum: ({ g, dargs: [d] }) => d && sum(g, d),
  // d‖X‖ = ⟨X, dX⟩ / ‖X‖ (the Frobenius norm for a matrix).
  norm2: ({ g, node, dargs: [d] }) => d && mul(g, [pow(g, node, num(g, -1)), dot(g, node.args[0], d)]),
  norm1: ({ g, node, dargs: [d] }) => d && dot(g, elementwise(g, 'sign', node.args[0]), d),
  tr: ({ g, dargs: [d] }) => d && tr(g, d),
  det: ({ g, node, dargs: [d] }) => d && mul(g, [node, tr(g, matmul(g, [inv(g, node.args[0]), d]))]),
  logdet: ({ g, node, dargs: [d] }) => d && tr(g, matmul(g, [inv(g, node.args[0]), d])),
  inv: ({ g, node, dargs: [d] }) => d && neg(g, matmul(g, [node, d, node])),
  diagm: ({ g, dargs: [d] }) => d && diag(g, d),
  diagv: ({ g, dargs: [d] }) => d && diag(g, d),
  logsumexp: ({ g, node, dargs: [d] }) => d && dot(g, softmaxOfAll(g, node), d),
  kron: ({ g, node, dargs }) =>
    total(
      g,
      sumOver(dargs, (i, d) => (i === 0 ? kron(g, d, node.args[1]) : kron(g, node.args[0], d))),
    ),
  vec: ({ g, dargs: [d] }) => d && vec(g, d),
  commutation: zero,
  // ds = s ⊙ (dz − ⟨s, dz⟩); for a matrix, per column.
  softmax: ({ g, node, dargs: [d] }) => d && hadamard(g, [node, add(g, [d, neg(g, columnInner(g, d, node))])]),
};
