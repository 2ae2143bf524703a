/** Exact rational coefficients (fraction.js, the library mathjs uses for its fractions). */
import { Fraction } from 'fraction.js';

// The instance type, spelled so that declaration files work under every module resolution:
// fraction.js's CommonJS typings export the class as a value only (`export =`).
export type Rational = InstanceType<typeof Fraction>;

export const rat = (n: number | string | bigint, d?: number | bigint): Rational =>
  d === undefined ? new Fraction(n as number) : new Fraction(n as number, d as number);

export const ZERO: Rational = rat(0);
export const ONE: Rational = rat(1);
export const MINUS_ONE: Rational = rat(-1);

export const isInteger = (r: Rational): boolean => r.d === 1n;
export const ratKey = (r: Rational): string => r.toFraction();
export const ratToNumber = (r: Rational): number => r.valueOf();

/**
 * An exponent as a float that keeps what matters of it: an integer beyond 2^53 becomes
 * ±(2^52 + its parity), so b^p still overflows, underflows, or is exactly ±1 for b = ±1 with the
 * right sign (Math.pow(-1, Infinity) is NaN, and the float of 10^400 is Infinity).
 */
export function exponentToNumber(p: Rational): number {
  const v = p.valueOf();
  if (Number.isSafeInteger(v) || !isInteger(p)) return v;
  const odd = p.n % 2n === 1n ? 1 : 0;
  return (p.compare(0) < 0 ? -1 : 1) * (2 ** 52 + odd);
}

/** The value of an integer rational as a JS number (fraction.js keeps the sign apart from n). */
export const ratToInt = (r: Rational): number => Number(r.s * r.n);
