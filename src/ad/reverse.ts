/**
 * The reverse-mode engine: one reverse topological sweep over the nodes between the variable
 * and the output, applying the VJP table. Cotangents live in a side Map (never on nodes),
 * each node's contributions are summed once with one n-ary `add`, nodes that do not depend on
 * the variable are pruned, symbolic zeros are never built, and the sweep is a loop (no recursion),
 * so 5,000-deep expressions do not overflow the stack.
 */
import { add, isZero } from '../core/build';
import { describeShape, sameShape } from '../core/dims';
import { Graph, Node, topoOrder } from '../core/graph';
import { VJP } from './vjp';

/** For each node under `output`, in children-first order: does it depend on node `x`? */
export function dependence(order: readonly Node[], x: Node): Map<Node, boolean> {
  const dep = new Map<Node, boolean>();
  for (const n of order) dep.set(n, n === x || n.args.some((a) => dep.get(a)));
  return dep;
}

/**
 * The cotangent of `x` when `output` has cotangent `seed`: for a scalar output and seed 1,
 * the (unconstrained) gradient of `output` wrt `x`. `undefined` when `output` does not depend on `x`.
 */
export function backpropagate(g: Graph, output: Node, seed: Node, x: Node): Node | undefined {
  const order = topoOrder([output]);
  const dep = dependence(order, x);
  if (!dep.get(output)) return undefined;
  const pending = new Map<Node, Node[]>([[output, [seed]]]);
  for (let k = order.length - 1; k >= 0; k--) {
    const n = order[k];
    const parts = pending.get(n);
    if (!parts) continue; // no path to the output carries a nonzero cotangent
    pending.delete(n);
    const ct = parts.length === 1 ? parts[0] : add(g, parts);
    if (n === x) return ct;
    if (isZero(ct)) continue;
    const wants = n.args.map((a) => dep.get(a)!);
    const contributions = VJP[n.op]({ g, node: n, ct, wants });
    n.args.forEach((a, i) => {
      const c = contributions[i];
      if (!wants[i] || c === undefined || isZero(c)) return;
      if (!sameShape(c.shape, a.shape))
        throw new Error(`internal: the ${n.op} rule gave argument ${i} a ${describeShape(c.shape)} cotangent for a ${describeShape(a.shape)} argument`);
      const list = pending.get(a);
      if (list) list.push(c);
      else pending.set(a, [c]);
    });
  }
  return undefined;
}
