/**
 * The Unicode printer: textbook reading, `(1/m) Aᵀ(σ(Ax) − b)`.
 *
 * Products are juxtaposed. Spacing rule: no space between single-letter factors (`Ax`,
 * `2Aᵀx`) or before a parenthesis (`Aᵀ(σ(Ax) − b)`, `(1/m)(...)`); otherwise one space
 * (`bᵀ log(...)`, `(1/m) Aᵀ`, `λ x`-style multi-letter names, and around inverses:
 * `−A⁻ᵀ xxᵀ A⁻ᵀ`). Fractions in a product are
 * parenthesized `(1/m)`; integer powers are superscripts (`‖x‖²`, `X⁻¹`, `X⁻ᵀ`); Greek
 * variable names are letters (`lambda` -> `λ`); `⊙`/`⊘` are elementwise product/division,
 * `x∘²` an elementwise power.
 *
 * With `{ parseable: true }` it prints the input notation with the parser's Unicode aliases
 * instead (`1/m · Aᵀ · (σ(A·x) − b)`), which parses back to the same node.
 *
 * A result too large to write out (./share.ts) names its shared subexpressions in "where"
 * lines (`Aᵀ(t₁/t₂)`, `where t₁ = exp(Ax − b)`, `      t₂ = sum(t₁)`); the parseable variant
 * writes them as definitions, like the text printer.
 */
import { Node } from '../core/graph';
import { Rational } from '../core/rational';
import { CallOp, Doc, Prec } from './doc';
import { Ref } from './share';
import { isOneLetter, subscript, superscript, unicodeName } from './names';
import { Form, PrintOptions, printIn } from './printer';
import { Delims, Notation, Out, out, productPrec, spellSum, wrapBelow } from './render';
import { Rope, cat, ending, join, startsWith } from './rope';
import { UNICODE_ALIASES, definitionsForm, textNotation } from './text';

const PARENS: Delims = { open: '(', close: ')' };
const paren = (o: Out) => wrapBelow(o, Prec.Atom, PARENS).s;

/** A factor carrying an inverse superscript (`A⁻ᵀ`, `X⁻¹`) is set apart: `A⁻ᵀxxᵀA⁻ᵀ` reads as one word. */
const INVERSE = /⁻[ᵀ⁰¹²³⁴⁵⁶⁷⁸⁹]+$/;

/** The space (or none) between two juxtaposed factors. */
function gap(l: Out, r: Out): string {
  if (startsWith(r.s, '(')) return l.call ? ' ' : '';
  if (INVERSE.test(ending(l.s)) || INVERSE.test(ending(r.s))) return ' ';
  return l.short && r.short ? '' : ' ';
}

function juxtapose(factors: readonly Out[]): Rope {
  const parts: Rope[] = [factors[0].s];
  for (let i = 1; i < factors.length; i++) parts.push(gap(factors[i - 1], factors[i]), factors[i].s);
  return join(parts, '');
}

/** A factor of a juxtaposed product: sums and explicit-operator products are parenthesized. */
const factor = (o: Out): Out => wrapBelow(o, Prec.Unary, PARENS);

function spellNumber(v: Rational): Out {
  const sign = v.compare(0) < 0 ? '−' : '';
  const a = v.abs();
  if (a.d === 1n) return out(sign + a.n.toString(), sign ? Prec.Unary : Prec.Atom, { short: !sign });
  return out(`${sign}${a.n}/${a.d}`, Prec.Product);
}

/** A fraction's numerator: `1`, `λ`, `2λ`, `(wᵀSw)`, `(2 aᵀx)` (a longer product in parentheses). */
function numerator(num: Rational, above: readonly Out[]): Rope {
  if (above.length === 0) return `${num}`;
  const parts = num.equals(1) ? above : [spellNumber(num), ...above];
  if (parts.length === 1) return wrapBelow(parts[0], Prec.Power, PARENS).s;
  const s = juxtapose(parts.map(factor));
  return parts.every((p) => p.short) ? s : cat('(', s, ')');
}

const named =
  (name: string) =>
  (args: readonly Out[]): Out =>
    out(
      cat(
        name,
        '(',
        join(
          args.map((a) => a.s),
          ', ',
        ),
        ')',
      ),
      Prec.Atom,
      { call: true },
    );

const postfixed = (o: Out, mark: string): Out =>
  out(cat(o.sup ? paren(o) : wrapBelow(o, Prec.Postfix, PARENS).s, mark), Prec.Postfix, { short: o.short, sup: true });

const CALLS: Record<CallOp, (args: readonly Out[]) => Out> = {
  exp: named('exp'),
  log: named('log'),
  sin: named('sin'),
  cos: named('cos'),
  tan: named('tan'),
  tanh: named('tanh'),
  sigmoid: named('σ'),
  softplus: named('softplus'),
  sign: named('sign'),
  log1p: named('log1p'),
  expm1: named('expm1'),
  relu: named('relu'),
  sqrt: ([a]) => out(cat('√', a.short ? a.s : paren(a)), Prec.Power),
  abs: ([a]) => out(cat('|', a.s, '|'), Prec.Atom),
  sum: named('sum'),
  norm2: ([a]) => out(cat('‖', a.s, '‖'), Prec.Atom),
  norm1: ([a]) => out(cat('‖', a.s, '‖₁'), Prec.Atom),
  tr: named('tr'),
  det: named('det'),
  logdet: named('log det'),
  inv: ([a]) => postfixed(a, '⁻¹'),
  diagm: named('diag'),
  diagv: named('diag'),
  logsumexp: named('logsumexp'),
  softmax: named('softmax'),
  // A ⊗ B binds like a product; K₍m,n₎ is the commutation matrix.
  max: named('max'),
  min: named('min'),
  kron: ([a, b]) => out(cat(wrapBelow(a, Prec.Power, PARENS).s, ' ⊗ ', wrapBelow(b, Prec.Power, PARENS).s), Prec.Product),
  vec: named('vec'),
  commutation: ([m, n]) => out(cat('K(', m.s, ',', n.s, ')'), Prec.Atom),
};

