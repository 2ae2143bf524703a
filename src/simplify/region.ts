/**
 * The elementwise-algebra normalizer ("rational normal form"). A region is a maximal
 * subexpression built from `+`, scaling, `.*`, and integer `^`/`.^`; everything else is an
 * atom. The region is turned into a Laurent polynomial (form.ts), where like terms collect and
 * identical factors cancel; sums in denominators become "sum atoms" (kept factored, as a
 * person keeps them); numerators over a sum atom are divided by it (N/D = Q + R/D), which is
 * how cancellations such as σ(1−σ)/(1−σ) = σ or (b e + b − 1)/(1 + e) = b − 1/(1 + e) happen.
 * Then the form is printed back into nodes with its common content factored out.
 *
 * Cancelling x·x⁻¹ extends the domain (to x = 0) but never changes a value where the input
 * was defined, the standard convention of computer algebra (SymPy's cancel).
 */
import * as B from '../core/build';
import { isScalar, Shape } from '../core/dims';
import { Graph, Node } from '../core/graph';
import { compareNodes } from '../core/order';
import { ONE, Rational, ZERO, isInteger, ratToInt } from '../core/rational';
import {
  EMPTY,
  Form,
  Tally,
  Term,
  TooLarge,
  atom,
  constant,
  fromTerms,
  invertTerm,
  isMonomial,
  minus,
  mulTerms,
  onlyTerm,
  plus,
  power,
  termForm,
  times,
} from './form';

const ALGEBRAIC = new Set(['add', 'mul', 'hadamard', 'pow', 'epow', 'const', 'zeros', 'ones']);

/** Nodes the normalizer looks inside. A power with a non-constant exponent is an atom. */
export const isAlgebraic = (n: Node): boolean => ALGEBRAIC.has(n.op) && !((n.op === 'pow' || n.op === 'epow') && n.args[1].op !== 'const');

export class RegionContext {
  /** Sum atoms and the polynomials they stand for. */
  readonly sums = new Map<Node, Form>();
  /** What building the current region's form did (reset per region by the caller). */
  tally = new Tally();
  constructor(readonly g: Graph) {}
}

// ---------- node -> form ----------

/** The form of `root`, computed bottom-up without recursion. */
export function toForm(ctx: RegionContext, root: Node): Form {
  const memo = new Map<Node, Form>();
  const stack: Array<[Node, boolean]> = [[root, false]];
  while (stack.length) {
    const [n, expanded] = stack.pop()!;
    if (memo.has(n)) continue;
    if (!isAlgebraic(n) || n.args.length === 0 || expanded) {
      memo.set(n, formOfNode(ctx, n, memo));
      continue;
    }
    stack.push([n, true]);
    for (const a of n.args) if (!memo.has(a)) stack.push([a, false]);
  }
  return memo.get(root)!;
}

function formOfNode(ctx: RegionContext, n: Node, memo: Map<Node, Form>): Form {
  try {
    switch (n.op) {
      case 'const':
        return constant(n.value!);
      case 'zeros':
        return EMPTY;
      case 'ones':
        return constant(ONE);
      case 'add':
        return n.args.reduce((f, a) => plus(f, memo.get(a)!, ctx.tally), EMPTY);
      case 'mul':
      case 'hadamard':
      case 'pow':
      case 'epow':
        if (!isAlgebraic(n)) return atom(n);
        return productOfFactors(ctx, factorsOf(n), memo);
      default:
        return atom(n);
    }
  } catch (e) {
    if (e instanceof TooLarge) return atom(n);
    throw e;
  }
}

/** The (base, exponent) factors of a product or power, identical bases combined. */
function factorsOf(n: Node): Map<Node, Rational> {
  const out = new Map<Node, Rational>();
  const put = (b: Node, e: Rational) => out.set(b, (out.get(b) ?? ZERO).add(e));
  const args = n.op === 'pow' || n.op === 'epow' ? [n] : n.args;
  for (const a of args) {
    if ((a.op === 'pow' || a.op === 'epow') && a.args[1].op === 'const') put(a.args[0], a.args[1].value!);
    else put(a, ONE);
  }
  return out;
}

function productOfFactors(ctx: RegionContext, factors: Map<Node, Rational>, memo: Map<Node, Form>): Form {
  let out = constant(ONE);
  for (const [base, e] of factors) {
    if (e.equals(0)) continue;
    const f = memo.get(base) ?? atom(base);
    let part: Form;
    if (!isInteger(e))
      part = atom(base, e); // fractional powers stay on their base, never distributed
    else if (e.compare(0) > 0) part = powerOrAtom(ctx, f, base, e);
    else part = power(inverse(ctx, f), ratToInt(e.neg()), ctx.tally);
    out = times(out, part, ctx.tally);
  }
  return expandSums(ctx, out);
}

