/** Number literals to exact rationals: `0.1` is 1/10, `1e-3` is 1/1000 (no float rounding). */
import { MatdiffError, Span } from '../core/errors';
import { Rational, rat } from '../core/rational';

/** Literals beyond this many significant digits or powers of ten are refused, not approximated. */
const MAX_DIGITS = 400;
const MAX_EXPONENT = 400;

const LITERAL = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export function literalValue(text: string, span: Span): Rational {
  const m = LITERAL.exec(text);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) throw new Error(`internal: ${text} is not a number literal`);
  const frac = m[2] ?? '';
  const digits = (m[1] + frac).replace(/^0+/, '') || '0';
  const exponent = Number(m[3] ?? '0') - frac.length;
  if (digits.length > MAX_DIGITS || (digits !== '0' && Math.abs(exponent) > MAX_EXPONENT))
    throw new MatdiffError(
      'syntax',
      `number ${text.length > 40 ? text.slice(0, 40) + '…' : text} is out of range`,
      span,
      `literals have at most ${MAX_DIGITS} digits and powers of ten up to 1e${MAX_EXPONENT}`,
    );
  if (digits === '0') return rat(0);
  const n = BigInt(digits);
  return exponent >= 0 ? rat(n * 10n ** BigInt(exponent)) : rat(n, 10n ** BigInt(-exponent));
}
