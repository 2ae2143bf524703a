/**
 * The iterative renderer: spells a Doc in one notation. Each notation supplies one spelling
 * function per Doc kind (a `Record<DocKind, ...>`), given its children already spelled;
 * parentheses, signs and joins that all notations share live in the helpers below.
 * No recursion over the tree, and text is built as ropes (./rope.ts), so the time is linear
 * in the output: 20,000-deep and 20,000-wide expressions print in milliseconds.
 */
import { Doc, DocKind, Prec, docChildren } from './doc';
import { Rope, cat, join } from './rope';

/** A spelled Doc and what its parent needs to know to place it. */
export interface Out {
  readonly s: Rope;
  readonly prec: Prec;
  /** A single-letter name or a positive integer, possibly with postfix marks: `A`, `xᵀ`, `2`. */
  readonly short: boolean;
  /** Starts with a function name: `log(...)`. */
  readonly call: boolean;
  /** Ends in a superscript (LaTeX needs braces before another one). */
  readonly sup: boolean;
}

export const out = (s: Rope, prec: Prec, extra: Partial<Omit<Out, 's' | 'prec'>> = {}): Out => ({
  s,
  prec,
  short: false,
  call: false,
  sup: false,
  ...extra,
});

/** What a spelling function gets: the doc and its children's spellings, in `docChildren` order. */
export interface Ctx<K extends DocKind> {
  readonly doc: Extract<Doc, { kind: K }>;
  readonly kids: readonly Out[];
  /** The spelling of any doc already rendered (a grandchild, for special cases like `X⁻ᵀ`). */
  readonly get: (d: Doc) => Out;
  /** True for the whole expression (not nested in anything). */
  readonly root: boolean;
}

export type Notation = { readonly [K in DocKind]: (c: Ctx<K>) => Out };

/** Thrown when a spelling grows past the printer's size limit (./printer.ts reports it). */
export class TooLarge extends Error {
  constructor(readonly limit: number) {
    super(`internal: printed text longer than ${limit} characters`);
  }
}

/**
 * Spell each of `roots` in `notation` (each as a whole expression), sharing the spellings of
 * docs they have in common. Throws TooLarge as soon as any spelling, or all roots together,
 * would be longer than `maxChars`, before the text is ever flattened.
 */
export function spellAll(roots: readonly Doc[], notation: Notation, maxChars: number): Rope[] {
  const done = new Map<Doc, Out>();
  const get = (d: Doc): Out => {
    const o = done.get(d);
    if (!o) throw new Error('internal: doc rendered before its children');
    return o;
  };
  const spell = (d: Doc, isRoot: boolean): Out => {
    const fn = notation[d.kind] as (c: Ctx<DocKind>) => Out;
    const o = fn({ doc: d, kids: docChildren(d).map(get), get, root: isRoot } as Ctx<DocKind>);
    if (o.s.length > maxChars) throw new TooLarge(maxChars);
    return o;
  };
  let total = 0;
  return roots.map((root) => {
    // Post-order over the doc DAG with an explicit stack.
    const stack: Array<{ doc: Doc; kids: readonly Doc[]; next: number }> = [{ doc: root, kids: docChildren(root), next: 0 }];
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (top.next < top.kids.length) {
        const k = top.kids[top.next++];
        if (!done.has(k)) stack.push({ doc: k, kids: docChildren(k), next: 0 });
        continue;
      }
      stack.pop();
      if (top.doc !== root && !done.has(top.doc)) done.set(top.doc, spell(top.doc, false));
    }
    const s = spell(root, true).s;
    total += s.length;
    if (total > maxChars) throw new TooLarge(maxChars);
    return s;
  });
}

// ---------- helpers shared by the notations ----------

export interface Delims {
  readonly open: string;
  readonly close: string;
}

/** `o` in parentheses when its precedence is below `min`. */
export function wrapBelow(o: Out, min: Prec, p: Delims): Out {
  return o.prec >= min ? o : out(cat(p.open, o.s, p.close), Prec.Atom);
}

/** Terms joined with plus and minus; a term that is itself a sum is parenthesized. */
export function spellSum(c: Ctx<'sum'>, sym: { plus: string; minus: string; lead: string }, p: Delims): Out {
  const parts: Rope[] = [];
  c.doc.terms.forEach((t, i) => {
    const body = wrapBelow(c.kids[i], Prec.Product, p).s;
    if (i === 0) parts.push(t.neg ? cat(sym.lead, body) : body);
    else parts.push(cat(t.neg ? sym.minus : sym.plus, body));
  });
  return out(join(parts, ''), Prec.Sum);
}

/** A product's precedence: a signed single factor reads as a unary minus. */
export function productPrec(c: Ctx<'product'>, first: Out): Prec {
  if (c.kids.length > 1) return Prec.Product;
  return c.doc.neg ? (Math.min(Prec.Unary, first.prec) as Prec) : first.prec;
}