/** A positive juxtaposed product of single letters and numbers (`Ax`, `2x`, `Aᵀx`). */
export const juxtaposedLetters = (d: Doc, get: (d: Doc) => Out): boolean => d.kind === 'product' && !d.neg && d.factors.every((f) => get(f).short);

const MATRIX = { ones: '𝟏', zeros: '𝟎', eye: 'I' } as const;

const UNICODE: Notation = {
  name: ({ doc }) => out(unicodeName(doc.name), Prec.Atom, { short: isOneLetter(doc.name) }),
  ref: ({ doc }) => out(refName(doc.ref), Prec.Atom, { short: true }),
  number: ({ doc }) => spellNumber(doc.value),
  sum: (c) => spellSum(c, { plus: ' + ', minus: ' − ', lead: '−' }, PARENS),
  product: (c) => {
    // −(p ⊘ q) is written −p ⊘ q: (−p) ⊘ q is the same value.
    // So is −(λ/m): −λ/m, a symbolic numerator over its denominator needs no parentheses alone.
    const only = c.kids.length === 1 ? c.doc.factors[0] : undefined;
    if (c.doc.neg && (only?.kind === 'hadamard' || (only?.kind === 'frac' && only.numer.length > 0))) return out(cat('−', c.kids[0].s), Prec.Sum);
    const s = cat(c.doc.neg ? '−' : '', juxtapose(c.kids.map(factor)));
    return out(s, productPrec(c, c.kids[0]));
  },
  frac: ({ doc, kids }) => {
    const below = kids.slice(doc.numer.length);
    const den = below.length === 1 ? wrapBelow(below[0], Prec.Power, PARENS).s : cat('(', juxtapose(below.map(factor)), ')');
    return out(cat(numerator(doc.num, kids.slice(0, doc.numer.length)), '/', den), Prec.Product);
  },
  hadamard: ({ doc, kids, get }) => {
    const factors = kids.slice(0, doc.factors.length).map((k) => wrapBelow(k, Prec.Product, PARENS).s);
    // A juxtaposed product of letters binds tighter than ⊘, as ⊙ already reads: y ⊘ Ax.
    const divisors = kids
      .slice(doc.factors.length)
      .map((k, i) => cat(' ⊘ ', juxtaposedLetters(doc.divisors[i], get) ? k.s : wrapBelow(k, Prec.Power, PARENS).s));
    return out(join([factors.length ? join(factors, ' ⊙ ') : '1', ...divisors], ''), Prec.Product);
  },
  power: ({ doc, kids: [base, exp] }) => {
    const b = base.sup ? paren(base) : wrapBelow(base, Prec.Postfix, PARENS).s;
    const mark = doc.elementwise ? '∘' : '';
    const e = doc.exp;
    if (e.kind === 'number' && e.value.d === 1n) return out(cat(b, mark + superscript(e.value.n.toString())), Prec.Power, { sup: true, short: base.short });
    return out(cat(b, `${mark}^`, paren(exp)), Prec.Power);
  },
  transpose: ({ doc, kids: [body], get }) => {
    const inner = doc.body;
    if (inner.kind === 'call' && inner.fn === 'inv') {
      const a = get(inner.args[0]);
      return out(cat(wrapBelow(a, Prec.Postfix, PARENS).s, '⁻ᵀ'), Prec.Postfix, { short: a.short, sup: true });
    }
    return postfixed(body, 'ᵀ');
  },
  call: ({ doc, kids }) => CALLS[doc.fn](kids),
  // A row of ones is the transpose of the ones vector, as on paper: 𝟏ᵀ.
  matrix: ({ doc }) =>
    doc.which !== 'eye' && doc.rows === 1 && doc.cols !== 1
      ? out(`${MATRIX[doc.which]}ᵀ`, Prec.Postfix, { short: true, sup: true })
      : out(MATRIX[doc.which], Prec.Atom, { short: true }),
};

const refName = (r: Ref): string => 't' + subscript(r.index);

/** The result, then `where t₁ = …` and the other bindings aligned under the first. */
const WHERE: Form = {
  notation: UNICODE,
  display: true,
  assemble: (bindings, result) => join([result, ...bindings.map((b, i) => cat(i === 0 ? 'where ' : '      ', refName(b.ref), ' = ', b.s))], '\n'),
};

const PARSEABLE = definitionsForm(textNotation(UNICODE_ALIASES));

export interface UnicodeOptions extends PrintOptions {
  /** Print the input notation with Unicode aliases (`·`, `⊙`, `−`, `ᵀ`, `σ`): parses back to `n`. */
  readonly parseable?: boolean;
}

export const printUnicode = (n: Node, opts: UnicodeOptions = {}): string => printIn(n, opts.parseable ? PARSEABLE : WHERE, opts);
