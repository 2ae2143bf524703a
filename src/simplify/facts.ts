/**
 * Facts about e-classes (egg's analysis): what every member of a class shares, found from any
 * member. A class is symmetric when some member is: a symmetric variable, I, diag(v), an
 * inverse, power or elementwise function of a symmetric class, a sum, elementwise product or
 * scaling of symmetric classes, or a matrix product that reads the same backwards with every
 * factor transposed (XᵀX, XXᵀ, XᵀSX with S symmetric). Its entries sum to one when some member
 * is a softmax of a vector or a variable declared simplex(k). Facts are computed on demand and cached per round (unions only add
 * facts, so a cache is refreshed when the e-graph grows).
 */
import { transpose } from '../core/build';
import { isScalar, isSquare } from '../core/dims';
import { Graph, Node } from '../core/graph';
import { isElementwise } from '../core/ops';
import { EGraph } from './egraph';
import { Fact } from './rules';

export class Facts {
  private readonly memo = new Map<string, boolean>();
  constructor(
    private readonly g: Graph,
    private readonly eg: EGraph,
  ) {}

  has(fact: Fact, n: Node): boolean {
    return fact === 'symmetric' ? this.symmetric(n) : this.sumsToOne(n);
  }

  /** Some member of `n`'s class is symmetric by construction. */
  symmetric(n: Node): boolean {
    if (!isSquare(n.shape)) return false;
    if (isScalar(n.shape)) return true;
    const key = `s${this.eg.find(n).id}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    this.memo.set(key, false); // a class reached again on the way down is not (yet) known symmetric
    const out = this.eg.classOf(n).some((m) => this.symmetricNode(m));
    this.memo.set(key, out);
    return out;
  }

  private symmetricNode(m: Node): boolean {
    if (m.symmetric || m.op === 'eye' || m.op === 'diagm' || m.op === 'zeros' || m.op === 'ones') return true;
    switch (m.op) {
      case 'inv': case 'epow': return this.symmetric(m.args[0]);
      case 'add': case 'hadamard': return m.args.every((a) => isScalar(a.shape) || this.symmetric(a));
      case 'mul': return this.symmetric(m.args[m.args.length - 1]);
      case 'matmul': return this.palindrome(m.args);
      default: return isElementwise(m.op) && this.symmetric(m.args[0]);
    }
  }

  /** F₁…F_k with F_{k+1−i} equal to F_iᵀ, and the middle factor (k odd) symmetric. */
  private palindrome(fs: readonly Node[]): boolean {
    const k = fs.length;
    for (let i = 0; i < Math.floor(k / 2); i++) {
      const t = transpose(this.g, fs[i]);
      const other = fs[k - 1 - i];
      if (t !== other && !(this.eg.has(t) && this.eg.find(t) === this.eg.find(other))) return false;
    }
    return k % 2 === 0 || this.symmetric(fs[(k - 1) / 2]);
  }

  /** Some member of `n`'s class is a vector whose entries sum to one (a softmax). */
  sumsToOne(n: Node): boolean {
    const key = `p${this.eg.find(n).id}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    const out = this.eg.classOf(n).some((m) => (m.op === 'softmax' && m.shape.cols === 1) || m.domain === 'simplex');
    this.memo.set(key, out);
    return out;
  }
}
