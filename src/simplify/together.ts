/**
 * Fractions over a common denominator (SymPy's `together`), keeping sums factored:
 * 1 ⊘ (r∘² + 1) − 2 r∘² ⊘ (r∘² + 1)∘² -> (1 − r∘²) ⊘ (r∘² + 1)∘².
 *
 * The region normal form (region.ts) sees through every sum, so a residual r = Ax − b is
 * multiplied out into Ax and b and the textbook form is lost. Here the factors of each term are
 * opaque: a sum inside a product is one factor. The terms are brought over the least common
 * denominator; only the denominators' own sums, where they now stand in a numerator, are opened
 * one level (their terms over the same opaque factors), and like terms are collected. The result
 * is offered only when like terms met or a denominator cancelled, never just the same sum rearranged.
 *
 * Multiplying a numerator and its denominator by the same nonzero factor keeps every value
 * where the input is defined.
 */
import * as B from '../core/build';
import { isScalar } from '../core/dims';
import { Graph, Node } from '../core/graph';
import { ONE, Rational, ZERO, isInteger, ratToInt } from '../core/rational';
import { Form, Term, TooLarge, constant, fromTerms, mulTerms, plus, power, times } from './form';
import { splitContent, termNode } from './region';

/** Exponents handled exactly here; larger ones leave their power opaque. */
const MAX_EXPONENT = 64;
const HALF = ONE.div(2);
const isSmallInteger = (e: Rational): boolean => isInteger(e) && e.abs().compare(MAX_EXPONENT) <= 0;
/** A power small enough to handle exactly here: |e| ≤ 64 with a denominator ≤ 64 (z^(3/2), not z^(1/10⁹)). */
const isSmallExponent = (e: Rational): boolean => e.abs().compare(MAX_EXPONENT) <= 0 && e.d <= BigInt(MAX_EXPONENT);

/** A product as coef × Π factor^exponent, with sums (and anything but products, constant powers and square roots) as factors. */
function opaqueTerm(n: Node): Term {
  switch (n.op) {
    case 'const':
      return { coef: n.value!, exps: new Map() };
    case 'mul':
    case 'hadamard':
      return n.args.map(opaqueTerm).reduce((a, b) => mulTerms(a, b), { coef: ONE, exps: new Map() } as Term);
    case 'pow':
    case 'epow':
      if (n.args[1].op === 'const') return powerTerm(n, n.args[0], n.args[1].value!);
      break;
    case 'sqrt':
      return powerTerm(n, n.args[0], HALF);
  }
  return { coef: ONE, exps: new Map([[n, ONE]]) };
}

/** The term of `base`^e (the node `n`): an integer power distributes over the base's factors; a fractional one stays on its base. */
function powerTerm(n: Node, base: Node, e: Rational): Term {
  const inner = opaqueTerm(base);
  if (isSmallInteger(e) && !(inner.coef.equals(0) && e.compare(0) < 0)) {
    const exps = new Map<Node, Rational>();
    for (const [f, x] of inner.exps) exps.set(f, x.mul(e));
    return { coef: inner.coef.pow(ratToInt(e)), exps };
  }
  // (f²)^½ is |f|, not f: a fractional power of anything but a plain factor stays opaque.
  if (isSmallExponent(e) && inner.exps.size === 1 && inner.coef.equals(1) && inner.exps.get(base)?.equals(1)) return { coef: ONE, exps: new Map([[base, e]]) };
  return { coef: ONE, exps: new Map([[n, ONE]]) };
}

/** A sum one level open: its terms over opaque factors. */
const openSum = (sum: Node): Form => fromTerms(sum.args.map(opaqueTerm));

/**
 * The least common denominator: for each factor with a negative exponent, the largest such
 * power, fractional ones included (1/√D and r²/D^(3/2) meet over D^(3/2); a factor with a
 * fractional power is nonnegative wherever the input is defined, so the product is the same).
 */
function commonDenominator(terms: readonly Term[]): Map<Node, Rational> | undefined {
  const den = new Map<Node, Rational>();
  for (const t of terms)
    for (const [f, e] of t.exps) {
      if (e.compare(0) >= 0) continue;
      if (!isSmallExponent(e)) return undefined; // a huge power in a denominator: not this procedure's
      const prev = den.get(f);
      if (!prev || e.neg().compare(prev) > 0) den.set(f, e.neg());
    }
  return den;
}

