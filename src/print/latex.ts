/**
 * The LaTeX printer (valid for KaTeX): `\frac{1}{m} A^{\top} \left(\sigma(A x) - b\right)`.
 * Products are juxtaposed with a space; grouping parentheses are `\left( \right)`, function
 * calls use plain parentheses; `\odot`/`\oslash` are elementwise product/division,
 * `x^{\circ 2}` an elementwise power. A base that already carries a superscript is
 * parenthesized before another one (TeX rejects a double superscript).
 *
 * A result too large to write out (./share.ts) is an `aligned` block: the result, then its
 * shared subexpressions as `t_{1} &= …` lines under "where".
 */
import { Dim } from '../core/dims';
import { Node } from '../core/graph';
import { Rational } from '../core/rational';
import { CallOp, Doc, Prec } from './doc';
import { isOneLetter, latexName } from './names';
import { Form, PrintOptions, printIn } from './printer';
import { Delims, Notation, Out, out, productPrec, spellSum, wrapBelow } from './render';
import { Rope, cat, join, startsWith } from './rope';
import { Ref } from './share';

const PARENS: Delims = { open: '\\left(', close: '\\right)' };

/** Parenthesize `o` if it is looser than `min`, is a fraction, or ends in a superscript. */
function base(o: Out, min: Prec): Rope {
  return o.sup || startsWith(o.s, '\\frac') ? cat(PARENS.open, o.s, PARENS.close) : wrapBelow(o, min, PARENS).s;
}

function spellNumber(v: Rational): Out {
  const sign = v.compare(0) < 0 ? '-' : '';
  const a = v.abs();
  if (a.d === 1n) return out(sign + a.n.toString(), sign ? Prec.Unary : Prec.Atom);
  return out(`${sign}\\frac{${a.n}}{${a.d}}`, sign ? Prec.Unary : Prec.Atom);
}

const fn =
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
const op = (name: string) => fn(`\\operatorname{${name}}`);

const CALLS: Record<CallOp, (args: readonly Out[]) => Out> = {
  exp: fn('\\exp'),
  log: fn('\\log'),
  sin: fn('\\sin'),
  cos: fn('\\cos'),
  tan: fn('\\tan'),
  tanh: fn('\\tanh'),
  sigmoid: fn('\\sigma'),
  softplus: op('softplus'),
  sign: op('sign'),
  log1p: op('log1p'),
  expm1: op('expm1'),
  relu: op('relu'),
  sqrt: ([a]) => out(cat('\\sqrt{', a.s, '}'), Prec.Atom),
  abs: ([a]) => out(cat('\\left|', a.s, '\\right|'), Prec.Atom),
  sum: op('sum'),
  norm2: ([a]) => out(cat('\\left\\lVert ', a.s, ' \\right\\rVert'), Prec.Atom),
  norm1: ([a]) => out(cat('\\left\\lVert ', a.s, ' \\right\\rVert_{1}'), Prec.Atom),
  tr: op('tr'),
  det: fn('\\det'),
  logdet: fn('\\log\\det'),
  inv: ([a]) => out(cat(base(a, Prec.Postfix), '^{-1}'), Prec.Postfix, { sup: true }),
  diagm: op('diag'),
  diagv: op('diag'),
  logsumexp: op('logsumexp'),
  softmax: op('softmax'),
  max: op('max'),
  min: op('min'),
  kron: ([a, b]) => out(cat(wrapBelow(a, Prec.Power, PARENS).s, ' \\otimes ', wrapBelow(b, Prec.Power, PARENS).s), Prec.Product),
  vec: op('vec'),
  commutation: ([m, n]) => out(cat('K_{', m.s, ',', n.s, '}'), Prec.Atom),
};

/** A positive juxtaposed product of single letters and integers (`A x`, `2 x`, `A^{\\top} x`). */
const letter = (f: Doc): boolean =>
  f.kind === 'number'
    ? f.value.d === 1n && f.value.compare(0) > 0
    : f.kind === 'name'
      ? isOneLetter(f.name)
      : f.kind === 'transpose' && f.body.kind === 'name' && isOneLetter(f.body.name);
const letters = (d: Doc): boolean => d.kind === 'product' && !d.neg && d.factors.every(letter);

