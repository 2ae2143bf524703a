/**
 * Core node -> display Doc: the display decisions every textual notation shares.
 *
 * - Sums: a term with a negative coefficient is shown subtracted; terms are shown in the
 *   display order below.
 * - Products: `mul(c, scalars..., M)` is shown as [sign] [coefficient or fraction] factors,
 *   where scalar factors with a negative constant exponent move into the fraction's
 *   denominator and, when there is one, the other scalar factors (not sums) into its
 *   numerator (`mul(-1, m^-1, s)` -> `-s/m`, `(wᵀSw)/(wᵀw) w`); a matrix-product chain `M`
 *   is flattened in.
 * - Negative constant powers read as division: `s^-1` -> `1/s`, `x .* y.^-1` -> `x ./ y`.
 * - Transposes are shown where a person writes them. The canonical form pushes every
 *   transpose down to the leaves (`softmax(A*x)'` is stored as `softmax(x'*A')`, `(1 - b)'` as
 *   `1 - b'`); each node is laid out twice, as itself and as its transpose, and a sum, an
 *   elementwise product or power, or a function applied elementwise (σ, exp, …, softmax) is
 *   shown as the transpose of the node's transpose when that shows fewer transposes
 *   (`softmax(Ax)ᵀ`, `(t ⊘ softmax(Vz))ᵀ`), or, for a sum, as many and none inside (`(1 − b)ᵀ`).
 *   Matrix-product chains keep their transposes on the leaves (`xᵀAᵀ`). Parsing the shown form
 *   transposes back down to the same node.
 *
 * Display forms only (Unicode and LaTeX, not the re-parseable text, which must parse back to
 * the very node): these change the node the text would parse to, never its value.
 *   - An inner product of a transposed non-leaf and a leaf is written leaf first, uᵀv = vᵀu:
 *     `xᵀ(σ(tx) ⊙ (1 − σ(tx)))`, not `(σ(tx) ⊙ (1 − σ(tx)))ᵀ x`.
 *   - A sum factor of a chain that is the negation of another factor of the same chain, or all
 *     of whose terms are negative, is negated and the sign moved to the product:
 *     `S⁻¹ − S⁻¹(x − μ)(x − μ)ᵀS⁻¹`, not `S⁻¹ + S⁻¹(μ − x)(x − μ)ᵀS⁻¹`.
 *   - A rational coefficient of a sum is distributed over its terms when that shows fewer
 *     coefficients and signs: `S⁻¹ − ½ C`, not `½(2S⁻¹ − C)`; in a sum, the distributed terms
 *     join the sum's own.
 *
 * Display order of the terms of a sum (a total order, stable over the canonical order):
 *   1. added terms before subtracted ones;
 *   2. numeric constants last;
 *   3. terms scaled by a symbolic scalar (`lambda * x`, `1/m * s`) after unscaled ones;
 *   4. a bare variable (or its transpose) after compound terms, as an affine map is written
 *      `A*x + b`;
 *   5. smaller terms (node count) first;
 *   6. the canonical (structural) order of the sum's arguments.
 * So `A' * (A*x - b) + lambda * x`, `(A + A') * x`, `sigmoid(A*x) - b`, `x.^2 + 1`, `exp(A*x + o)` and
 * `b' * log(p) + (1 - b)' * log(1 - p)` come out in the order a person writes them.
 *
 * Named subexpressions (./share.ts) are shown by their names and are opaque to their users: a
 * parent never shows the pieces of a named argument (the base of `s^-1`, the factors of a
 * chain), so each named node is spelled once, in its own binding.
 *
 * Iterative: nodes are laid out in topological order, each from its children's Docs.
 */
import { isSymmetric } from '../core/build';
import { Shape, isScalar, transposed } from '../core/dims';
import { Node, topoOrder } from '../core/graph';
import { ElementwiseOp, Op, isElementwise } from '../core/ops';
import { ONE, Rational, rat } from '../core/rational';
import { CallOp, Doc, Term, docChildren } from './doc';
import { Ref } from './share';

type DocOf = (n: Node) => Doc;

