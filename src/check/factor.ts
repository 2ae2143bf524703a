/**
 * Naming the factor between a claim and the truth. Per instance the claim is r_i × truth; if
 * r_i is the same everywhere it is a constant (2, -1, 1/2); otherwise it is fitted against
 * monomials in the dimension symbols (m, 1/m, m·n, n², ...) across instances of different sizes,
 * which is how a forgotten 1/m is told apart from a forgotten 1/n.
 */
import * as build from '../core/build';
import { Graph, Node, topoOrder } from '../core/graph';
import { Rational, rat } from '../core/rational';

/** The nearest fraction with a small denominator, if it is within `tol` (relative). */
export function rationalize(x: number, maxDen = 64, tol = 1e-7): Rational | undefined {
  if (!Number.isFinite(x)) return undefined;
  for (let d = 1; d <= maxDen; d++) {
    const n = Math.round(x * d);
    if (Math.abs(n / d - x) <= tol * Math.max(1, Math.abs(x))) return rat(n, d);
  }
  return undefined;
}

/** A fitted factor: constant × Π symbol^power. */
export interface FittedFactor {
  readonly constant: Rational;
  readonly powers: ReadonlyArray<readonly [string, number]>;
}

const agree = (xs: readonly number[], tol: number) => xs.every((x) => Math.abs(x - xs[0]) <= tol * Math.max(1, Math.abs(xs[0])));

/** Monomials to try, simplest first. */
function candidates(symbols: readonly string[]): Array<Array<[string, number]>> {
  const out: Array<Array<[string, number]>> = [[]];
  for (const e of [1, -1]) for (const d of symbols) out.push([[d, e]]);
  for (let i = 0; i < symbols.length; i++)
    for (let j = i + 1; j < symbols.length; j++)
      for (const a of [1, -1])
        for (const b of [1, -1])
          out.push([
            [symbols[i], a],
            [symbols[j], b],
          ]);
  for (const e of [2, -2]) for (const d of symbols) out.push([[d, e]]);
  return out;
}

/**
 * The factor r_i = constant × monomial(sizes_i) that fits every instance, if one does.
 * Only symbols whose size varies across the instances are tried (others cannot be told apart
 * from a constant).
 */
export function fitFactor(ratios: readonly number[], sizes: ReadonlyArray<ReadonlyMap<string, number>>, tol = 1e-7): FittedFactor | undefined {
  const symbols = [...new Set(sizes.flatMap((s) => [...s.keys()]))].filter((d) => new Set(sizes.map((s) => s.get(d))).size > 1).sort();
  for (const powers of candidates(symbols)) {
    const c = ratios.map((r, i) => r / powers.reduce((p, [d, e]) => p * sizes[i].get(d)! ** e, 1));
    if (!agree(c, tol)) continue;
    const constant = rationalize(c[0]);
    if (constant) return { constant, powers };
  }
  return undefined;
}

const monomial = (g: Graph, powers: FittedFactor['powers'], sign: 1 | -1): Node[] =>
  powers.map(([d, e]) => build.pow(g, build.dimSymbol(g, d), build.num(g, sign * e)));

export const factorNode = (g: Graph, f: FittedFactor): Node => build.mul(g, [build.num(g, f.constant), ...monomial(g, f.powers, 1)]);

const mentions = (n: Node, parts: readonly Node[]): boolean => {
  const all = new Set(topoOrder([n]));
  return parts.length > 0 && parts.every((p) => all.has(p));
};

/** `m`, `1/m`, `2*m`, `m/n`, `1/(2*m)`, `m^2`: the factor in the text notation. */
export function factorText(constant: Rational, powers: FittedFactor['powers']): string {
  const part = (d: string, e: number) => (e === 1 ? d : `${d}^${e}`);
  const num = [...(constant.n === 1n ? [] : [constant.n.toString()]), ...powers.filter(([, e]) => e > 0).map(([d, e]) => part(d, e))];
  const den = [...(constant.d === 1n ? [] : [constant.d.toString()]), ...powers.filter(([, e]) => e < 0).map(([d, e]) => part(d, -e))];
  const top = num.length ? num.join('*') : '1';
  const sign = constant.compare(0) < 0 ? '-' : '';
  if (!den.length) return sign + top;
  return `${sign}${num.length > 1 ? `(${top})` : top}/${den.length > 1 ? `(${den.join('*')})` : den[0]}`;
}

/**
 * How a person would name "the claim is k × the truth": "sign flipped", "off by a factor of 2",
 * "missing 1/m" (the truth has a 1/m the claim lacks), "extra factor m".
 */
export function nameFactor(g: Graph, f: FittedFactor, truth: Node, claim: Node): string {
  const negative = f.constant.compare(0) < 0;
  const magnitude = f.constant.abs();
  const signWords = negative ? 'sign flipped' : '';
  const join = (rest: string) => (signWords && rest ? `${signWords} and ${rest}` : signWords || rest);
  if (f.powers.length === 0) return join(magnitude.equals(1) ? '' : `off by a factor of ${magnitude.toFraction()}`);
  const k = factorText(magnitude, f.powers);
  const correction = factorText(
    magnitude.inverse(),
    f.powers.map(([d, e]) => [d, -e] as const),
  );
  const missing = monomial(g, f.powers, -1);
  const extra = monomial(g, f.powers, 1);
  if (mentions(truth, missing) && !mentions(claim, missing)) return join(`missing ${correction}`);
  if (mentions(claim, extra) && !mentions(truth, extra)) return join(`extra factor ${k}`);
  return join(`off by a factor of ${k}`);
}
