/**
 * The surface syntax tree: what the grammar produces, before names and shapes are resolved.
 * Plain immutable data; every node carries its source range.
 */
import { Span } from '../core/errors';

export type BinaryOp = '+' | '-' | '*' | '/' | '.*' | './' | '^' | '.^';

export type Expr =
  | { readonly kind: 'number'; readonly text: string; readonly span: Span }
  | { readonly kind: 'name'; readonly name: string; readonly span: Span }
  | {
      readonly kind: 'call';
      readonly name: string;
      readonly nameSpan: Span;
      readonly args: readonly Expr[];
      readonly span: Span;
    }
  | {
      readonly kind: 'binary';
      readonly op: BinaryOp;
      readonly left: Expr;
      readonly right: Expr;
      readonly opSpan: Span;
      readonly span: Span;
    }
  | { readonly kind: 'negate'; readonly arg: Expr; readonly span: Span }
  | { readonly kind: 'transpose'; readonly arg: Expr; readonly span: Span }
  | { readonly kind: 'paren'; readonly inner: Expr; readonly span: Span };

/** A dimension in a declaration: a symbol or a (checked later) positive integer. */
export interface DimArg {
  readonly text: string;
  readonly isNumber: boolean;
  readonly span: Span;
}

/** The right side of `x : ...`: `scalar`, `vector(n)`, `matrix(m, n)`, `symmetric(n)`. */
export interface TypeSpec {
  readonly name: string;
  readonly args?: readonly DimArg[]; // undefined when written without parentheses
  readonly span: Span;
}

export type SurfaceStatement =
  | { readonly kind: 'declaration'; readonly name: string; readonly nameSpan: Span; readonly type: TypeSpec; readonly span: Span }
  | { readonly kind: 'definition'; readonly name: string; readonly nameSpan: Span; readonly body: Expr; readonly span: Span }
  | { readonly kind: 'expression'; readonly body: Expr; readonly span: Span };

/** A persistent (cons) list, so a left-recursive grammar rule appends in O(1) without mutation. */
export interface ConsList<T> {
  readonly last: T;
  readonly before?: ConsList<T>;
}

export function consToArray<T>(list: ConsList<T> | undefined): T[] {
  const out: T[] = [];
  for (let l = list; l; l = l.before) out.push(l.last);
  return out.reverse();
}