/** What laying out a node sees of its arguments. */
interface Args {
  /** The Doc a user of `n` shows: `n`'s own layout, or its name when it is named. */
  readonly d: DocOf;
  /** The Doc of `n`'s transpose (`n` itself when it is a scalar or symmetric). */
  readonly t: DocOf;
  /** May a user show the pieces of `n` instead of `n` (not when `n` is named)? */
  readonly open: (n: Node) => boolean;
  /** A display form (Unicode, LaTeX), free to show a node the text would not parse back to? */
  readonly display: boolean;
}
type Layout = (n: Node, a: Args) => Doc;

const number = (value: Rational): Doc => ({ kind: 'number', value });
const transposeDoc = (body: Doc): Doc => ({ kind: 'transpose', body });

/** A product with sign and factors, or a single factor when nothing else shows. */
function product(neg: boolean, factors: Doc[]): Doc {
  if (!neg && factors.length === 1) return factors[0];
  return { kind: 'product', neg, factors };
}

/**
 * The factors of a matrix-product chain (of factor shapes `shapes`). Parsing `*` left to right
 * turns a 1×1 partial product into a scalar, and scalar * matrix is scaling, not a longer chain:
 * `r * c * R` (row, column, row) would come back as `(r*c) * R`. A chain that starts with a row
 * and has a column before its end is therefore shown as `r * (c * R ...)`: every partial product
 * of the group keeps the group's first factor's (non-1) row count.
 */
function groupChain(shapes: readonly Shape[], docs: Doc[]): Doc[] {
  const scalarPrefix = shapes[0].rows === 1 && shapes.slice(1, -1).some((s) => s.cols === 1);
  return scalarPrefix ? [docs[0], product(false, docs.slice(1))] : docs;
}

/** The negative constant exponent of a `pow`/`epow` node, or undefined. */
function negativeExponent(n: Node): Rational | undefined {
  if ((n.op !== 'pow' && n.op !== 'epow') || n.args[1].op !== 'const') return undefined;
  const p = n.args[1].value!;
  return p.compare(0) < 0 ? p : undefined;
}

/** `base^k` for a positive constant k (a plain `base` when k = 1). */
function positivePower(base: Doc, k: Rational, elementwise: boolean): Doc {
  return k.equals(1) ? base : { kind: 'power', base, exp: number(k), elementwise };
}

/** The sign and factors of a product Doc (a chain, spliced into a larger product), or undefined. */
const productParts = (doc: Doc): { neg: boolean; factors: readonly Doc[] } | undefined => (doc.kind === 'product' ? doc : undefined);

// ---------- products ----------

/**
 * `mul(c, scalars..., M)` in the view `view` of its non-scalar argument M (the node's own view,
 * or its transpose), its coefficient multiplied by `scale`.
 */
function layoutMul(n: Node, a: Args, view: DocOf = a.d, scale?: Rational): Doc {
  let args = n.args;
  let c = scale ?? ONE;
  if (args[0].op === 'const') {
    c = c.mul(args[0].value!);
    args = args.slice(1);
  }
  if (a.display && !scale && view === a.d) {
    const distributed = distribute(c, args, a);
    if (distributed) return distributed;
  }
  let neg = c.compare(0) < 0;
  const den: Doc[] = [];
  /** The other factors, and whether each may go over a fraction bar (a scalar, not a sum). */
  const numer: Array<{ doc: Doc; over: boolean; run?: Doc[] }> = [];
  const scalarProduct = isScalar(n.shape);
  args.forEach((x, i) => {
    const last = i === args.length - 1 && !scalarProduct;
    const k = !last && x.op === 'pow' && a.open(x) ? negativeExponent(x) : undefined;
    if (k) {
      den.push(positivePower(a.d(x.args[0]), k.neg(), false));
      return;
    }
    const doc = last ? view(x) : a.d(x);
    const parts = productParts(doc);
    if (parts) {
      neg = neg !== parts.neg;
      // An inner product scaling a vector or matrix is grouped, (wᵀSw) w, never run into it
      // (wᵀSww); so is one over a fraction bar, (wᵀSw)/(wᵀw); a chain scaled is run in, 2Aᵀx.
      const factors = [...parts.factors];
      if (last) numer.push(...factors.map((f) => ({ doc: f, over: false })));
      else numer.push({ doc: product(false, factors), over: true, run: scalarProduct ? factors : undefined });
    } else numer.push({ doc, over: !last && x.op !== 'add' });
  });
  const abs = c.abs();
  const factors: Doc[] = [];
  if (den.length > 0) {
    const q = rat(abs.d);
    const over = numer.filter((f) => f.over).map((f) => f.doc);
    factors.push({ kind: 'frac', num: rat(abs.n), numer: over, den: q.equals(1) ? den : [number(q), ...den] });
    factors.push(...numer.filter((f) => !f.over).map((f) => f.doc));
  } else {
    if (!abs.equals(1) || numer.length === 0) factors.push(number(abs));
    factors.push(...numer.flatMap((f) => f.run ?? [f.doc]));
  }
  return product(neg, factors);
}

