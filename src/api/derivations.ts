/**
 * The public verbs for derivations and other targets, in the style of verbs.ts: the program as
 * source text or a Program, options checked by name.
 *
 *   explain(src, 'x')                      a verified step-by-step derivation of the gradient
 *   checkSteps(src)                        a hand derivation after the program, line by line
 *   hvp(src, 'x', 'v'), directional(...)   D(∇f)(x)[v] and df(x)[v] in matrix form
 *   toSql(src, { wrt: ['x'], dims })       one aggregate query for a row-separable loss
 *   toPython(src, { wrt: ['x'] })          an array-API Python module
 */
import { requireKeys, requireString } from '../core/args';
import { Node } from '../core/graph';
import { StepsReport, checkSteps as checkStepsRaw, formatStepsReport } from '../check/steps';
import { derive, deriveAlong } from '../derive';
import { directionOf } from '../derive/direction';
import { calculusExtensions } from '../derive/extensions';
import { Detail, explain as explainRaw } from '../explain';
import { ExplainFormat, renderExplanation } from '../explain/render';
import { emitPython } from '../python';
import { Dialect, SqlQuery, emitSql } from '../sql';
import { definitionName } from '../parse';
import { Source, expressionOf, issued, programOf, variableOf } from './verbs';

export type { StepsReport, ExplainFormat, Detail, SqlQuery, Dialect };

export interface ExplainOptions {
  readonly of?: string;
  readonly detail?: Detail;
}

/** The derivation as steps (`.steps`, each with its rules and expression) and a renderer. */
export function explain(program: Source, wrt: string, opts: ExplainOptions = {}) {
  requireKeys(opts, ['of', 'detail'], 'explain');
  const p = programOf(program, 'explain');
  const f = expressionOf(p, 'explain', opts.of);
  const name = opts.of ?? definitionName(p.scope, f) ?? 'f';
  const e = explainRaw(p.graph, f, variableOf(p, 'explain', wrt), { name, detail: opts.detail });
  return { ...e, render: (format: ExplainFormat = 'unicode') => renderExplanation(e, format) };
}

/** A program followed by a hand derivation (one expression per line), checked line by line. */
export function checkSteps(program: Source, opts: { readonly wrt?: string; readonly of?: string } = {}): StepsReport & { readonly text: string } {
  requireKeys(opts, ['wrt', 'of'], 'checkSteps');
  const p = typeof program === 'string' ? programOf(program, 'checkSteps', { extensions: calculusExtensions() }) : programOf(program, 'checkSteps');
  const report = checkStepsRaw(p, opts);
  return { ...report, text: formatStepsReport(report, p.source, p.file) };
}

const along =
  (kind: 'hvp' | 'directional') =>
  (program: Source, wrt: string, dir: string, opts: { readonly of?: string } = {}): Node => {
    requireKeys(opts, ['of'], kind);
    const p = programOf(program, kind);
    const f = expressionOf(p, kind, opts.of);
    const x = variableOf(p, kind, wrt);
    return issued(
      p.graph,
      deriveAlong(
        p.graph,
        kind,
        f,
        x,
        (requireString(dir, `${kind}: the direction`, "name the direction, e.g. 'v'"), directionOf(p, dir, x, `${kind}: the direction ${dir}`)),
      ).node,
    );
  };

/** The Hessian-vector product D(∇f)(x)[v] in matrix form; `dir` is a declared variable of x's shape, or a new name. */
export const hvp = along('hvp');
/** The directional derivative df(x)[v] in matrix form. */
export const directional = along('directional');

export interface SqlOptions {
  readonly wrt?: readonly string[];
  readonly of?: string;
  readonly dialect?: Dialect;
  readonly table?: string;
  /** Sizes of the dimensions other than the rows: the table's width. */
  readonly dims: Readonly<Record<string, number>>;
}

/** One aggregate query for the value and gradients of a row-separable loss (docs/scale.md). */
export function toSql(program: Source, opts: SqlOptions): SqlQuery {
  requireKeys(opts, ['wrt', 'of', 'dialect', 'table', 'dims'], 'toSql');
  const p = programOf(program, 'toSql');
  const f = expressionOf(p, 'toSql', opts.of);
  const grads = new Map(
    (opts.wrt ?? []).map((w) => {
      const x = variableOf(p, 'toSql', w);
      return [x, derive(p.graph, 'grad', f, x).node] as const;
    }),
  );
  return emitSql(p.graph, f, grads, { dialect: opts.dialect, table: opts.table, dims: opts.dims });
}

/** An array-API Python module computing the value and gradients (docs/scale.md). */
export function toPython(program: Source, opts: { readonly wrt?: readonly string[]; readonly of?: string } = {}): string {
  requireKeys(opts, ['wrt', 'of'], 'toPython');
  const p = programOf(program, 'toPython');
  const f = expressionOf(p, 'toPython', opts.of);
  const gradients = Object.fromEntries((opts.wrt ?? []).map((w) => [w, derive(p.graph, 'grad', f, variableOf(p, 'toPython', w)).node]));
  return emitPython(p.graph, { value: f, gradients });
}
