/**
 * The pipeline of the textual printers: choose the subexpressions to name (./share.ts), lay
 * out (./layout.ts), spell in one notation (./render.ts), put the bindings and the result
 * together in that format's way, and keep the size bounded.
 *
 * Size: text longer than `maxChars` (16,000,000 by default) is never built. If the result
 * written out in full would be longer, it is printed with its shared subexpressions named;
 * if even that is longer, the printer throws an UnsupportedError pointing at the JSON format
 * (a graph, linear in the result's size) and at evaluating or compiling instead of printing.
 */
import { UnsupportedError } from '../core/errors';
import { Node, topoOrder } from '../core/graph';
import { layoutNamed } from './layout';
import { Notation, TooLarge, spellAll } from './render';
import { Rope, flatten } from './rope';
import { Ref, SHARING, SharingRules, fitsInline, sharedNames } from './share';

export const MAX_CHARS = 16_000_000;

export interface PrintOptions {
  /**
   * Names the printed bindings must not take, beyond the variables and dimension symbols of
   * the expression itself: every name of the scope the text will be parsed in (`scope.names()`).
   */
  readonly reserved?: Iterable<string>;
  /** The longest text the printer builds (default MAX_CHARS). */
  readonly maxChars?: number;
  /** When and what to name (default SHARING). */
  readonly sharing?: SharingRules;
}

/** A named subexpression and its spelled definition. */
export interface SpelledBinding {
  readonly ref: Ref;
  readonly s: Rope;
}

/** One format: its notation, and how it writes a result with bindings (never called without). */
export interface Form {
  readonly notation: Notation;
  readonly assemble: (bindings: readonly SpelledBinding[], result: Rope) => Rope;
  /**
   * A display form (Unicode, LaTeX), not read back by the parser: the layout may show a node
   * the text would not parse back to, of the same value (src/print/layout.ts).
   */
  readonly display?: boolean;
}

/** The bindings and the result of `root`, spelled; throws TooLarge past `maxChars`. */
function spell(root: Node, nodes: readonly Node[], named: ReadonlyMap<Node, Ref>, form: Form, maxChars: number) {
  const laid = layoutNamed(root, nodes, named, { display: form.display });
  const roots = [...laid.bindings.map((b) => b.doc), laid.result];
  const spelled = spellAll(roots, form.notation, maxChars);
  const bindings = laid.bindings.map((b, i) => ({ ref: b.ref, s: spelled[i] }));
  return { bindings, result: spelled[spelled.length - 1] };
}

export interface Spelled {
  readonly bindings: readonly SpelledBinding[];
  readonly result: Rope;
}

/** `root` spelled in `form`'s notation, with names where its size calls for them. */
export function spelled(root: Node, form: Form, opts: PrintOptions = {}): Spelled {
  const rules = opts.sharing ?? SHARING;
  const maxChars = opts.maxChars ?? MAX_CHARS;
  const nodes = topoOrder([root]);
  const names = () => sharedNames(root, nodes, opts.reserved, rules);
  try {
    return spell(root, nodes, fitsInline(root, nodes, rules) ? new Map() : names(), form, maxChars);
  } catch (e) {
    if (!(e instanceof TooLarge)) throw e;
  }
  // Written out in full it was too long (or so near the limit that the bindings pushed it over):
  // name whatever is shared, whatever the tree's size.
  try {
    const named = names();
    if (named.size > 0) return spell(root, nodes, named, form, maxChars);
  } catch (e) {
    if (!(e instanceof TooLarge)) throw e;
  }
  throw tooLarge(nodes.length, maxChars);
}

const tooLarge = (nodes: number, maxChars: number): UnsupportedError =>
  new UnsupportedError(
    `the result is too large to print: more than ${maxChars.toLocaleString('en-US')} characters, ` +
      `even with its shared subexpressions named (${nodes.toLocaleString('en-US')} distinct subexpressions)`,
    undefined,
    'print it as a graph with --format json, or evaluate or compile it (matdiff eval, matdiff compile) instead of printing it',
  );

/** `root` printed in `form`: the result alone, or with its bindings in the format's way. */
export function printIn(root: Node, form: Form, opts: PrintOptions = {}): string {
  const maxChars = opts.maxChars ?? MAX_CHARS;
  const { bindings, result } = spelled(root, form, opts);
  if (bindings.length === 0) return flatten(result);
  const whole = form.assemble(bindings, result);
  if (whole.length > maxChars) throw tooLarge(topoOrder([root]).length, maxChars);
  return flatten(whole);
}