const dim = (d: Dim): string => (typeof d === 'number' ? `${d}` : latexName(d));
const MATRIX = { ones: '\\mathbf{1}', zeros: '\\mathbf{0}', eye: 'I' } as const;

const LATEX: Notation = {
  name: ({ doc }) => out(latexName(doc.name), Prec.Atom),
  ref: ({ doc }) => out(refName(doc.ref), Prec.Atom),
  number: ({ doc }) => spellNumber(doc.value),
  sum: (c) => spellSum(c, { plus: ' + ', minus: ' - ', lead: '-' }, PARENS),
  product: (c) => {
    // −(p ⊘ q) is written −p ⊘ q: (−p) ⊘ q is the same value.
    if (c.doc.neg && c.kids.length === 1 && c.doc.factors[0].kind === 'hadamard') return out(cat('-', c.kids[0].s), Prec.Sum);
    const s = cat(
      c.doc.neg ? '-' : '',
      join(
        c.kids.map((k) => wrapBelow(k, Prec.Unary, PARENS).s),
        ' ',
      ),
    );
    return out(s, productPrec(c, c.kids[0]));
  },
  frac: ({ doc, kids }) => {
    const group = (ks: readonly Out[]): Rope =>
      ks.length === 1
        ? ks[0].s
        : join(
            ks.map((k) => wrapBelow(k, Prec.Unary, PARENS).s),
            ' ',
          );
    const above = kids.slice(0, doc.numer.length);
    const num = above.length === 0 ? `${doc.num}` : group(doc.num.equals(1) ? above : [spellNumber(doc.num), ...above]);
    return out(cat('\\frac{', num, '}{', group(kids.slice(doc.numer.length)), '}'), Prec.Atom);
  },
  hadamard: ({ doc, kids }) => {
    const factors = kids.slice(0, doc.factors.length).map((k) => wrapBelow(k, Prec.Product, PARENS).s);
    // As in Unicode: a juxtaposed product of letters binds tighter than ⊘ (y ⊘ A x).
    const divisor = (k: Out, i: number) => (letters(doc.divisors[i]) ? k.s : wrapBelow(k, Prec.Power, PARENS).s);
    const divisors = kids.slice(doc.factors.length).map((k, i) => cat(' \\oslash ', divisor(k, i)));
    return out(join([factors.length ? join(factors, ' \\odot ') : '1', ...divisors], ''), Prec.Product);
  },
  power: ({ doc, kids: [b, e] }) => out(cat(base(b, Prec.Postfix), doc.elementwise ? '^{\\circ ' : '^{', e.s, '}'), Prec.Power, { sup: true }),
  transpose: ({ doc, kids: [body], get }) => {
    const inner = doc.body;
    if (inner.kind === 'call' && inner.fn === 'inv') return out(cat(base(get(inner.args[0]), Prec.Postfix), '^{-\\top}'), Prec.Postfix, { sup: true });
    return out(cat(base(body, Prec.Postfix), '^{\\top}'), Prec.Postfix, { sup: true });
  },
  call: ({ doc, kids }) => CALLS[doc.fn](kids),
  matrix: ({ doc }) => {
    const size = doc.which === 'eye' || doc.cols === 1 ? dim(doc.rows) : `${dim(doc.rows)} \\times ${dim(doc.cols)}`;
    return out(`${MATRIX[doc.which]}_{${size}}`, Prec.Atom);
  },
};

const refName = (r: Ref): string => `t_{${r.index}}`;

/** `\begin{aligned} &result \\ &\text{where} \\ t_{1} &= … \end{aligned}`, one line each. */
const ALIGNED: Form = {
  notation: LATEX,
  display: true,
  assemble: (bindings, result) =>
    join(
      [
        '\\begin{aligned}',
        cat('&', result, ' \\\\'),
        '&\\text{where} \\\\',
        join(
          bindings.map((b) => cat(refName(b.ref), ' &= ', b.s)),
          ' \\\\\n',
        ),
        '\\end{aligned}',
      ],
      '\n',
    ),
};

export const printLatex = (n: Node): string => printIn(n, ALIGNED);
export const printLatexWith = (n: Node, opts: PrintOptions): string => printIn(n, ALIGNED, opts);
