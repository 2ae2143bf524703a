/**
 * Sign placement: a negative coefficient in front of a product that contains a sum moves into
 * that sum when the sum has at least as many negative terms as positive ones:
 * `-2 * (X - U*V') * V -> 2 * (U*V' - X) * V`, `-1/m * A' * (b - s) -> 1/m * A' * (s - b)`.
 * The value is unchanged; the leading minus disappears, which is how people write it.
 */
import * as B from '../core/build';
import { Graph, Node } from '../core/graph';

function negativeTerms(g: Graph, sum: Node): number {
  return sum.args.filter((t) => B.splitCoefficient(g, t)[0].compare(0) < 0).length;
}

const prefersFlip = (g: Graph, n: Node): boolean => n.op === 'add' && negativeTerms(g, n) * 2 >= n.args.length;

const negateSum = (g: Graph, sum: Node): Node => B.add(g, sum.args.map((t) => B.neg(g, t)));

export function moveSignIntoSum(g: Graph, n: Node): Node | undefined {
  if (n.op !== 'mul' || n.args[0].op !== 'const' || n.args[0].value!.compare(0) >= 0) return undefined;
  const c = n.args[0].value!.neg();
  const factors = n.args.slice(1);
  for (let i = factors.length - 1; i >= 0; i--) {
    const f = factors[i];
    if (prefersFlip(g, f)) {
      const next = factors.slice();
      next[i] = negateSum(g, f);
      return B.mul(g, [B.num(g, c), ...next]);
    }
    if (f.op === 'matmul') {
      const j = f.args.findIndex((a) => prefersFlip(g, a));
      if (j < 0) continue;
      const chain = f.args.slice();
      chain[j] = negateSum(g, chain[j]);
      const next = factors.slice();
      next[i] = B.matmul(g, chain);
      return B.mul(g, [B.num(g, c), ...next]);
    }
  }
  return undefined;
}
