/**
 * The forward-mode engine: one topological sweep from the variable to the outputs, applying the
 * JVP table. Differentials live in a side Map, nodes that do not depend on the variable are
 * never visited (their differential is a symbolic zero), and the sweep is a loop.
 */
import { describeShape, sameShape } from '../core/dims';
import { Graph, Node, topoOrder } from '../core/graph';
import { JVP } from './jvp';
import { dependence } from './reverse';

/**
 * The differential of every node under `roots` when `x` moves by `dx` (same shape as x):
 * d(root) as an expression in the graph's variables and `dx`. A node missing from the map has
 * differential zero.
 */
export function differentials(g: Graph, roots: readonly Node[], x: Node, dx: Node): Map<Node, Node> {
  if (!sameShape(x.shape, dx.shape)) throw new Error(`internal: a ${describeShape(dx.shape)} direction for a ${describeShape(x.shape)} variable`);
  const order = topoOrder(roots);
  const dep = dependence(order, x);
  const d = new Map<Node, Node>([[x, dx]]);
  for (const n of order) {
    if (n === x || !dep.get(n)) continue;
    const dn = JVP[n.op]({ g, node: n, dargs: n.args.map((a) => d.get(a)) });
    if (dn === undefined) continue;
    if (!sameShape(dn.shape, n.shape))
      throw new Error(`internal: the ${n.op} rule gave a ${describeShape(dn.shape)} differential to a ${describeShape(n.shape)} node`);
    d.set(n, dn);
  }
  return d;
}

/** df[dx]: the directional derivative of `f` wrt `x` along `dx`, `undefined` when it is zero. */
export const jvp = (g: Graph, f: Node, x: Node, dx: Node): Node | undefined => differentials(g, [f], x, dx).get(f);
