/**
 * The text printer: the input notation, re-parseable (`parse(printText(e))` is the same node).
 * Minimal parentheses by the grammar's precedence; products of single letters nested inside
 * a larger expression are written tight (`sigmoid(A*x) - b`), the others spaced (`2 * S * x`).
 *
 * The same spelling with the parser's Unicode aliases (`·`, `⊙`, `−`, `ᵀ`, `σ`) is the
 * re-parseable variant of the Unicode printer (`printUnicode(n, { parseable: true })`).
 *
 * A result too large to write out (./share.ts) is printed as definitions of its shared
 * subexpressions, one a line, then the expression using them, which the parser reads as a
 * program whose result is the same node:
 *
 *     t1 = exp(A*x - b)
 *     t2 = sum(t1)
 *     A' * (t1 / t2)
 */
import { Node } from '../core/graph';
import { Rational } from '../core/rational';
import { CallOp, Prec } from './doc';
import { Form, PrintOptions, printIn, spelled } from './printer';
import { Delims, Notation, Out, out, productPrec, spellSum, wrapBelow } from './render';
import { cat, flatten, join } from './rope';

export interface TextSymbols {
  readonly times: string;
  readonly tightTimes: string;
  readonly plus: string;
  readonly minus: string;
  /** A leading (unary) minus. */
  readonly lead: string;
  readonly etimes: string;
  readonly quote: string;
  readonly functions: Record<CallOp, string>;
}

const FUNCTION_NAMES: Record<CallOp, string> = {
  exp: 'exp',
  log: 'log',
  sqrt: 'sqrt',
  sin: 'sin',
  cos: 'cos',
  tan: 'tan',
  tanh: 'tanh',
  sigmoid: 'sigmoid',
  softplus: 'softplus',
  abs: 'abs',
  sign: 'sign',
  log1p: 'log1p',
  expm1: 'expm1',
  relu: 'relu',
  sum: 'sum',
  norm2: 'norm2',
  norm1: 'norm1',
  tr: 'tr',
  det: 'det',
  logdet: 'logdet',
  inv: 'inv',
  diagm: 'diag',
  diagv: 'diag',
  logsumexp: 'logsumexp',
  softmax: 'softmax',
  kron: 'kron',
  max: 'max',
  min: 'min',
  vec: 'vec',
  commutation: 'commutation',
};

export const ASCII: TextSymbols = {
  times: ' * ',
  tightTimes: '*',
  plus: ' + ',
  minus: ' - ',
  lead: '-',
  etimes: ' .* ',
  quote: "'",
  functions: FUNCTION_NAMES,
};

/** The parser's Unicode aliases: still the input notation, so still re-parseable. */
export const UNICODE_ALIASES: TextSymbols = {
  times: ' · ',
  tightTimes: '·',
  plus: ' + ',
  minus: ' − ',
  lead: '−',
  etimes: ' ⊙ ',
  quote: 'ᵀ',
  functions: { ...FUNCTION_NAMES, sigmoid: 'σ' },
};

const PARENS: Delims = { open: '(', close: ')' };

/** An exact rational as the notation writes it: `3`, `-3`, `1/2`, `-1/2`. */
function spellNumber(v: Rational, lead: string): Out {
  const sign = v.compare(0) < 0 ? lead : '';
  const a = v.abs();
  if (a.d === 1n) return out(sign + a.n.toString(), sign ? Prec.Unary : Prec.Atom, { short: !sign });
  return out(`${sign}${a.n}/${a.d}`, Prec.Product);
}

export function textNotation(sym: TextSymbols): Notation {
  const operand = (o: Out) => wrapBelow(o, Prec.Power, PARENS).s; // a right operand of * / .* ./
  return {
    name: ({ doc }) => out(doc.name, Prec.Atom, { short: doc.name.length === 1 }),
    ref: ({ doc }) => out(doc.ref.name, Prec.Atom),
    number: ({ doc }) => spellNumber(doc.value, sym.lead),
    sum: (c) => spellSum(c, sym, PARENS),
    product: (c) => {
      const [first, ...rest] = c.kids;
      const tight = !c.root && c.kids.every((k) => k.short);
      const parts = [wrapBelow(first, Prec.Product, PARENS).s, ...rest.map(operand)];
      const s = cat(c.doc.neg ? sym.lead : '', join(parts, tight ? sym.tightTimes : sym.times));
      return out(s, productPrec(c, first));
    },
    frac: ({ doc, kids }) => {
      const above = kids.slice(0, doc.numer.length).map(operand);
      const num = above.length === 0 ? doc.num.toString() : join(doc.num.equals(1) ? above : [doc.num.toString(), ...above], sym.tightTimes);
      return out(join([num, ...kids.slice(doc.numer.length).map(operand)], '/'), Prec.Product);
    },
    hadamard: ({ doc, kids }) => {
      const factors = kids.slice(0, doc.factors.length);
      const head = factors.length ? wrapBelow(factors[0], Prec.Product, PARENS).s : '1';
      const tail = [...factors.slice(1).map((k) => cat(sym.etimes, operand(k))), ...kids.slice(doc.factors.length).map((k) => cat(' ./ ', operand(k)))];
      return out(join([head, ...tail], ''), Prec.Product);
    },
    power: ({ doc, kids: [base, exp] }) =>
      out(cat(wrapBelow(base, Prec.Postfix, PARENS).s, doc.elementwise ? '.^' : '^', wrapBelow(exp, Prec.Power, PARENS).s), Prec.Power),
    transpose: ({ kids: [body] }) => out(cat(wrapBelow(body, Prec.Postfix, PARENS).s, sym.quote), Prec.Postfix, { short: body.short }),
    call: ({ doc, kids }) =>
      out(
        cat(
          sym.functions[doc.fn],
          '(',
          join(
            kids.map((k) => k.s),
            ', ',
          ),
          ')',
        ),
        Prec.Atom,
        { call: true },
      ),
    matrix: ({ doc }) => {
      const dims = doc.which === 'eye' || doc.cols === 1 ? `${doc.rows}` : `${doc.rows}, ${doc.cols}`;
      return out(`${doc.which}(${dims})`, Prec.Atom, { call: true });
    },
  };
}

/** Definitions one a line, then the expression: a program the parser reads back. */
export const definitionsForm = (notation: Notation): Form => ({
  notation,
  assemble: (bindings, result) => join([...bindings.map((b) => cat(b.ref.name, ' = ', b.s)), result], '\n'),
});

const TEXT = definitionsForm(textNotation(ASCII));

/**
 * `n` in the input notation: parsing it in the same scope (as a program, when it has
 * definitions) gives back `n`. With options: `print(n, 'text', { reserved: scope.names() })`
 * keeps the definitions' names clear of every name of that scope.
 */
export const printText = (n: Node): string => printIn(n, TEXT);
export const printTextWith = (n: Node, opts: PrintOptions): string => printIn(n, TEXT, opts);

export interface TextDefinitions {
  /** The shared subexpressions' definitions, each after those it mentions (often none). */
  readonly definitions: ReadonlyArray<{ readonly name: string; readonly text: string }>;
  /** The expression, mentioning the definitions by name. */
  readonly expression: string;
}

/** `printText` in parts, for callers that write the definitions and the expression themselves. */
export function printTextDefinitions(n: Node, opts: PrintOptions = {}): TextDefinitions {
  const { bindings, result } = spelled(n, TEXT, opts);
  return { definitions: bindings.map((b) => ({ name: b.ref.name, text: flatten(b.s) })), expression: flatten(result) };
}
