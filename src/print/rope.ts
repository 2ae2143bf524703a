/**
 * Ropes: the printers' strings. Each spelled Doc is built from its children's spellings, so
 * with plain strings a deep expression copies its text once per level (quadratic), and the
 * few questions a printer asks about a child's text (`starts with "("`, `ends in ⁻ᵀ`) would
 * flatten V8's own cons strings at every level. A rope concatenates in time proportional to
 * its number of parts, knows its length, keeps its first and last characters at hand, and is
 * flattened once, iteratively, when the whole text is done.
 */

/** How many characters of each end a rope keeps at hand (more than any question asks). */
const EDGE = 32;

export type Rope = string | Cat;

export class Cat {
  readonly length: number;
  readonly head: string;
  readonly tail: string;

  constructor(readonly parts: readonly Rope[]) {
    let length = 0;
    for (const p of parts) length += p.length;
    this.length = length;
    let head = '';
    for (let i = 0; i < parts.length && head.length < EDGE; i++) head += headOf(parts[i]);
    this.head = head.slice(0, EDGE);
    let tail = '';
    for (let i = parts.length - 1; i >= 0 && tail.length < EDGE; i--) tail = tailOf(parts[i]) + tail;
    this.tail = tail.length > EDGE ? tail.slice(tail.length - EDGE) : tail;
  }

  /** A rope in a template literal or `+` is a bug: it would print "[object Object]". */
  toString(): string {
    throw new Error('internal: a rope used as a string (use cat/flatten)');
  }
  [Symbol.toPrimitive](): string {
    return this.toString();
  }
}

const headOf = (r: Rope): string => (typeof r === 'string' ? r.slice(0, EDGE) : r.head);
const tailOf = (r: Rope): string => (typeof r === 'string' ? (r.length > EDGE ? r.slice(r.length - EDGE) : r) : r.tail);

/** The parts one after the other. */
export const cat = (...parts: Rope[]): Rope => (parts.length === 1 ? parts[0] : new Cat(parts));

/** The parts with `sep` between them (`Array.prototype.join` for ropes). */
export function join(parts: readonly Rope[], sep: string): Rope {
  if (parts.length === 1) return parts[0];
  const all: Rope[] = [];
  parts.forEach((p, i) => {
    if (i > 0 && sep) all.push(sep);
    all.push(p);
  });
  return new Cat(all);
}

/** Does the text start with `prefix` (at most 32 characters)? */
export const startsWith = (r: Rope, prefix: string): boolean => headOf(r).startsWith(prefix);

/** The last (up to) 32 characters, for questions about how the text ends. */
export const ending = (r: Rope): string => tailOf(r);

/** The text as one string. Iterative: ropes nested 20,000 deep are fine. */
export function flatten(r: Rope): string {
  if (typeof r === 'string') return r;
  const chunks: string[] = [];
  const stack: Rope[] = [r];
  while (stack.length) {
    const x = stack.pop()!;
    if (typeof x === 'string') chunks.push(x);
    else for (let i = x.parts.length - 1; i >= 0; i--) stack.push(x.parts[i]);
  }
  return chunks.join('');
}
