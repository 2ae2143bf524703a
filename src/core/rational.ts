/** Exact rational coefficients (fraction.js, the library mathjs uses for its fractions). */
import { Fraction } from 'fraction.js';

export type Rational = Fraction;

export const rat = (n: number | string | bigint, d?: number | bigint): Rational =>
  d === undefined ? new Fraction(n as number) : new Fraction(n as number, d as number);

export const ZERO = rat(0);
export const ONE = rat(1);
export const MINUS_ONE = rat(-1);

export const isInteger = (r: Rational): boolean => r.d === 1n;
export const ratKey = (r: Rational): string => r.toFraction();
export const ratToNumber = (r: Rational): number => r.valueOf();

/** The value of an integer rational as a JS number (fraction.js keeps the sign apart from n). */
export const ratToInt = (r: Rational): number => Number(r.s * r.n);
