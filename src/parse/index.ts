/**
 * The parser's public API: source text in the matdiff notation to core graph nodes.
 *
 *   const p = parseProgram('x : vector(n)\nx\' * x');
 *   p.result  // the node for x'x, in p.graph; p.scope knows x and n
 *
 * Every error a user can cause is a MatdiffError with a source range (format it with
 * formatError from src/core/report.ts).
 */
import { requireGraph, requireOptions, requireString } from '../core/args';
import { MatdiffError } from '../core/errors';
import { Graph, Node } from '../core/graph';
import { ElaborationContext, Extension, elaborateExpr } from './elaborate';
import { FUNCTIONS } from './functions';
import { endOf, pointSpan } from './lexer';
import { parseSurface } from './parser';
import { Scope } from './scope';
import { Statement, elaborateStatements, resultOf } from './statements';

export { Scope, newScope, definitionName } from './scope';
export type { Binding, Declaration, Definition, DimensionSymbol } from './scope';
export type { Statement } from './statements';
export type { Extension } from './elaborate';
export { FUNCTIONS } from './functions';
export type { FunctionSpec } from './functions';

export interface ParseOptions {
  /** The session's store (a new one if absent). */
  readonly graph?: Graph;
  /** Names from earlier input (a new scope if absent); updated only if the whole input is good. */
  readonly scope?: Scope;
  /** The name errors are reported under. */
  readonly file?: string;
  /** Extra functions, e.g. `grad(f, x)` from the API layer. Built-in names take precedence and may not be reused. */
  readonly extensions?: ReadonlyMap<string, Extension>;
  /** Allow `J = ...` to replace an earlier definition of J (the REPL); otherwise it is an error. */
  readonly redefine?: boolean;
}

export interface Program {
  readonly graph: Graph;
  readonly scope: Scope;
  readonly source: string;
  readonly file: string;
  readonly statements: Statement[];
  /** The last expression statement, else the last definition's node. */
  readonly result?: Node;
}

export const DEFAULT_FILE = '<input>';

function context(source: string, graph: Graph, scope: Scope, opts: ParseOptions): ElaborationContext {
  const extensions = opts.extensions ?? new Map<string, Extension>();
  for (const name of extensions.keys())
    if (FUNCTIONS.has(name))
      throw new MatdiffError('usage', `extension \`${name}\` would hide the built-in function of that name`, undefined, 'give the extension another name');
  return { graph, scope: scope.draft(), source, extensions };
}

/** Parse and elaborate a program. On error nothing in `opts.scope` changes. */
export function parseProgram(source: string, opts: ParseOptions = {}): Program {
  requireString(source, 'parseProgram: the source', 'pass the program text, e.g. "x : vector(n)\\nx\' * x"');
  requireOptions(opts, 'parseProgram: the options');
  const graph = opts.graph ?? new Graph();
  const scope = opts.scope ?? new Scope();
  const surface = parseSurface(source);
  const ctx = context(source, graph, scope, opts);
  const statements = elaborateStatements(surface, ctx, opts.redefine ?? false);
  ctx.scope.commit();
  return { graph, scope, source, file: opts.file ?? DEFAULT_FILE, statements, result: resultOf(statements) };
}

/**
 * One expression in the context of `scope` (e.g. a hand-derived gradient to check).
 * The scope is only read: an expression cannot declare or define anything.
 */
export function parseExpression(source: string, scope: Scope, graph: Graph, opts: Omit<ParseOptions, 'graph' | 'scope'> = {}): Node {
  requireString(source, 'parseExpression: the expression', 'pass the expression text, e.g. "2*A*x"');
  requireGraph(graph, 'parseExpression: the graph');
  if (!(scope instanceof Scope))
    throw new MatdiffError('usage', 'parseExpression: the scope must be a Scope', undefined, 'pass program.scope and program.graph of a parsed program');
  const surface = parseSurface(source);
  if (surface.length === 0)
    throw new MatdiffError('syntax', 'expected an expression, found nothing', pointSpan(endOf(source)), 'write one expression, e.g. 2*A*x');
  const first = surface[0];
  if (first.kind !== 'expression')
    throw new MatdiffError(
      'syntax',
      `expected an expression, not a ${first.kind}`,
      first.span,
      'write the expression itself, e.g. 2*A*x rather than g = 2*A*x',
    );
  if (surface.length > 1) throw new MatdiffError('syntax', 'expected a single expression', surface[1].span, 'remove everything after the first expression');
  return elaborateExpr(first.body, context(source, graph, scope, opts));
}