/** Coefficient and signs shown by a term with coefficient `k` (`const` terms always show a number). */
const coefficientCost = (k: Rational, constant: boolean): number => (constant || !k.abs().equals(1) ? 1 : 0) + (k.compare(0) < 0 ? 1 : 0);

/** The coefficient of a term of a sum. */
function termCoefficient(t: Node): Rational {
  if (t.op === 'const') return t.value!;
  if (t.op === 'mul' && t.args[0].op === 'const') return t.args[0].value!;
  return ONE;
}

/**
 * `c (t₁ + t₂ + …)` as the sum `c t₁ + c t₂ + …` when that shows fewer coefficients and
 * signs (display only), else undefined.
 */
function distribute(c: Rational, args: readonly Node[], a: Args): Doc | undefined {
  if (args.length !== 1 || args[0].op !== 'add' || !a.open(args[0]) || c.equals(1)) return undefined;
  if (a.d(args[0]).kind !== 'sum') return undefined; // shown transposed, (1 − b)ᵀ: keep it whole
  const terms = displayOrder(args[0].args);
  const before = coefficientCost(c, false) + terms.reduce((s, t) => s + coefficientCost(termCoefficient(t), t.op === 'const'), 0);
  const after = terms.reduce((s, t) => s + coefficientCost(c.mul(termCoefficient(t)), t.op === 'const'), 0);
  if (after >= before) return undefined;
  const docs = terms.map((t): Doc => {
    if (t.op === 'const') return number(c.mul(t.value!));
    if (t.op === 'mul' && a.open(t)) return layoutMul(t, a, a.d, c);
    const doc = a.d(t);
    const parts = productParts(doc);
    const neg = c.compare(0) < 0 !== (parts?.neg ?? false);
    const factors = parts ? [...parts.factors] : [doc];
    return product(neg, c.abs().equals(1) ? factors : [number(c.abs()), ...factors]);
  });
  // A term that is itself a scaled sum, −(a − b) in c(x − (a − b)), joins the others.
  return { kind: 'sum', terms: addedFirst(docs.flatMap((d) => (d.kind === 'sum' ? d.terms : [unsigned(d)]))) };
}

/** The coefficient sign of a term, and its Doc with that sign removed. */
function unsigned(doc: Doc): Term {
  if (doc.kind === 'product' && doc.neg) return { neg: true, body: product(false, doc.factors as Doc[]) };
  if (doc.kind === 'number' && doc.value.compare(0) < 0) return { neg: true, body: number(doc.value.neg()) };
  return { neg: false, body: doc };
}

/** Added terms before subtracted ones, otherwise in the given order. */
const addedFirst = (terms: readonly Term[]): Term[] => [...terms.filter((t) => !t.neg), ...terms.filter((t) => t.neg)];

// ---------- chains: signs of sum factors, inner products ----------