function powerOrAtom(ctx: RegionContext, f: Form, base: Node, k: Rational): Form {
  try {
    return power(f, ratToInt(k), ctx.tally);
  } catch (e) {
    if (e instanceof TooLarge) return atom(base, k);
    throw e;
  }
}

/** Replace positive powers of sum atoms by their polynomials. */
function expandSums(ctx: RegionContext, f: Form): Form {
  let needs = false;
  for (const t of f.values()) for (const [a, e] of t.exps) if (ctx.sums.has(a) && e.compare(0) > 0) needs = true;
  if (!needs) return f;
  let out = EMPTY;
  for (const t of f.values()) {
    let rest: Term = { coef: t.coef, exps: new Map() };
    const expansions: Form[] = [];
    for (const [a, e] of t.exps) {
      const poly = ctx.sums.get(a);
      if (poly && e.compare(0) > 0 && isInteger(e)) expansions.push(power(poly, ratToInt(e), ctx.tally));
      else rest = mulTerms(rest, { coef: ONE, exps: new Map([[a, e]]) }, ctx.tally);
    }
    out = plus(
      out,
      expansions.reduce((p, q) => times(p, q, ctx.tally), termForm(rest)),
      ctx.tally,
    );
  }
  return out;
}

/** 1/f. A multi-term f is brought over a common denominator and its numerator becomes a sum atom. */
function inverse(ctx: RegionContext, f: Form): Form {
  if (f.size === 0) throw new TooLarge(); // 1/0: leave the node alone
  if (isMonomial(f)) return termForm(invertTerm(onlyTerm(f)));
  const den = new Map<Node, Rational>();
  for (const t of f.values()) for (const [a, e] of t.exps) if (e.compare(0) < 0 && e.neg().compare(den.get(a) ?? ZERO) > 0) den.set(a, e.neg());
  const denTerm: Term = { coef: ONE, exps: den };
  const num = expandSums(ctx, times(f, termForm(denTerm)));
  if (num.size === 0) throw new TooLarge();
  const denForm = expandSums(ctx, termForm(denTerm));
  if (isMonomial(num)) return expandSums(ctx, times(denForm, termForm(invertTerm(onlyTerm(num)))));
  const { content, inner } = splitContent(num);
  const sumNode = sumOf(ctx, inner);
  if (!ctx.sums.has(sumNode)) ctx.sums.set(sumNode, inner);
  const inv = { coef: ONE, exps: new Map([[sumNode, ONE.neg()]]) };
  return expandSums(ctx, times(denForm, termForm(mulTerms(invertTerm(content), inv))));
}

// ---------- dividing numerators by sum atoms ----------

