/**
 * The display tree shared by the textual printers. `layout.ts` turns a core node into a Doc,
 * making every display decision that does not depend on the notation (which terms are
 * subtracted, the order of terms, which factors form a fraction, which transposes are shown
 * on a whole sum); each notation then only spells the Doc (`render.ts` + one file per format).
 *
 * Docs are plain immutable data; a Doc may be shared by several parents (a DAG, like the graph).
 */
import { Dim } from '../core/dims';
import { ElementwiseOp } from '../core/ops';
import { Rational } from '../core/rational';
import { Ref } from './share';

/** The core ops a printer shows as a function of its argument(s). */
export type CallOp =
  | ElementwiseOp
  | 'sum'
  | 'norm2'
  | 'norm1'
  | 'tr'
  | 'det'
  | 'logdet'
  | 'inv'
  | 'diagm'
  | 'diagv'
  | 'logsumexp'
  | 'softmax'
  | 'kron'
  | 'vec'
  | 'commutation'
  | 'max'
  | 'min';

export interface Term {
  /** Shown subtracted (`- body`), or with a leading minus when first. */
  readonly neg: boolean;
  readonly body: Doc;
}

export type Doc =
  /** A variable or a dimension symbol. */
  | { readonly kind: 'name'; readonly name: string }
  /** A named subexpression (./share.ts), defined in a binding printed with the result. */
  | { readonly kind: 'ref'; readonly ref: Ref }
  /** An exact rational literal (negative only when it stands alone, outside a sum). */
  | { readonly kind: 'number'; readonly value: Rational }
  /** Terms in display order; scalar terms broadcast. */
  | { readonly kind: 'sum'; readonly terms: readonly Term[] }
  /** Scaling and matrix products (`*`, juxtaposition), with an optional leading minus. */
  | { readonly kind: 'product'; readonly neg: boolean; readonly factors: readonly Doc[] }
  /**
   * `num numer[0] numer[1] ... / den[0] / den[1] ...`: a positive integer coefficient and
   * scalar factors (often none) over scalar factors.
   */
  | { readonly kind: 'frac'; readonly num: Rational; readonly numer: readonly Doc[]; readonly den: readonly Doc[] }
  /** Elementwise product `a .* b ./ c`; an empty `factors` means a numerator of 1. */
  | { readonly kind: 'hadamard'; readonly factors: readonly Doc[]; readonly divisors: readonly Doc[] }
  | { readonly kind: 'power'; readonly base: Doc; readonly exp: Doc; readonly elementwise: boolean }
  | { readonly kind: 'transpose'; readonly body: Doc }
  | { readonly kind: 'call'; readonly fn: CallOp; readonly args: readonly Doc[] }
  | { readonly kind: 'matrix'; readonly which: 'ones' | 'zeros' | 'eye'; readonly rows: Dim; readonly cols: Dim };

export type DocKind = Doc['kind'];

/** Binding strength, loosest first, as in the notation's grammar. */
export const Prec = {
  Sum: 1, // + -
  Product: 2, // * / .* ./ and juxtaposition
  Unary: 3, // leading -
  Power: 4, // ^ .^ (right-associative)
  Postfix: 5, // '
  Atom: 6, // names, integers, calls, parenthesized groups
} as const;
export type Prec = (typeof Prec)[keyof typeof Prec];

/** The direct children of a doc, in display order (for the iterative renderer). */
export function docChildren(d: Doc): readonly Doc[] {
  switch (d.kind) {
    case 'sum':
      return d.terms.map((t) => t.body);
    case 'product':
      return d.factors;
    case 'frac':
      return [...d.numer, ...d.den];
    case 'hadamard':
      return [...d.factors, ...d.divisors];
    case 'power':
      return [d.base, d.exp];
    case 'transpose':
      return [d.body];
    case 'call':
      return d.args;
    case 'name':
    case 'ref':
    case 'number':
    case 'matrix':
      return [];
  }
}
