/**
 * Sign placement: a negative coefficient in front of a product that contains a sum (a factor,
 * or a factor of a factor, a few levels down) moves into that sum when the sum has at least as
 * many negative terms as positive ones:
 * `-2 * (X - U*V') * V -> 2 * (U*V' - X) * V`, `-1/m * A' * (b - s) -> 1/m * A' * (s - b)`.
 * The value is unchanged; the leading minus disappears, which is how people write it.
 */
import * as B from '../core/build';
import { Graph, Node } from '../core/graph';

function negativeTerms(g: Graph, sum: Node): number {
  return sum.args.filter((t) => B.splitCoefficient(g, t)[0].compare(0) < 0).length;
}

const prefersFlip = (g: Graph, n: Node): boolean => n.op === 'add' && negativeTerms(g, n) * 2 >= n.args.length;

const negateSum = (g: Graph, sum: Node): Node =>
  B.add(
    g,
    sum.args.map((t) => B.neg(g, t)),
  );

/** How deep inside products a sum may sit for the sign to reach it: −2(M ⊙ (X − UVᵀ))V. */
const MAX_DEPTH = 3;

/** `n` with one sum factor negated (so `n` = −result), searching products from the right, or undefined. */
function negatedFactor(g: Graph, n: Node, depth: number): Node | undefined {
  if (prefersFlip(g, n)) return negateSum(g, n);
  if (depth === 0 || !(n.op === 'matmul' || n.op === 'hadamard' || n.op === 'mul')) return undefined;
  for (let i = n.args.length - 1; i >= 0; i--) {
    const inner = negatedFactor(g, n.args[i], depth - 1);
    if (!inner) continue;
    const args = n.args.slice();
    args[i] = inner;
    return n.op === 'matmul' ? B.matmul(g, args) : n.op === 'hadamard' ? B.hadamard(g, args) : B.mul(g, args);
  }
  return undefined;
}

export function moveSignIntoSum(g: Graph, n: Node): Node | undefined {
  if (n.op !== 'mul' || n.args[0].op !== 'const' || n.args[0].value!.compare(0) >= 0) return undefined;
  const c = n.args[0].value!.neg();
  const factors = n.args.slice(1);
  for (let i = factors.length - 1; i >= 0; i--) {
    const f = negatedFactor(g, factors[i], MAX_DEPTH);
    if (!f) continue;
    const next = factors.slice();
    next[i] = f;
    return B.mul(g, [B.num(g, c), ...next]);
  }
  return undefined;
}
