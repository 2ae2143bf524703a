/**
 * Derivatives of the elementwise functions, written in the notation, shared by the
 * reverse-mode rules (cotangent ⊙ φ'(z)) and the Jacobian rules (diag(φ'(z)) J).
 * `fz` is the node φ(z) itself, so rules such as exp' = exp reuse it instead of rebuilding it.
 *
 * `abs` and `sign` are differentiated almost everywhere: abs' = sign (taking the value 0 at 0,
 * a subgradient) and sign' = 0 (undefined at 0). `undefined` means a symbolic zero.
 */
import { add, elementwise, epow, hadamard, mul, num, sub } from '../core/build';
import { Graph, Node } from '../core/graph';
import { ELEMENTWISE, ElementwiseOp } from '../core/ops';
import { rat } from '../core/rational';

export type ElementwiseDerivative = (g: Graph, z: Node, fz: Node) => Node | undefined;

const square = (g: Graph, a: Node) => epow(g, a, num(g, 2));

export const ELEMENTWISE_DERIVATIVE: Record<ElementwiseOp, ElementwiseDerivative> = {
  exp: (_g, _z, fz) => fz,
  log: (g, z) => epow(g, z, num(g, -1)), // 1 ./ z
  sqrt: (g, _z, fz) => mul(g, [num(g, rat(1, 2)), epow(g, fz, num(g, -1))]), // 1/2 ./ sqrt(z)
  sin: (g, z) => elementwise(g, 'cos', z),
  cos: (g, z) => mul(g, [num(g, -1), elementwise(g, 'sin', z)]),
  tan: (g, _z, fz) => add(g, [num(g, 1), square(g, fz)]), // sec² = 1 + tan²
  tanh: (g, _z, fz) => sub(g, num(g, 1), square(g, fz)),
  sigmoid: (g, _z, fz) => hadamard(g, [fz, sub(g, num(g, 1), fz)]), // σ ⊙ (1 − σ)
  softplus: (g, z) => elementwise(g, 'sigmoid', z),
  abs: (g, z) => elementwise(g, 'sign', z),
  sign: () => undefined,
  log1p: (g, z) => epow(g, add(g, [num(g, 1), z]), num(g, -1)), // 1 ./ (1 + z)
  expm1: (g, z) => elementwise(g, 'exp', z),
  relu: (g, z) => mul(g, [num(g, rat(1, 2)), add(g, [num(g, 1), elementwise(g, 'sign', z)])]), // the step, 1/2 at 0
};

/** One table entry per elementwise function, made by `make`: spread into a `Record<Op, ...>`. */
export function perElementwise<R>(make: (op: ElementwiseOp) => R): Record<ElementwiseOp, R> {
  return Object.fromEntries(ELEMENTWISE.map((op) => [op, make(op)])) as Record<ElementwiseOp, R>;
}