/** A sum's terms as they read, each as coefficient and base, transposed leaves read as the leaves. */
function readTerms(s: Node): Array<{ k: Rational; base: string; id: number }> {
  const leaf = (f: Node) => (f.op === 'transpose' ? f.args[0] : f);
  return s.args.map((t) => {
    if (t.op === 'const') return { k: t.value!, base: 'c', id: Infinity };
    const bases = t.op === 'mul' && t.args[0].op === 'const' ? t.args.slice(1).map(leaf) : [leaf(t)];
    return { k: termCoefficient(t), base: bases.map((f) => f.id).join(','), id: Math.min(...bases.map((f) => f.id)) };
  });
}

/** A key of `sign` times a sum, as it reads: (x − μ) and (x − μ)ᵀ agree, (μ − x) differs. */
const sumKey = (s: Node, sign: 1 | -1): string =>
  readTerms(s)
    .map((t) => `${t.k.mul(sign).toString()}|${t.base}`)
    .sort()
    .join(';');

/**
 * The node first made (in practice, the name first written) among the added terms of `sign`
 * times a sum: of the two readings x − μ and μ − x, the one with the smaller lead is kept.
 */
const lead = (s: Node, sign: 1 | -1): number =>
  Math.min(
    ...readTerms(s)
      .filter((t) => t.k.mul(sign).compare(0) > 0)
      .map((t) => t.id),
  );

/** `−doc` for the Doc of a sum (or of a transposed sum), or undefined. */
function negatedSum(doc: Doc): Doc | undefined {
  if (doc.kind === 'transpose') {
    const body = negatedSum(doc.body);
    return body && transposeDoc(body);
  }
  if (doc.kind !== 'sum') return undefined;
  return { kind: 'sum', terms: addedFirst(doc.terms.map((t) => ({ neg: !t.neg, body: t.body }))) };
}

/**
 * Display only: sum factors of a chain negated, the sign moved to the product. Two factors
 * that are each other's negation (up to transposes of leaves: (μ − x) and (x − μ)ᵀ) are made
 * to read the same way, as the reading whose first added term was made first (x − μ when x
 * was declared before μ); a factor all of whose terms are subtracted is negated, −(x + y).
 */
function flipSums(nodes: readonly Node[], docs: Doc[], a: Args): boolean {
  let neg = false;
  const sums = nodes.map((f, i) => (f.op === 'add' && a.open(f) && (docs[i].kind === 'sum' || docs[i].kind === 'transpose') ? i : -1)).filter((i) => i >= 0);
  if (sums.length === 0) return false;
  const decided = new Set<number>();
  const flip = (i: number) => {
    const flippedDoc = negatedSum(docs[i]);
    if (!flippedDoc) return;
    docs[i] = flippedDoc;
    neg = !neg;
  };
  for (const i of sums) {
    if (decided.has(i)) continue;
    const negKey = sumKey(nodes[i], -1);
    const j = sums.find((j) => j > i && !decided.has(j) && sumKey(nodes[j], 1) === negKey);
    if (j !== undefined) {
      decided.add(i).add(j);
      // Flip i (both read as j reads now) or j (both read as i does), whichever reads better.
      flip(lead(nodes[j], 1) <= lead(nodes[i], 1) ? i : j);
    } else if (nodes[i].args.every((t) => termCoefficient(t).compare(0) < 0)) {
      decided.add(i);
      flip(i);
    }
  }
  return neg;
}

/** A chain as its own Doc: [sign] factors (see groupChain), with the display-only rules above. */
function layoutChain(n: Node, a: Args): Doc {
  const nodes: readonly Node[] = n.args;
  let docs = nodes.map(a.d);
  let shapes = nodes.map((f) => f.shape);
  let neg = false;
  if (a.display) {
    const [u, v] = nodes;
    // uᵀv = vᵀu for an inner product: a leaf's transpose first, as a person writes it.
    if (nodes.length === 2 && isScalar(n.shape) && v.op === 'var' && u.op !== 'transpose' && a.open(u) && docs[0].kind === 'transpose') {
      docs = [a.t(v), a.t(u)];
      shapes = [transposed(v.shape), transposed(u.shape)];
    } else neg = flipSums(nodes, docs, a);
  }
  return product(neg, groupChain(shapes, docs));
}

