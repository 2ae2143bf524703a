/**
 * Core node -> display Doc: the display decisions every textual notation shares.
 *
 * - Sums: a term with a negative coefficient is shown subtracted; terms are shown in the
 *   display order below; a non-scalar sum whose every non-scalar term is a transposed leaf
 *   (canonical forms push transposes down, so `(1 - b)'` arrives as `1 - b'`) is shown as
 *   the transpose of the untransposed sum.
 * - Products: `mul(c, scalars..., M)` is shown as [sign] [coefficient or fraction] factors,
 *   where scalar factors with a negative constant exponent move into the fraction
 *   (`mul(-1, m^-1, s)` -> `-1/m * s`) and a matrix-product chain `M` is flattened in.
 * - Negative constant powers read as division: `s^-1` -> `1/s`, `x .* y.^-1` -> `x ./ y`.
 *
 * Display order of the terms of a sum (a total order, stable over the canonical order):
 *   1. added terms before subtracted ones;
 *   2. numeric constants last;
 *   3. terms scaled by a symbolic scalar (`lambda * x`, `1/m * s`) after unscaled ones;
 *   4. smaller terms (node count) first;
 *   5. the canonical (structural) order of the sum's arguments.
 * So `A' * (A*x - b) + lambda * x`, `(A + A') * x`, `sigmoid(A*x) - b`, `x.^2 + 1`, and
 * `b' * log(p) + (1 - b)' * log(1 - p)` come out in the order a person writes them.
 *
 * Named subexpressions (./share.ts) are shown by their names and are opaque to their users: a
 * parent never shows the pieces of a named argument (the base of `s^-1`, the factors of a
 * chain), so each named node is spelled once, in its own binding.
 *
 * Iterative: nodes are laid out in topological order, each from its children's Docs.
 */
import { isScalar } from '../core/dims';
import { Node, topoOrder } from '../core/graph';
import { Op } from '../core/ops';
import { ONE, Rational, rat } from '../core/rational';
import { CallOp, Doc, Term } from './doc';
import { Ref } from './share';

type DocOf = (n: Node) => Doc;

/** What laying out a node sees of its arguments. */
interface Args {
  /** The Doc a user of `n` shows: `n`'s own layout, or its name when it is named. */
  readonly d: DocOf;
  /** May a user show the pieces of `n` instead of `n` (not when `n` is named)? */
  readonly open: (n: Node) => boolean;
}
type Layout = (n: Node, a: Args) => Doc;

const call = (fn: CallOp): Layout => (n, { d }) => ({ kind: 'call', fn, args: n.args.map(d) });
const matrix = (which: 'ones' | 'zeros' | 'eye'): Layout => (n) => ({
  kind: 'matrix', which, rows: n.shape.rows, cols: n.shape.cols,
});
const number = (value: Rational): Doc => ({ kind: 'number', value });

/**
 * The factors of a matrix-product chain. Parsing `*` left to right turns a 1×1 partial
 * product into a scalar, and scalar * matrix is scaling, not a longer chain: `r * c * R`
 * (row, column, row) would come back as `(r*c) * R`. A chain that starts with a row and has
 * a column before its end is therefore shown as `r * (c * R ...)`: every partial product of
 * the group keeps the group's first factor's (non-1) row count.
 */
