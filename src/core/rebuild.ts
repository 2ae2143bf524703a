/**
 * Rebuild a node of the same kind over new arguments, through the smart constructors,
 * so that every rewrite re-normalizes. One entry per op: a new op fails to compile here.
 */
import * as B from './build';
import { Graph, Node } from './graph';
import { Op } from './ops';

type Rebuilder = (g: Graph, n: Node, args: readonly Node[]) => Node;

const leaf: Rebuilder = (_g, n) => n;
const unary =
  (f: (g: Graph, x: Node) => Node): Rebuilder =>
  (g, _n, a) =>
    f(g, a[0]);
const ew: Rebuilder = (g, n, a) => B.elementwise(g, n.op as never, a[0]);

export const REBUILD: Record<Op, Rebuilder> = {
  const: leaf,
  dim: leaf,
  var: leaf,
  zeros: leaf,
  ones: leaf,
  eye: leaf,
  add: (g, _n, a) => B.add(g, a),
  mul: (g, _n, a) => B.mul(g, a),
  matmul: (g, _n, a) => B.matmul(g, a),
  hadamard: (g, _n, a) => B.hadamard(g, a),
  pow: (g, _n, a) => B.pow(g, a[0], a[1]),
  epow: (g, _n, a) => B.epow(g, a[0], a[1]),
  transpose: unary(B.transpose),
  exp: ew,
  log: ew,
  sqrt: ew,
  sin: ew,
  cos: ew,
  tan: ew,
  tanh: ew,
  sigmoid: ew,
  softplus: ew,
  abs: ew,
  sign: ew,
  log1p: ew,
  expm1: ew,
  relu: ew,
  sum: unary(B.sum),
  norm2: unary(B.norm2),
  norm1: unary(B.norm1),
  tr: unary(B.tr),
  det: unary(B.det),
  logdet: unary(B.logdet),
  inv: unary(B.inv),
  diagm: unary(B.diag),
  diagv: unary(B.diag),
  logsumexp: unary(B.logsumexp),
  softmax: unary(B.softmax),
  kron: (g, _n, a) => B.kron(g, a[0], a[1]),
  max: (g, _n, a) => B.extremum(g, 'max', a[0], a[1]),
  min: (g, _n, a) => B.extremum(g, 'min', a[0], a[1]),
  vec: unary(B.vec),
  commutation: (g, _n, a) => B.commutation(g, a[0], a[1]),
};

/** `n` over `args`, re-normalized; `n` itself when nothing changed. */
export function rebuild(g: Graph, n: Node, args: readonly Node[]): Node {
  if (args.length === n.args.length && args.every((a, i) => a === n.args[i])) return n;
  return REBUILD[n.op](g, n, args);
}
