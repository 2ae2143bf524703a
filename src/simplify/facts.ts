/**
 * Facts about e-classes (egg's analysis): what every member of a class shares, found from any
 * member. Facts are computed on demand and cached per round (unions only add facts, so a cache is
 * refreshed when the e-graph grows).
 *
 * - symmetric: some member is a symmetric variable, I, diag(v), an inverse, power or elementwise
 *   function of a symmetric class, a sum, elementwise product or scaling of symmetric classes, a
 *   matrix product that reads the same backwards with every factor transposed (XᵀX, XXᵀ, XᵀSX
 *   with S symmetric), or the class is diagonal.
 * - diagonal (zero off the diagonal): a variable declared diagonal(n), I, diag(v), a zero matrix;
 *   a transpose, inverse, scaling, sum or matrix product of diagonal classes; an elementwise
 *   product with a diagonal factor; a positive elementwise power, or an elementwise function that
 *   maps 0 to 0 (abs, sign, sqrt, sin, tan, tanh), of a diagonal class.
 * - orthogonal (QᵀQ = QQᵀ = I): a variable declared orthogonal(n), I, the transpose, inverse or
 *   negation of an orthogonal class, a matrix product of orthogonal classes.
 * - columnsSumToOne (𝟏ᵀY = 𝟏ᵀ: every column's entries sum to one): a variable declared
 *   simplex(k) or simplex(k, m), a softmax of a vector, I, a matrix product of such classes
 *   (𝟏ᵀAB = 𝟏ᵀB = 𝟏ᵀ; so Y p with p a probability vector).
 * - sumsToOne: a column vector whose columns sum to one, i.e. whose entries do.
 * - positive (every entry > 0 where defined): a positive constant, 𝟏, a dimension, a variable
 *   declared positive; exp, σ, softplus, softmax; a power or square root of a positive class; a
 *   product of positive classes; a sum of nonnegative classes one of which is positive
 *   (1 + x∘²); det of a positive definite class.
 * - nonnegative (every entry ≥ 0 where defined): positive, 0, I, a simplex variable; abs, norms,
 *   square roots; an even power; products and sums of nonnegative classes; diag of one.
 * - positiveDefinite: a variable declared spd(n), I, the inverse of one, a positive scaling of
 *   one, a sum of positive semidefinite classes one of which is positive definite (XᵀX + λI
 *   with λ > 0), diag of a positive vector.
 * - positiveSemidefinite: positive definite, XᵀX, XXᵀ, XᵀSX with S positive semidefinite, sums
 *   and nonnegative scalings of them, diag of a nonnegative vector.
 */
import { transpose } from '../core/build';
import { isScalar, isSquare } from '../core/dims';
import { Graph, Node } from '../core/graph';
import { isElementwise } from '../core/ops';
import { EGraph } from './egraph';
import { Fact } from './rules';

/** Elementwise functions with f(0) = 0: they keep a matrix's zeros, so a diagonal one stays diagonal. */
const ZERO_TO_ZERO = new Set(['abs', 'sign', 'sqrt', 'sin', 'tan', 'tanh']);

const isMinusOne = (n: Node) => n.op === 'const' && n.value!.equals(-1);

export class Facts {
  private readonly memo = new Map<string, boolean>();
  constructor(
    private readonly g: Graph,
    private readonly eg: EGraph,
  ) {}

  has(fact: Fact, n: Node): boolean {
    switch (fact) {
      case 'symmetric':
        return this.symmetric(n);
      case 'sumsToOne':
        return this.sumsToOne(n);
      case 'diagonal':
        return this.diagonal(n);
      case 'orthogonal':
        return this.orthogonal(n);
      case 'columnsSumToOne':
        return this.columnsSumToOne(n);
      case 'positive':
        return this.positive(n);
      case 'nonnegative':
        return this.nonnegative(n);
      case 'positiveDefinite':
        return this.positiveDefinite(n);
    }
  }