/** Divide every group of terms over a sum atom D by D's polynomial where that does not grow the form. */
export function reduceOverSums(ctx: RegionContext, f: Form): Form {
  for (let round = 0; round < 8; round++) {
    let changed = false;
    const present = new Set<Node>();
    for (const t of f.values()) for (const a of t.exps.keys()) if (ctx.sums.has(a)) present.add(a);
    for (const d of present) {
      const poly = ctx.sums.get(d)!;
      const ks = new Set<number>();
      for (const t of f.values()) {
        const e = t.exps.get(d);
        if (e && isInteger(e) && e.compare(0) < 0) ks.add(-ratToInt(e));
      }
      for (const k of [...ks].sort((a, b) => b - a)) {
        const next = divideGroup(f, d, poly, k);
        if (next && next.size <= f.size) {
          f = next;
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  return f;
}

function divideGroup(f: Form, d: Node, poly: Form, k: number): Form | undefined {
  const group: Term[] = [];
  const rest: Term[] = [];
  for (const t of f.values()) {
    const e = t.exps.get(d);
    if (e && e.equals(-k)) {
      const exps = new Map(t.exps);
      exps.delete(d);
      group.push({ coef: t.coef, exps });
    } else rest.push(t);
  }
  const num = fromTerms(group);
  for (const v of mainVariables(poly)) {
    const res = polyDivide(num, poly, v);
    if (!res || res.quotient.size === 0) continue;
    const withD = (g: Form, p: number): Term[] => [...g.values()].map((t) => (p === 0 ? t : mulTerms(t, { coef: ONE, exps: new Map([[d, ZERO.sub(p)]]) })));
    try {
      return fromTerms([...rest, ...withD(res.quotient, k - 1), ...withD(res.remainder, k)]);
    } catch (e) {
      if (e instanceof TooLarge) return undefined;
      throw e;
    }
  }
  return undefined;
}

/** Atoms v such that the polynomial has a single leading term c·v^d with c a number. */
function mainVariables(poly: Form): Array<{ v: Node; d: number; lead: Rational }> {
  const out: Array<{ v: Node; d: number; lead: Rational }> = [];
  const atoms = new Set<Node>();
  for (const t of poly.values()) for (const a of t.exps.keys()) atoms.add(a);
  for (const v of [...atoms].sort(compareNodes)) {
    let d = 0;
    let ok = true;
    for (const t of poly.values()) {
      const e = t.exps.get(v) ?? ZERO;
      if (!isInteger(e) || e.compare(0) < 0) ok = false;
      else d = Math.max(d, ratToInt(e));
    }
    if (!ok || d === 0) continue;
    const leading = [...poly.values()].filter((t) => t.exps.get(v)?.equals(d));
    if (leading.length === 1 && leading[0].exps.size === 1) out.push({ v, d, lead: leading[0].coef });
  }
  return out;
}

function polyDivide(num: Form, poly: Form, { v, d, lead }: { v: Node; d: number; lead: Rational }): { quotient: Form; remainder: Form } | undefined {
  let work = num;
  let quotient = EMPTY;
  try {
    for (let i = 0; i < 64; i++) {
      // Always eliminate a term of highest degree in v, so the remainder ends below degree d.
      let t: Term | undefined;
      for (const u of work.values()) {
        const e = u.exps.get(v);
        if (e !== undefined && isInteger(e) && e.compare(d) >= 0 && (!t || e.compare(t.exps.get(v)!) > 0)) t = u;
      }
      if (!t) return { quotient, remainder: work };
      const exps = new Map(t.exps);
      const e = t.exps.get(v)!.sub(d);
      if (e.equals(0)) exps.delete(v);
      else exps.set(v, e);
      const q: Term = { coef: t.coef.div(lead), exps };
      quotient = plus(quotient, termForm(q));
      work = minus(work, times(termForm(q), poly));
    }
  } catch (e) {
    if (!(e instanceof TooLarge)) throw e;
  }
  return undefined;
}

// ---------- form -> node ----------

/** Split off the common content: a rational (sign chosen so most terms are positive) and common atoms. */
export function splitContent(f: Form): { content: Term; inner: Form } {
  const terms = [...f.values()];
  let gcd = terms[0].coef.abs();
  for (const t of terms) gcd = gcd.gcd(t.coef);
  const negatives = terms.filter((t) => t.coef.compare(0) < 0).length;
  const c = negatives * 2 > terms.length ? gcd.neg() : gcd;
  const common = new Map<Node, Rational>();
  for (const [a, e] of terms[0].exps) {
    let m = e;
    for (const t of terms) {
      const x = t.exps.get(a);
      if (!x || x.compare(0) !== e.compare(0)) {
        m = ZERO;
        break;
      }
      if (x.abs().compare(m.abs()) < 0) m = x;
    }
    if (!m.equals(0)) common.set(a, m);
  }
  const content: Term = { coef: c, exps: common };
  const inv = invertTerm(content);
  return { content, inner: fromTerms(terms.map((t) => mulTerms(t, inv))) };
}

function powerNode(g: Graph, a: Node, e: Rational): Node {
  if (e.equals(1)) return a;
  return isScalar(a.shape) ? B.pow(g, a, B.num(g, e)) : B.epow(g, a, B.num(g, e));
}

export function termNode(g: Graph, t: Term): Node {
  const factors = [B.num(g, t.coef)];
  for (const [a, e] of t.exps) factors.push(powerNode(g, a, e));
  return B.hadamard(g, factors);
}

function sumOf(ctx: RegionContext, f: Form): Node {
  return B.add(
    ctx.g,
    [...f.values()].map((t) => termNode(ctx.g, t)),
  );
}

/** The node for a form, content factored out, broadcast to `shape` if every term is scalar. */
export function fromForm(ctx: RegionContext, f: Form, shape: Shape): Node {
  const g = ctx.g;
  let n: Node;
  if (f.size === 0) n = B.zeros(g, shape);
  else if (f.size === 1) n = termNode(g, onlyTerm(f));
  else {
    const { content, inner } = splitContent(f);
    n = B.hadamard(g, [termNode(g, content), sumOf(ctx, inner)]);
  }
  if (!isScalar(shape) && isScalar(n.shape)) n = B.mul(g, [n, B.ones(g, shape)]);
  return n;
}
