/**
 * The pipeline of the textual printers: choose the subexpressions to name (./share.ts), lay
 * out (./layout.ts), spell in one notation (./render.ts), put the bindings and the result
 * together in that format's way.
 */
import { Node, topoOrder } from '../core/graph';
import { layoutNamed } from './layout';
import { Notation, spellAll } from './render';
import { Rope, flatten } from './rope';
import { Ref, SHARING, SharingRules, fitsInline, sharedNames } from './share';

export interface PrintOptions {
  /**
   * Names the printed bindings must not take, beyond the variables and dimension symbols of
   * the expression itself: every name of the scope the text will be parsed in (`scope.names()`).
   */
  readonly reserved?: Iterable<string>;
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
}

/** The bindings and the result of `root`, spelled. */
function spell(root: Node, nodes: readonly Node[], named: ReadonlyMap<Node, Ref>, form: Form) {
  const laid = layoutNamed(root, nodes, named);
  const roots = [...laid.bindings.map((b) => b.doc), laid.result];
  const spelled = spellAll(roots, form.notation);
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
  const nodes = topoOrder([root]);
  const named = fitsInline(root, nodes, rules) ? new Map<Node, Ref>() : sharedNames(root, nodes, opts.reserved, rules);
  return spell(root, nodes, named, form);
}

/** `root` printed in `form`: the result alone, or with its bindings in the format's way. */
export function printIn(root: Node, form: Form, opts: PrintOptions = {}): string {
  const { bindings, result } = spelled(root, form, opts);
  return flatten(bindings.length === 0 ? result : form.assemble(bindings, result));
}
