/**
 * Extraction: the cheapest member of every e-class under a cost that encodes what a textbook
 * prefers, then the term built from the cheapest members, through the constructors.
 *
 * The cost of a node is its own weight plus the costs of its arguments' classes (a tree cost,
 * like the size the simplifier always minimised): fewer nodes first; inverses, determinants and
 * log-determinants weigh more (a textbook avoids them), and so does a vector of ones; a transposed leaf or inverse is nearly
 * free (Aᵀ and X⁻ᵀ are one symbol on paper); a leading negative coefficient costs a little (the minus moves into a sum
 * when that is no larger, as people write). Ties go to the structural order, so extraction is
 * deterministic.
 */
import { Graph, Node } from '../core/graph';
import { compareNodes } from '../core/order';
import { Op } from '../core/ops';
import { REBUILD } from '../core/rebuild';
import { EGraph } from './egraph';

const HEAVY: Partial<Record<Op, number>> = { inv: 3, det: 3, logdet: 2 };
const ONES_EXTRA = 2.5;
const isOnesVector = (n: Node): boolean => n.op === 'ones' && (n.shape.rows === 1) !== (n.shape.cols === 1);

/** The weight of `n` itself, without its arguments. */
export function weight(n: Node): number {
  if (n.op === 'transpose' && n.args[0].args.length === 0) return 0.25;
  if (n.op === 'transpose' && n.args[0].op === 'inv') return 0.2; // X⁻ᵀ is one symbol too, and preferred to (Xᵀ)⁻¹
  let w = 1 + (HEAVY[n.op] ?? 0);
  // A vector of ones in a product is a broadcasting device (p𝟏ᵀ, Aᵀp𝟏ᵀ); a textbook
  // writes what it stands for (𝟏ᵀdiag(p) = pᵀ: Aᵀ(diag(p) − ppᵀ)A).
  if (n.op === 'matmul' && n.args.some(isOnesVector)) w += ONES_EXTRA;
  if (n.op === 'mul' && n.args[0].op === 'const' && n.args[0].value!.compare(0) < 0) w += 0.25;
  // Factored over expanded: a scaling of a whole sum, c (u + v), is preferred to c u + c v of
  // the same size.
  if (n.op === 'mul' && n.args[n.args.length - 1].op === 'add') w -= 0.05;
  return w;
}

/**
 * The final extraction's weight: `weight`, and between forms of equal size, a matrix product
 * with a sum factor over the expanded sum of products, X(bcᵀ + cbᵀ) over Xbcᵀ + Xcbᵀ.
 * Only at the end: as the weight that steers saturation, the same preference changed which
 * forms got built and lost 2(AᵀA + λI).
 */
export function presentationWeight(n: Node): number {
  const w = weight(n);
  if (n.op === 'matmul' && n.args.some((a) => a.op === 'add')) return w - 0.02;
  // A small integer exponent is a superscript: M∘² is read as one symbol, like M ⊙ M but
  // shorter. With the exponent's own weight the power still costs more than its base.
  if ((n.op === 'epow' || n.op === 'pow') && isSmallExponent(n.args[1])) return w - 1.01;
  return w;
}

const isSmallExponent = (e: Node): boolean => e.op === 'const' && e.value!.d === 1n && e.value!.compare(2) >= 0 && e.value!.compare(9) <= 0;

export class Costs {
  private readonly cost = new Map<Node, number>();
  private readonly best = new Map<Node, Node>();

  /** Relax until no class gets cheaper (each pass in the order nodes were added: children first). */
  constructor(
    private readonly eg: EGraph,
    nodeWeight: (n: Node) => number = weight,
  ) {
    const nodes = eg.nodes();
    for (let pass = 0; pass < 64; pass++) {
      let changed = false;
      for (const n of nodes) {
        let c = nodeWeight(n);
        for (const a of n.args) c += this.cost.get(eg.find(a)) ?? Infinity;
        if (!Number.isFinite(c)) continue;
        const l = eg.find(n);
        const old = this.cost.get(l);
        const prev = this.best.get(l);
        if (old === undefined || c < old - 1e-9 || (Math.abs(c - old) <= 1e-9 && prev !== n && compareNodes(n, prev!) < 0)) {
          if (old === undefined || c < old - 1e-9) changed = true;
          this.cost.set(l, c);
          this.best.set(l, n);
        }
      }
      if (!changed) break;
    }
  }

  costOf(n: Node): number {
    return this.cost.get(this.eg.find(n)) ?? Infinity;
  }

  /** The cheapest member of `n`'s class. */
  bestOf(n: Node): Node {
    return this.best.get(this.eg.find(n)) ?? n;
  }
}

/** The cheapest term of `root`'s class, built through the constructors. */
export function extract(g: Graph, eg: EGraph, costs: Costs, root: Node): Node {
  const done = new Map<Node, Node>();
  const stack: Node[] = [eg.find(root)];
  while (stack.length) {
    const l = stack[stack.length - 1];
    if (done.has(l)) {
      stack.pop();
      continue;
    }
    const m = costs.bestOf(l);
    const pending = m.args.map((a) => eg.find(a)).filter((a) => !done.has(a));
    if (pending.length) {
      stack.push(...pending);
      continue;
    }
    stack.pop();
    const args = m.args.map((a) => done.get(eg.find(a))!);
    done.set(l, args.length === 0 || args.every((a, i) => a === m.args[i]) ? m : REBUILD[m.op](g, m, args));
  }
  return done.get(eg.find(root))!;
}