  /**
   * Some member of `n`'s class (tag `tag`) satisfies `test`. A class reached again on the way
   * down is not (yet) known to have the fact, which ends cycles.
   */
  private ofClass(tag: string, n: Node, test: (m: Node) => boolean): boolean {
    const key = `${tag}${this.eg.find(n).id}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    this.memo.set(key, false);
    const out = this.eg.classOf(n).some(test);
    this.memo.set(key, out);
    return out;
  }

  /** Some member of `n`'s class is symmetric by construction, or the class is diagonal. */
  symmetric(n: Node): boolean {
    if (!isSquare(n.shape)) return false;
    if (isScalar(n.shape)) return true;
    return this.ofClass('s', n, (m) => this.symmetricNode(m)) || this.diagonal(n);
  }

  private symmetricNode(m: Node): boolean {
    if (m.symmetric || m.op === 'eye' || m.op === 'diagm' || m.op === 'zeros' || m.op === 'ones') return true;
    switch (m.op) {
      case 'inv':
      case 'epow':
        return this.symmetric(m.args[0]);
      case 'add':
      case 'hadamard':
        return m.args.every((a) => isScalar(a.shape) || this.symmetric(a));
      case 'mul':
        return this.symmetric(m.args[m.args.length - 1]);
      case 'matmul':
        return this.palindrome(m.args, (x) => this.symmetric(x));
      default:
        return isElementwise(m.op) && this.symmetric(m.args[0]);
    }
  }

  /** F₁…F_k with F_{k+1−i} equal to F_iᵀ, and the middle factor (k odd) passing `middle`. */
  private palindrome(fs: readonly Node[], middle: (n: Node) => boolean): boolean {
    const k = fs.length;
    for (let i = 0; i < Math.floor(k / 2); i++) {
      const t = transpose(this.g, fs[i]);
      const other = fs[k - 1 - i];
      if (t !== other && !(this.eg.has(t) && this.eg.find(t) === this.eg.find(other))) return false;
    }
    return k % 2 === 0 || middle(fs[(k - 1) / 2]);
  }

  /** Some member of `n`'s class is zero off its diagonal by construction. */
  diagonal(n: Node): boolean {
    if (!isSquare(n.shape)) return false;
    if (isScalar(n.shape)) return true;
    return this.ofClass('d', n, (m) => this.diagonalNode(m));
  }

  private diagonalNode(m: Node): boolean {
    if (m.domain === 'diagonal' || m.op === 'eye' || m.op === 'diagm' || m.op === 'zeros') return true;
    switch (m.op) {
      case 'transpose':
      case 'inv':
        return this.diagonal(m.args[0]);
      // A scalar term would be broadcast over the zeros: s + D is not diagonal.
      case 'add':
        return m.args.every((a) => !isScalar(a.shape) && this.diagonal(a));
      case 'mul':
        return this.diagonal(m.args[m.args.length - 1]);
      case 'hadamard':
        return m.args.some((a) => !isScalar(a.shape) && this.diagonal(a));
      case 'matmul':
        return m.args.every((a) => this.diagonal(a));
      case 'epow': {
        const p = m.args[1];
        return p.op === 'const' && p.value!.compare(0) > 0 && this.diagonal(m.args[0]);
      }
      default:
        return ZERO_TO_ZERO.has(m.op) && this.diagonal(m.args[0]);
    }
  }

  /** Some member of `n`'s class is orthogonal by construction. */
  orthogonal(n: Node): boolean {
    if (!isSquare(n.shape) || isScalar(n.shape)) return false;
    return this.ofClass('o', n, (m) => this.orthogonalNode(m));
  }

  private orthogonalNode(m: Node): boolean {
    if (m.domain === 'orthogonal' || m.op === 'eye') return true;
    switch (m.op) {
      case 'transpose':
      case 'inv':
        return this.orthogonal(m.args[0]);
      case 'matmul':
        return m.args.every((a) => this.orthogonal(a));
      case 'mul':
        return m.args.length === 2 && isMinusOne(m.args[0]) && this.orthogonal(m.args[1]);
      default:
        return false;
    }
  }

  /** Some member of `n`'s class has columns whose entries sum to one (𝟏ᵀY = 𝟏ᵀ). */
  columnsSumToOne(n: Node): boolean {
    return this.ofClass('c', n, (m) => this.columnsNode(m));
  }

  private columnsNode(m: Node): boolean {
    if (m.domain === 'simplex' || m.op === 'eye') return true;
    // softmax normalizes a column vector, and each column of a matrix (a row vector's is all of it).
    if (m.op === 'softmax') return m.shape.rows !== 1;
    if (m.op === 'matmul') return m.args.every((a) => this.columnsSumToOne(a));
    return false;
  }

  /** Some member of `n`'s class is a vector whose entries sum to one (a softmax, a probability vector). */
  sumsToOne(n: Node): boolean {
    return n.shape.cols === 1 && this.columnsSumToOne(n);
  }

  /** Every entry of `n` is positive (where `n` is defined). */
  positive(n: Node): boolean {
    return this.ofClass('+', n, (m) => this.positiveNode(m));
  }

  private positiveNode(m: Node): boolean {
    switch (m.op) {
      case 'const':
        return m.value!.compare(0) > 0;
      case 'ones':
      case 'dim':
        return true;
      case 'var':
        return m.domain === 'positive';
      case 'exp':
      case 'sigmoid':
      case 'softplus':
      case 'softmax':
        return true;
      case 'sqrt':
      case 'pow':
      case 'epow':
        return this.positive(m.args[0]);
      case 'mul':
      case 'hadamard':
        return m.args.every((a) => this.positive(a));
      case 'add':
        return m.args.every((a) => this.nonnegative(a)) && m.args.some((a) => this.positive(a));
      case 'det':
        return this.positiveDefinite(m.args[0]);
      default:
        return false;
    }
  }

  /** Every entry of `n` is nonnegative (where `n` is defined). */
  nonnegative(n: Node): boolean {
    return this.ofClass('0', n, (m) => this.nonnegativeNode(m)) || this.positive(n);
  }

  private nonnegativeNode(m: Node): boolean {
    switch (m.op) {
      case 'const':
        return m.value!.compare(0) >= 0;
      case 'zeros':
      case 'eye':
      case 'abs':
      case 'norm1':
      case 'norm2':
      case 'sqrt':
        return true;
      case 'var':
        return m.domain === 'simplex';
      case 'pow':
      case 'epow': {
        const e = m.args[1];
        const even = e.op === 'const' && e.value!.d === 1n && e.value!.n % 2n === 0n;
        return even || (e.op === 'const' && this.nonnegative(m.args[0]));
      }
      case 'mul':
      case 'hadamard':
      case 'add':
        return m.args.every((a) => this.nonnegative(a));
      case 'diagm':
        return this.nonnegative(m.args[0]);
      default:
        return false;
    }
  }

  /** `n` is symmetric positive definite. */
  positiveDefinite(n: Node): boolean {
    if (!isSquare(n.shape)) return false;
    if (isScalar(n.shape)) return this.positive(n);
    return this.ofClass('D', n, (m) => this.positiveDefiniteNode(m));
  }

  private positiveDefiniteNode(m: Node): boolean {
    switch (m.op) {
      case 'var':
        return m.domain === 'spd';
      case 'eye':
        return true;
      case 'inv':
        return this.positiveDefinite(m.args[0]);
      case 'mul':
        return m.args.slice(0, -1).every((a) => this.positive(a)) && this.positiveDefinite(m.args[m.args.length - 1]);
      case 'add':
        return m.args.every((a) => this.positiveSemidefinite(a)) && m.args.some((a) => this.positiveDefinite(a));
      case 'diagm':
        return this.positive(m.args[0]);
      default:
        return false;
    }
  }

  /** `n` is symmetric positive semidefinite. */
  positiveSemidefinite(n: Node): boolean {
    if (!isSquare(n.shape)) return false;
    if (isScalar(n.shape)) return this.nonnegative(n);
    return this.ofClass('P', n, (m) => this.positiveSemidefiniteNode(m)) || this.positiveDefinite(n);
  }

  private positiveSemidefiniteNode(m: Node): boolean {
    switch (m.op) {
      case 'matmul':
        return this.palindrome(m.args, (x) => this.positiveSemidefinite(x)); // xᵀMx ≥ 0
      case 'mul':
        return m.args.slice(0, -1).every((a) => this.nonnegative(a)) && this.positiveSemidefinite(m.args[m.args.length - 1]);
      case 'add':
        return m.args.every((a) => this.positiveSemidefinite(a));
      case 'diagm':
        return this.nonnegative(m.args[0]);
      default:
        return false;
    }
  }
}
