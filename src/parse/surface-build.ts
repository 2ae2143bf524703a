/**
 * The typed builder functions the grammar's postprocessors call (and nothing else).
 * Each takes tokens and subtrees and returns a surface node with its source range.
 * They must not mutate their arguments: an Earley parser may share partial results.
 */
import { Span } from '../core/errors';
import { Token } from './lexer';
import { BinaryOp, ConsList, DimArg, Expr, SurfaceStatement, TypeSpec } from './surface';

interface Spanned {
  readonly span: Span;
}

export const between = (a: Spanned, b: Spanned): Span => ({ start: a.span.start, end: b.span.end });

const BINARY_OPS: ReadonlySet<string> = new Set<BinaryOp>(['+', '-', '*', '/', '.*', './', '^', '.^']);

export const number = (t: Token): Expr => ({ kind: 'number', text: t.text, span: t.span });

export const name = (t: Token): Expr => ({ kind: 'name', name: t.value, span: t.span });

export const call = (fn: Token, args: ConsList<Expr> | null, close: Token): Expr => {
  const list: Expr[] = [];
  for (let l = args ?? undefined; l; l = l.before) list.push(l.last);
  return { kind: 'call', name: fn.value, nameSpan: fn.span, args: list.reverse(), span: between(fn, close) };
};

export function binary(left: Expr, op: Token, right: Expr): Expr {
  if (!BINARY_OPS.has(op.value)) throw new Error(`internal: ${op.value} is not a binary operator`);
  return { kind: 'binary', op: op.value as BinaryOp, left, right, opSpan: op.span, span: between(left, right) };
}

export const negate = (minus: Token, arg: Expr): Expr => ({ kind: 'negate', arg, span: between(minus, arg) });

export const transpose = (arg: Expr, quote: Token): Expr => ({ kind: 'transpose', arg, span: between(arg, quote) });

export const paren = (open: Token, inner: Expr, close: Token): Expr => ({ kind: 'paren', inner, span: between(open, close) });

export const list = <T>(first: T): ConsList<T> => ({ last: first });

export const append = <T>(before: ConsList<T>, last: T): ConsList<T> => ({ last, before });

export const dim = (t: Token): DimArg => ({ text: t.value, isNumber: t.type === 'number', span: t.span });

export const typeSpec = (typeName: Token, args?: ConsList<DimArg>, close?: Token): TypeSpec => {
  const list: DimArg[] = [];
  for (let l = args; l; l = l.before) list.push(l.last);
  return { name: typeName.value, args: close ? list.reverse() : undefined, span: close ? between(typeName, close) : typeName.span };
};

export const declaration = (n: Token, type: TypeSpec): SurfaceStatement => ({
  kind: 'declaration',
  name: n.value,
  nameSpan: n.span,
  type,
  span: between(n, type),
});

export const definition = (n: Token, body: Expr): SurfaceStatement => ({
  kind: 'definition',
  name: n.value,
  nameSpan: n.span,
  body,
  span: between(n, body),
});

export const expression = (body: Expr): SurfaceStatement => ({ kind: 'expression', body, span: body.span });