/** The transpose of a chain: the factors' transposes in reverse order. */
function transposeChain(n: Node, a: Args): Doc {
  const nodes = [...n.args].reverse();
  return product(
    false,
    groupChain(
      nodes.map((f) => transposed(f.shape)),
      nodes.map(a.t),
    ),
  );
}

// ---------- sums ----------

const isSymbolicScalar = (n: Node): boolean => n.op === 'var' || n.op === 'dim' || (n.op === 'pow' && (n.args[0].op === 'var' || n.args[0].op === 'dim'));

function termKey(t: Node): number[] {
  const negative = (t.op === 'const' && t.value!.compare(0) < 0) || (t.op === 'mul' && t.args[0].op === 'const' && t.args[0].value!.compare(0) < 0);
  const scaled = t.op === 'mul' && t.args.some((a) => isScalar(a.shape) && isSymbolicScalar(a)) && t.args.length > 1;
  const bare = t.args.length === 0 || (t.op === 'transpose' && t.args[0].args.length === 0);
  return [negative ? 1 : 0, t.op === 'const' ? 1 : 0, scaled ? 1 : 0, bare ? 1 : 0, t.size];
}

/** The argument order in which a sum is displayed (see the file comment). */
export function displayOrder(terms: readonly Node[]): Node[] {
  const keyed = terms.map((t, i) => ({ t, k: [...termKey(t), i] }));
  keyed.sort((a, b) => {
    for (let i = 0; i < a.k.length; i++) if (a.k[i] !== b.k[i]) return a.k[i] - b.k[i];
    return 0;
  });
  return keyed.map((x) => x.t);
}

/** A sum in the view `view` of its terms; distributed terms (display only) join the sum's own. */
function layoutSum(n: Node, view: DocOf): Doc {
  const terms: Term[] = [];
  let spliced = false;
  for (const t of displayOrder(n.args)) {
    const doc = view(t);
    if (doc.kind === 'sum' && t.op === 'mul') {
      terms.push(...doc.terms);
      spliced = true;
    } else terms.push(unsigned(doc));
  }
  return { kind: 'sum', terms: spliced ? addedFirst(terms) : terms };
}

// ---------- elementwise ----------

/** Factors that are sums go last, as people write σ(z) ⊙ (1 − σ(z)); otherwise the canonical order. */
const sumsLast = (args: readonly Node[]): Node[] => [...args].sort((a, b) => Number(a.op === 'add') - Number(b.op === 'add'));

function layoutHadamard(n: Node, view: DocOf, open: (n: Node) => boolean): Doc {
  const factors: Doc[] = [];
  const divisors: Doc[] = [];
  for (const a of sumsLast(n.args)) {
    const k = open(a) ? negativeExponent(a) : undefined;
    if (k) divisors.push(positivePower(view(a.args[0]), k.neg(), true));
    else factors.push(view(a));
  }
  return { kind: 'hadamard', factors, divisors };
}

function layoutPower(n: Node, base: DocOf, d: DocOf): Doc {
  const elementwise = n.op === 'epow';
  const k = negativeExponent(n);
  if (!k) return { kind: 'power', base: base(n.args[0]), exp: d(n.args[1]), elementwise };
  const below = positivePower(base(n.args[0]), k.neg(), elementwise);
  return elementwise ? { kind: 'hadamard', factors: [], divisors: [below] } : { kind: 'frac', num: ONE, numer: [], den: [below] };
}

// ---------- the tables ----------

const call =
  (fn: CallOp): Layout =>
  (n, { d }) => ({ kind: 'call', fn, args: n.args.map(d) });
const matrix =
  (which: 'ones' | 'zeros' | 'eye', s: (n: Node) => Shape = (n) => n.shape): Layout =>
  (n) => ({
    kind: 'matrix',
    which,
    rows: s(n).rows,
    cols: s(n).cols,
  });

