/**
 * Variable names as the display notations show them: Greek letter names become letters
 * (`lambda` -> `λ` / `\lambda`). `sigma` stays spelled out: `σ` is the sigmoid.
 */
import { GREEK } from '../core/greek';

const isGreek = (name: string): boolean => Object.prototype.hasOwnProperty.call(GREEK, name);

export const unicodeName = (name: string): string => (isGreek(name) ? GREEK[name] : name);

/**
 * `x`, `\lambda`, `W_{2}`, `\lambda_{1}`, `x_{i}` for `x_i`, `\mathit{foo\_bar}`. Names are ASCII
 * letters, digits and `_`: a letter (or Greek name) followed by digits, or by `_` and a short
 * index, is written with a subscript, as on paper.
 */
export function latexName(name: string): string {
  if (isGreek(name)) return `\\${name}`;
  if (/^[A-Za-z]$/.test(name)) return name;
  const indexed = /^([A-Za-z]+?)_?(\d+)$/.exec(name) ?? /^([A-Za-z]+)_([A-Za-z0-9]{1,3})$/.exec(name);
  if (indexed && (indexed[1].length === 1 || isGreek(indexed[1]))) return `${latexName(indexed[1])}_{${indexed[2]}}`;
  return `\\mathit{${name.replace(/_/g, '\\_')}}`;
}

/** Does the name show as one letter (so products of it may be juxtaposed tightly)? */
export const isOneLetter = (name: string): boolean => /^[A-Za-z]$/.test(name) || isGreek(name);

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '-': '⁻',
};

/** `-12` -> `⁻¹²`. Only for integers. */
export const superscript = (digits: string): string => [...digits].map((ch) => SUPERSCRIPT[ch]).join('');

const SUBSCRIPT = '₀₁₂₃₄₅₆₇₈₉';

/** `12` -> `₁₂`. Only for non-negative integers. */
export const subscript = (k: number): string => [...String(k)].map((ch) => SUBSCRIPT[Number(ch)]).join('');