/**
 * A term multiplied by the denominator. The denominator's sums that land in it are opened, and
 * so is a sum the term had of its own when it is the term's only one (a sum times a monomial:
 * opening it multiplies out no product of sums).
 */
function numeratorOf(t: Term, den: ReadonlyMap<Node, Rational>): Form {
  const exps = new Map(t.exps);
  for (const [f, k] of den) exps.set(f, (exps.get(f) ?? ZERO).add(k));
  const sums = [...exps].filter(([f, e]) => f.op === 'add' && !e.equals(0));
  let out: Form = constant(t.coef);
  const rest = new Map<Node, Rational>();
  for (const [f, e] of exps) {
    if (e.equals(0)) continue;
    const open = f.op === 'add' && isInteger(e) && e.compare(0) > 0 && (den.has(f) || (sums.length === 1 && e.equals(1)));
    if (open) out = times(out, power(openSum(f), ratToInt(e)));
    else rest.set(f, e);
  }
  return times(out, fromTerms([{ coef: ONE, exps: rest }]));
}

/** `p` as c × m × (the opened sum f) for a number c and a monomial m, or undefined. */
function multipleOfSum(p: Form, f: Node): Term | undefined {
  const q = openSum(f);
  if (p.size !== q.size || p.size < 2) return undefined;
  const [p0] = p.values();
  for (const q0 of q.values()) {
    const ratio = mulTerms(p0, { coef: ONE.div(q0.coef), exps: negated(q0.exps) });
    const scaled = fromTerms([...q.values()].map((t) => mulTerms(t, ratio)));
    if ([...scaled].every(([k, t]) => p.get(k)?.coef.equals(t.coef))) return ratio;
  }
  return undefined;
}

const negated = (exps: ReadonlyMap<Node, Rational>): Map<Node, Rational> => new Map([...exps].map(([f, e]) => [f, e.neg()]));

/** The sum `n` as one fraction over its terms' common denominator, when like terms meet in its numerator; else undefined. */
export function together(g: Graph, n: Node): Node | undefined {
  if (n.op !== 'add') return undefined;
  const terms = n.args.map(opaqueTerm);
  const den = commonDenominator(terms);
  if (!den || den.size === 0) return undefined;
  let num: Form = new Map();
  let produced = 0; // terms before like terms are collected
  try {
    for (const t of terms) {
      const part = numeratorOf(t, den);
      produced += part.size;
      num = plus(num, part);
    }
  } catch (e) {
    if (e instanceof TooLarge) return undefined;
    throw e;
  }
  if (num.size === 0) return undefined;
  // The fraction's monomial part: the numerator's content over the denominator, common factors
  // cancelled; a numerator that is a multiple of a denominator sum cancels it too.
  const split = splitContent(num);
  const content = split.content;
  let inner = split.inner;
  let fraction = mulTerms(content, { coef: ONE, exps: negated(den) });
  let cancelled = false;
  for (const f of den.keys()) {
    const ratio = f.op === 'add' && (fraction.exps.get(f)?.compare(0) ?? 0) < 0 ? multipleOfSum(inner, f) : undefined;
    if (!ratio) continue;
    fraction = mulTerms(mulTerms(fraction, ratio), { coef: ONE, exps: new Map([[f, ONE]]) });
    inner = constant(ONE);
    cancelled = true;
  }
  if (num.size >= produced && !cancelled) return undefined; // only the same sum rearranged
  const parts = [
    termNode(g, fraction),
    B.add(
      g,
      [...inner.values()].map((t) => termNode(g, t)),
    ),
  ];
  const out = B.hadamard(g, parts);
  return isScalar(out.shape) && !isScalar(n.shape) ? B.mul(g, [out, B.ones(g, n.shape)]) : out;
}

/**
 * A product with a repeated factor, its powers collected and sums left closed:
 * M ⊙ M ⊙ (X − UVᵀ) -> M∘² ⊙ (X − UVᵀ). (The region normal form would multiply the sum out.)
 */
export function collectPowers(g: Graph, n: Node): Node | undefined {
  if (n.op !== 'hadamard' && n.op !== 'mul') return undefined;
  const t = opaqueTerm(n);
  const factors = n.args.filter((a) => a.op !== 'const').length;
  if (t.exps.size >= factors || t.exps.size === 0) return undefined;
  const out = termNode(g, t);
  return isScalar(out.shape) && !isScalar(n.shape) ? B.mul(g, [out, B.ones(g, n.shape)]) : out;
}