const LAYOUT: Record<Op, Layout> = {
  const: (n) => number(n.value!),
  dim: (n) => ({ kind: 'name', name: n.name! }),
  var: (n) => ({ kind: 'name', name: n.name! }),
  zeros: matrix('zeros'),
  ones: matrix('ones'),
  eye: matrix('eye'),
  add: (n, a) => layoutSum(n, a.d),
  mul: (n, a) => layoutMul(n, a),
  matmul: layoutChain,
  hadamard: (n, a) => layoutHadamard(n, a.d, a.open),
  pow: (n, a) => layoutPower(n, a.d, a.d),
  epow: (n, a) => layoutPower(n, a.d, a.d),
  transpose: (n, { d }) => transposeDoc(d(n.args[0])),
  exp: call('exp'),
  log: call('log'),
  sqrt: call('sqrt'),
  sin: call('sin'),
  cos: call('cos'),
  tan: call('tan'),
  tanh: call('tanh'),
  sigmoid: call('sigmoid'),
  softplus: call('softplus'),
  abs: call('abs'),
  sign: call('sign'),
  log1p: call('log1p'),
  expm1: call('expm1'),
  relu: call('relu'),
  sum: call('sum'),
  norm2: call('norm2'),
  norm1: call('norm1'),
  tr: call('tr'),
  det: call('det'),
  logdet: call('logdet'),
  inv: call('inv'),
  diagm: call('diagm'),
  diagv: call('diagv'),
  logsumexp: call('logsumexp'),
  softmax: call('softmax'),
  kron: call('kron'),
  max: call('max'),
  min: call('min'),
  vec: call('vec'),
  commutation: call('commutation'),
};

/**
 * The Doc of a node's transpose with the transpose pushed one level down, as the constructors
 * push it (src/core/build.ts), for the ops it passes through; parsed, it is that transpose.
 * (Scalars and symmetric nodes, which are their own transposes, are handled by the caller.)
 */
const TRANSPOSED: Partial<Record<Op, Layout>> = {
  transpose: (n, { d }) => d(n.args[0]),
  zeros: matrix('zeros', (n) => transposed(n.shape)),
  ones: matrix('ones', (n) => transposed(n.shape)),
  add: (n, a) => layoutSum(n, a.t),
  mul: (n, a) => layoutMul(n, a, a.t),
  matmul: transposeChain,
  hadamard: (n, a) => layoutHadamard(n, a.t, a.open),
  epow: (n, a) => layoutPower(n, a.t, a.d),
  softmax: (n, { t }) => ({ kind: 'call', fn: 'softmax', args: [t(n.args[0])] }),
};
const transposedElementwise =
  (op: ElementwiseOp): Layout =>
  (n, { t }) => ({ kind: 'call', fn: op, args: [t(n.args[0])] });

/** A (scaled) matrix-product chain: its transposes stay on its leaves, AᵀXᵀBᵀ + BᵀXᵀAᵀ. */
const isChainTerm = (t: Node): boolean => t.op === 'matmul' || (t.op === 'mul' && t.args[t.args.length - 1].op === 'matmul');

/**
 * Is a node `n` shown as the transpose of its transpose, given the transposes that
 * shows inside (`inside`) and the node shows itself (`plain`)? Elementwise products and
 * powers, softmax and the elementwise functions when that shows fewer transposes
 * (`softmax(Ax)ᵀ`), or as many with none left inside (`softmax(z)ᵀ`; see below); a sum without chain terms when none is left inside (`(1 − b)ᵀ`,
 * `(σ(Ax) − b)ᵀ`, not `(Ax − b)ᵀ` or `(A − 𝟏 softmax(Ax)ᵀ A)ᵀ`); never a chain or a scaling.
 */
function pullsWith(n: Node, inside: number, plain: number, shown: DocOf): boolean {
  const op = n.op;
  if (op === 'add') return inside === 0 && plain > 0 && !n.args.some(isChainTerm);
  if (!(op === 'hadamard' || op === 'epow' || op === 'softmax' || isElementwise(op))) return false;
  if (inside + 1 < plain) return true;
  if (inside + 1 !== plain || inside !== 0) return false;
  // As many, and none left inside: a function of a row is the transpose of the function of the
  // column, softmax(z)ᵀ and σ(tanh(Ax))ᵀ, not softmax(zᵀ) and σ(tanh(Ax)ᵀ); a power keeps a
  // transposed leaf as its base (xᵀ∘²), not a transposed non-leaf.
  if (op === 'epow') return shown(n.args[0]).kind === 'transpose' && n.args[0].op !== 'transpose';
  return op === 'hadamard' || op === 'softmax' || isElementwise(op);
}