function chainFactors(chain: readonly Node[], d: DocOf): Doc[] {
  const [first, ...rest] = chain;
  const scalarPrefix = first.shape.rows === 1 && rest.slice(0, -1).some((f) => f.shape.cols === 1);
  return scalarPrefix ? [d(first), product(false, rest.map(d))] : chain.map(d);
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

/** A product with sign, fraction and factors, or a single factor when nothing else shows. */
function product(neg: boolean, factors: Doc[]): Doc {
  if (!neg && factors.length === 1) return factors[0];
  return { kind: 'product', neg, factors };
}

/** `mul(c, scalars..., M)`, optionally with the last (non-scalar) argument shown as `last`. */
function layoutMul(n: Node, { d, open }: Args, last?: Doc): Doc {
  let args = n.args;
  let c: Rational = ONE;
  if (args[0].op === 'const') {
    c = args[0].value!;
    args = args.slice(1);
  }
  const numer: Doc[] = [];
  const den: Doc[] = [];
  args.forEach((a, i) => {
    const k = a.op === 'pow' && open(a) ? negativeExponent(a) : undefined;
    if (k) den.push(positivePower(d(a.args[0]), k.neg(), false));
    else if (i === args.length - 1 && last) numer.push(last);
    // An inner product scaling a vector or matrix is grouped, (wᵀSw) w, never run into it (wᵀSww).
    else if (a.op === 'matmul' && open(a) && isScalar(a.shape) && !isScalar(n.shape)) numer.push(product(false, chainFactors(a.args, d)));
    else if (a.op === 'matmul' && open(a)) numer.push(...chainFactors(a.args, d));
    else numer.push(d(a));
  });
  const abs = c.abs();
  const factors: Doc[] = [];
  if (den.length > 0) {
    const q = rat(abs.d);
    factors.push({ kind: 'frac', num: rat(abs.n), den: q.equals(1) ? den : [number(q), ...den] });
  } else if (!abs.equals(1) || numer.length === 0) factors.push(number(abs));
  factors.push(...numer);
  return product(c.compare(0) < 0, factors);
}

/** The coefficient sign of a term, and its Doc with that sign removed. */
function unsigned(doc: Doc): [boolean, Doc] {
  if (doc.kind === 'product' && doc.neg) return [true, product(false, doc.factors as Doc[])];
  if (doc.kind === 'number' && doc.value.compare(0) < 0) return [true, number(doc.value.neg())];
  return [false, doc];
}

const isSymbolicScalar = (n: Node): boolean =>
  n.op === 'var' || n.op === 'dim' || (n.op === 'pow' && (n.args[0].op === 'var' || n.args[0].op === 'dim'));

function termKey(t: Node): number[] {
  const negative =
    (t.op === 'const' && t.value!.compare(0) < 0) ||
    (t.op === 'mul' && t.args[0].op === 'const' && t.args[0].value!.compare(0) < 0);
  const scaled = t.op === 'mul' && t.args.some((a) => isScalar(a.shape) && isSymbolicScalar(a)) && t.args.length > 1;
  return [negative ? 1 : 0, t.op === 'const' ? 1 : 0, scaled ? 1 : 0, t.size];
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

/** The Doc of term `t` with its transpose removed, if `t` is a (scaled) transposed leaf or a scalar. */
function untransposed(t: Node, a: Args): Doc | undefined {
  if (isScalar(t.shape)) return a.d(t);
  if (!isTransposedTerm(t, a.open)) return undefined;
  if (t.op === 'transpose') return a.d(t.args[0]);
  return layoutMul(t, a, a.d(t.args[t.args.length - 1].args[0]));
}

function isTransposedTerm(t: Node, open: (n: Node) => boolean): boolean {
  if (!open(t)) return false;
  const last = t.args[t.args.length - 1];
  return t.op === 'transpose' || (t.op === 'mul' && last.op === 'transpose' && open(last));
}

function layoutAdd(n: Node, a: Args): Doc {
  const order = displayOrder(n.args);
  const terms = (docs: Doc[]): Term[] =>
    docs.map((doc) => {
      const [neg, body] = unsigned(doc);
      return { neg, body };
    });
  if (!isScalar(n.shape) && order.some((t) => isTransposedTerm(t, a.open))) {
    const inner = order.map((t) => untransposed(t, a));
    if (inner.every((x): x is Doc => x !== undefined))
      return { kind: 'transpose', body: { kind: 'sum', terms: terms(inner) } };
  }
  return { kind: 'sum', terms: terms(order.map(a.d)) };
}

/** Factors that are sums go last, as people write σ(z) ⊙ (1 − σ(z)); otherwise the canonical order. */
const sumsLast = (args: readonly Node[]): Node[] =>
  [...args].sort((a, b) => Number(a.op === 'add') - Number(b.op === 'add'));

function layoutHadamard(n: Node, { d, open }: Args): Doc {
  const factors: Doc[] = [];
  const divisors: Doc[] = [];
  for (const a of sumsLast(n.args)) {
    const k = open(a) ? negativeExponent(a) : undefined;
    if (k) divisors.push(positivePower(d(a.args[0]), k.neg(), true));
    else factors.push(d(a));
  }
  return { kind: 'hadamard', factors, divisors };
}

function layoutPower(n: Node, { d }: Args): Doc {
  const elementwise = n.op === 'epow';
  const k = negativeExponent(n);
  if (!k) return { kind: 'power', base: d(n.args[0]), exp: d(n.args[1]), elementwise };
  const below = positivePower(d(n.args[0]), k.neg(), elementwise);
  return elementwise
    ? { kind: 'hadamard', factors: [], divisors: [below] }
    : { kind: 'frac', num: ONE, den: [below] };
}

const LAYOUT: Record<Op, Layout> = {
  const: (n) => number(n.value!),
  dim: (n) => ({ kind: 'name', name: n.name! }),
  var: (n) => ({ kind: 'name', name: n.name! }),
  zeros: matrix('zeros'),
  ones: matrix('ones'),
  eye: matrix('eye'),
  add: layoutAdd,
  mul: (n, a) => layoutMul(n, a),
  matmul: (n, { d }) => product(false, chainFactors(n.args, d)),
  hadamard: layoutHadamard,
  pow: layoutPower,
  epow: layoutPower,
  transpose: (n, { d }) => ({ kind: 'transpose', body: d(n.args[0]) }),
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
};

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

/**
 * The display Docs of `root` (its distinct nodes `nodes`, in topological order) with the
 * subexpressions in `named` shown by name. Iterative over the graph; shared nodes share their Doc.
 */
export function layoutNamed(root: Node, nodes: readonly Node[], named: ReadonlyMap<Node, Ref>): LaidOut {
  const own = new Map<Node, Doc>();
  const shown = new Map<Node, Doc>();
  const d: DocOf = (n) => {
    const doc = shown.get(n);
    if (!doc) throw new Error(`internal: node ${n.id} laid out before its arguments`);
    return doc;
  };
  const args: Args = { d, open: (n) => !named.has(n) };
  const bindings: Binding[] = [];
  for (const n of nodes) {
    const doc = LAYOUT[n.op](n, args);
    own.set(n, doc);
    const ref = named.get(n);
    if (ref) bindings.push({ ref, doc });
    shown.set(n, ref ? { kind: 'ref', ref } : doc);
  }
  return { bindings, result: own.get(root)! };
}

/** The display Doc of `root`, every subexpression written out. */
export const layout = (root: Node): Doc => layoutNamed(root, topoOrder([root]), new Map()).result;
