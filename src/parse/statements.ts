/**
 * Statements: declarations introduce variables and dimension symbols, definitions name
 * an expression (inlined wherever the name is used), expressions are results.
 * All changes go into a ScopeDraft; the caller commits it once the whole input is good.
 */
import * as build from '../core/build';
import { Shape } from '../core/dims';
import { MatdiffError, Span } from '../core/errors';
import { Node } from '../core/graph';
import { declarationText, declaredType } from './declarations';
import { ElaborationContext, elaborateExpr } from './elaborate';
import { Binding } from './scope';
import { SurfaceStatement } from './surface';

export type Statement =
  | {
      readonly kind: 'declaration';
      readonly name: string;
      readonly span: Span;
      readonly node: Node;
      readonly shape: Shape;
      readonly symmetric: boolean;
    }
  | { readonly kind: 'definition'; readonly name: string; readonly span: Span; readonly node: Node }
  | { readonly kind: 'expression'; readonly span: Span; readonly node: Node };

const at = (s: Span) => `line ${s.start.line}, column ${s.start.col}`;

const KIND_WORDS: Record<Binding['kind'], string> = {
  declaration: 'declared as a variable',
  definition: 'defined',
  dimension: 'a dimension symbol',
};

function alreadyBound(name: string, b: Binding, span: Span, hint: string): MatdiffError {
  const verb = b.kind === 'declaration' ? 'is already declared' : `is already ${KIND_WORDS[b.kind]}`;
  const why = b.kind === 'dimension' ? `\`${name}\` stands for a size in a declaration; ` : '';
  return new MatdiffError('name', `\`${name}\` ${verb} (at ${at(b.entry.span)})`, span, why + hint);
}

/**
 * `redefine` (a REPL session): a declaration identical to the existing one is accepted and
 * changes nothing, so that a file can be loaded again after an edit; a different one is an error.
 */
function declare(s: Extract<SurfaceStatement, { kind: 'declaration' }>, ctx: ElaborationContext, redefine = false): Statement {
  const { scope, graph } = ctx;
  const existing = scope.lookup(s.name);
  if (existing && redefine && existing.kind === 'declaration') {
    const e = existing.entry;
    const type = declaredType(s.type);
    const same = build.variable(graph, s.name, type.shape, type.symmetric, type.domain) === e.node;
    if (same) return { kind: 'declaration', name: s.name, span: s.span, node: e.node, shape: e.shape, symmetric: e.symmetric };
    const was = declarationText(e.shape, e.symmetric, e.domain);
    throw alreadyBound(
      s.name,
      existing,
      s.nameSpan,
      `it is declared ${s.name} : ${was}; declaring it again is allowed only with the same type (${was}); choose another name for the new type`,
    );
  }
  if (existing) throw alreadyBound(s.name, existing, s.nameSpan, 'each name is declared once; choose another name');
  const type = declaredType(s.type);
  for (const d of type.symbols) {
    if (d.text === s.name)
      throw new MatdiffError('name', `\`${d.text}\` cannot be both a variable and its own dimension`, d.span, 'use another symbol for the dimension, e.g. n');
    const b = scope.lookup(d.text);
    if (b && b.kind !== 'dimension')
      throw new MatdiffError(
        'name',
        `\`${d.text}\` is ${KIND_WORDS[b.kind]} (at ${at(b.entry.span)}), so it cannot be a dimension`,
        d.span,
        'dimension symbols and variable names must differ; use another symbol for the dimension',
      );
    if (!b) scope.dimensions.set(d.text, { name: d.text, span: d.span });
  }
  const node = build.variable(graph, s.name, type.shape, type.symmetric, type.domain);
  scope.declarations.set(s.name, { name: s.name, node, shape: type.shape, symmetric: type.symmetric, domain: type.domain, span: s.span });
  return { kind: 'declaration', name: s.name, span: s.span, node, shape: type.shape, symmetric: type.symmetric };
}

function define(s: Extract<SurfaceStatement, { kind: 'definition' }>, ctx: ElaborationContext, redefine: boolean): Statement {
  const existing = ctx.scope.lookup(s.name);
  if (existing && !(redefine && existing.kind === 'definition'))
    throw alreadyBound(s.name, existing, s.nameSpan, 'a definition introduces a new name; choose another name');
  const node = elaborateExpr(s.body, ctx);
  ctx.scope.definitions.set(s.name, { name: s.name, node, span: s.span });
  return { kind: 'definition', name: s.name, span: s.span, node };
}

export function elaborateStatements(statements: readonly SurfaceStatement[], ctx: ElaborationContext, redefine: boolean): Statement[] {
  return statements.map((s) => {
    switch (s.kind) {
      case 'declaration':
        return declare(s, ctx, redefine);
      case 'definition':
        return define(s, ctx, redefine);
      case 'expression':
        return { kind: 'expression', span: s.span, node: elaborateExpr(s.body, ctx) };
    }
  });
}

/** The program's value: its last expression statement, else its last definition. */
export function resultOf(statements: readonly Statement[]): Node | undefined {
  let lastDefinition: Node | undefined;
  for (let i = statements.length - 1; i >= 0; i--) {
    const s = statements[i];
    if (s.kind === 'expression') return s.node;
    if (s.kind === 'definition' && !lastDefinition) lastDefinition = s.node;
  }
  return lastDefinition;
}