/** How many transposes a Doc shows (a row of ones, `𝟏ᵀ`, counts as one); memoized per Doc. */
function transposeCounter(): (d: Doc) => number {
  const memo = new Map<Doc, number>();
  const count = (d: Doc): number => {
    const hit = memo.get(d);
    if (hit !== undefined) return hit;
    let c = d.kind === 'transpose' || (d.kind === 'matrix' && d.which !== 'eye' && d.rows === 1 && d.cols !== 1) ? 1 : 0;
    for (const k of docChildren(d)) c += count(k);
    memo.set(d, c);
    return c;
  };
  return count;
}

/** A named subexpression and the Doc of its definition. */
export interface Binding {
  readonly ref: Ref;
  readonly doc: Doc;
}

export interface LaidOut {
  /** The named subexpressions, each after those it mentions. */
  readonly bindings: readonly Binding[];
  readonly result: Doc;
}

export interface LayoutOptions {
  /** A display form (Unicode, LaTeX): apply the display-only rules (see the file comment). */
  readonly display?: boolean;
}

/**
 * The display Docs of `root` (its distinct nodes `nodes`, in topological order) with the
 * subexpressions in `named` shown by name. Iterative over the graph; shared nodes share their Doc.
 */
export function layoutNamed(root: Node, nodes: readonly Node[], named: ReadonlyMap<Node, Ref>, opts: LayoutOptions = {}): LaidOut {
  const own = new Map<Node, Doc>();
  const shown = new Map<Node, Doc>();
  const shownT = new Map<Node, Doc>();
  const get =
    (m: Map<Node, Doc>) =>
    (n: Node): Doc => {
      const doc = m.get(n);
      if (!doc) throw new Error(`internal: node ${n.id} laid out before its arguments`);
      return doc;
    };
  const args: Args = { d: get(shown), t: get(shownT), open: (n) => !named.has(n), display: opts.display ?? false };
  const count = transposeCounter();
  const bindings: Binding[] = [];
  for (const n of nodes) {
    const selfTransposed = isScalar(n.shape) || isSymmetric(n);
    const pushT = TRANSPOSED[n.op] ?? (isElementwise(n.op) ? transposedElementwise(n.op) : undefined);
    let doc = LAYOUT[n.op](n, args);
    let docT: Doc | undefined;
    if (!selfTransposed && pushT) {
      docT = pushT(n, args);
      const inside = count(docT);
      const plain = count(doc);
      if (pullsWith(n, inside, plain, args.d)) doc = transposeDoc(docT);
      // The transpose of a chain keeps its transposes on the leaves (xᵀAᵀ); of a scaling, on
      // the scaled (2Aᵀ); of the others, outside unless that shows more: σ(Ax)ᵀ, (x + y)ᵀ.
      else if (n.op !== 'matmul' && (n.op === 'mul' ? inside > plain + 1 : inside >= plain + 1)) docT = transposeDoc(doc);
    }
    const ref = named.get(n);
    if (ref) bindings.push({ ref, doc });
    own.set(n, doc);
    count(doc);
    const shownDoc: Doc = ref ? { kind: 'ref', ref } : doc;
    shown.set(n, shownDoc);
    const t = selfTransposed ? shownDoc : ref || !docT ? transposeDoc(shownDoc) : docT;
    count(t);
    shownT.set(n, t);
  }
  return { bindings, result: own.get(root)! };
}

/** The display Doc of `root`, every subexpression written out. */
export const layout = (root: Node, opts: LayoutOptions = {}): Doc => layoutNamed(root, topoOrder([root]), new Map(), opts).result;
