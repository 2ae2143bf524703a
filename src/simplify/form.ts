/**
 * Laurent polynomials with exact rational coefficients over "atoms": the normal form of the
 * elementwise algebra (`+`, scaling, `.*`, `.^`, and their scalar cases `*`, `^`).
 * A term is coef × Π atom^exponent. Atoms are nodes the algebra does not look inside
 * (variables, matrix products, function applications) and, with negative exponents only,
 * sums that stand in a denominator ("sum atoms"). Scalars and same-shaped matrices mix
 * freely: scalar atoms broadcast, which is exactly how the notation's `+` and `.*` behave.
 */
import { Node } from '../core/graph';
import { ONE, Rational, ZERO } from '../core/rational';

export type Exps = ReadonlyMap<Node, Rational>;

export interface Term {
  readonly coef: Rational;
  readonly exps: Exps;
}

/** A form maps a monomial key to its term; no term has a zero coefficient. */
export type Form = ReadonlyMap<string, Term>;

/** Thrown when expanding would exceed the term cap; the caller keeps the node as an atom. */
export class TooLarge extends Error {}

export const MAX_TERMS = 64;

/**
 * What building a form did, for choosing between it and the input (region.ts): whether a
 * product of two sums was multiplied out, and whether anything cancelled (a coefficient summed
 * to zero, or a factor met its inverse). Multiplying out without cancelling only trades a
 * factored form for an expanded one, which loses accuracy near the factors' roots
 * ((t+1)(t+2)...(t+30) at t = -15.3), so the caller keeps the factored input then.
 */
export class Tally {
  distributed = false;
  cancelled = false;
}

export function monoKey(exps: Exps): string {
  const parts: string[] = [];
  for (const [a, e] of exps) parts.push(`${a.id}^${e.toFraction()}`);
  return parts.sort().join('*');
}

export const EMPTY: Form = new Map();

export function constant(c: Rational): Form {
  return c.equals(0) ? EMPTY : new Map([['', { coef: c, exps: new Map() }]]);
}

export function atom(n: Node, e: Rational = ONE): Form {
  const exps = new Map([[n, e]]);
  return new Map([[monoKey(exps), { coef: ONE, exps }]]);
}

function addTerm(out: Map<string, Term>, t: Term, tally?: Tally): void {
  const k = monoKey(t.exps);
  const prev = out.get(k);
  const c = prev ? prev.coef.add(t.coef) : t.coef;
  if (c.equals(0)) {
    out.delete(k);
    if (prev && tally) tally.cancelled = true;
  } else out.set(k, { coef: c, exps: t.exps });
}

export function fromTerms(terms: Iterable<Term>, tally?: Tally): Form {
  const out = new Map<string, Term>();
  for (const t of terms) addTerm(out, t, tally);
  if (out.size > MAX_TERMS) throw new TooLarge();
  return out;
}

export const plus = (a: Form, b: Form, tally?: Tally): Form => fromTerms([...a.values(), ...b.values()], tally);
export const scale = (a: Form, c: Rational): Form => (c.equals(0) ? EMPTY : fromTerms([...a.values()].map((t) => ({ coef: t.coef.mul(c), exps: t.exps }))));
export const minus = (a: Form, b: Form, tally?: Tally): Form => plus(a, scale(b, ONE.neg()), tally);

export function mulTerms(a: Term, b: Term, tally?: Tally): Term {
  const exps = new Map(a.exps);
  for (const [n, e] of b.exps) {
    const prev = exps.get(n);
    const s = (prev ?? ZERO).add(e);
    if (s.equals(0)) {
      exps.delete(n);
      if (prev && tally) tally.cancelled = true;
    } else exps.set(n, s);
  }
  return { coef: a.coef.mul(b.coef), exps };
}

export function times(a: Form, b: Form, tally?: Tally): Form {
  if (a.size * b.size > MAX_TERMS * 4) throw new TooLarge();
  if (tally && a.size > 1 && b.size > 1) tally.distributed = true;
  const out: Term[] = [];
  for (const x of a.values()) for (const y of b.values()) out.push(mulTerms(x, y, tally));
  return fromTerms(out, tally);
}

/**
 * a^k for an integer k >= 0. A monomial's exponents are multiplied (no loop over k, which may
 * be huge); a sum to a power beyond MAX_TERMS would have more terms than the cap anyway.
 */
export function power(a: Form, k: number, tally?: Tally): Form {
  if (!Number.isSafeInteger(k) || k < 0) throw new TooLarge();
  if (k === 0) return constant(ONE);
  if (a.size === 1) {
    const t = onlyTerm(a);
    if (k > 1 && t.coef.abs().compare(1) !== 0 && !smallCoefficientPower(t.coef, k)) throw new TooLarge();
    const exps = new Map<Node, Rational>();
    for (const [n, e] of t.exps) exps.set(n, e.mul(k));
    return fromTerms([{ coef: t.coef.pow(k), exps }]);
  }
  if (k > MAX_TERMS) throw new TooLarge();
  let out = constant(ONE);
  for (let i = 0; i < k; i++) out = times(out, a, tally);
  return out;
}

/** Is c^k small enough to keep exactly (at most 4096 bits)? */
function smallCoefficientPower(c: Rational, k: number): boolean {
  const bits = Math.max(c.n.toString(2).length, c.d.toString(2).length);
  return bits * k <= 4096;
}

export function termForm(t: Term): Form {
  return fromTerms([t]);
}

export function invertTerm(t: Term): Term {
  const exps = new Map<Node, Rational>();
  for (const [n, e] of t.exps) exps.set(n, e.neg());
  return { coef: ONE.div(t.coef), exps };
}

export const isMonomial = (f: Form): boolean => f.size === 1;
export const onlyTerm = (f: Form): Term => f.values().next().value as Term;
