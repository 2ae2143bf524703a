/**
 * matdiff: parse matrix notation, differentiate, simplify to textbook form, print, check hand
 * derivations, evaluate and compile. The API is documented in docs/api.md.
 *
 *   import { grad, toUnicode, check, compile } from 'matdiff';
 *
 *   const src = 'A : matrix(m, n); x : vector(n); b : vector(m)\nnorm2(A*x - b)^2';
 *   toUnicode(grad(src, 'x'));                           // 2Aᵀ(Ax − b)
 *   check(src, "A' * (A*x - b)", { wrt: 'x' }).equal;     // false (off by a factor of 2)
 *   compile(src, { wrt: 'x' }).run({ A, b, x }).gradients.x.toArray();
 *
 * Every verb takes the program as source text or as the Program parse() returned. Every error
 * a caller can cause is a MatdiffError (kind, message, hint, and a source `span` where the
 * input had one); formatError(err, source) renders it with a caret. Nothing here needs Node:
 * the REPL and the CLI are the subpaths matdiff/repl and matdiff/cli, and the engine's own
 * functions (build, topoOrder, OPS, raw reverse mode, ...) are matdiff/internals.
 */
import { requireKeys, requireOneOf, requireOptions } from './core/args';
import type { Verdict } from './check';
import { emitModule as emitRaw, formatVerdict as formatVerdictRaw } from './internals';
import type { EmitOptions, Evaluator } from './compile';
import { type Compiled, type DerivativeOptions, type Source, evaluatorOf, grad, hessian, jacobian, parse, print, programOf } from './api/verbs';
import type { ParseOptions } from './parse';
import type { Format } from './print';

export { parse, grad, jacobian, hessian, simplify, print, toText, toUnicode, toTex, check, evaluate, compile } from './api/verbs';
export type { Source, Printable, DerivativeOptions, SimplifyOptions, CheckOptions, EvaluateOptions, CompileOptions, Compiled, Result } from './api/verbs';

export { explain, checkSteps, hvp, directional, toSql, toPython } from './api/derivations';
export type { ExplainOptions, SqlOptions, StepsReport, ExplainFormat, Detail, SqlQuery, Dialect } from './api/derivations';

export { MatdiffError, ShapeError, UnsupportedError } from './core/errors';
export type { ErrorKind, Span, Position } from './core/errors';
export { formatError } from './internals';
export { FORMATS } from './print';
export type { Format, UnicodeOptions } from './print';

export type { Program, ParseOptions, Statement, Declaration, Definition, DimensionSymbol } from './parse';
export type { Node, VarDomain } from './core/graph';
export type { Shape, Dim } from './core/dims';
export type { Op } from './core/ops';
export type { Verdict, Diagnosis, DiagnosisKind, Counterexample, Method } from './check';
export type { Tensor, Matrix, TensorMethods, Env } from './eval/tensor';
export type { Inputs, InputValue, RunOptions, OutputKind, Backend, EmitOptions, Target } from './compile';

/** A verdict for people: 'equal, symbolically', or 'different' with the diagnosis and a counterexample. */
export function formatVerdict(v: Verdict, format: Exclude<Format, 'json'> | 'json' = 'unicode'): string {
  requireOneOf(format, ['unicode', 'text', 'latex', 'json'] as const, 'formatVerdict: the format');
  return formatVerdictRaw(v, format);
}

/**
 * A compiled function as a standalone module with no dependencies (`target: 'js'`, CommonJS,
 * or `'ts'`, an ES module that type-checks under strict settings): what `matdiff compile` writes.
 */
export function emitModule(f: Compiled | Evaluator, opts: EmitOptions = {}): string {
  requireKeys(opts, ['target'], 'emitModule');
  return emitRaw(f !== null && typeof f === 'object' ? evaluatorOf(f) : f, opts);
}

// ---------- the names of 0.1, kept so that its code runs unchanged ----------

/** @deprecated since 0.2: use parse(source). */
export const parseProgram = (source: string, opts: ParseOptions = {}) => parse(source, opts);
/** @deprecated since 0.2: use grad(program, wrt). */
export const gradientOf = (program: Source, wrt: string, opts?: DerivativeOptions) => grad(program, wrt, opts);
/** @deprecated since 0.2: use hessian(program, wrt). */
export const hessianOf = (program: Source, wrt: string, opts?: DerivativeOptions) => hessian(program, wrt, opts);
/** @deprecated since 0.2: use jacobian(program, wrt). */
export const jacobianOf = (program: Source, wrt: string, opts?: DerivativeOptions) => jacobian(program, wrt, opts);
/** @deprecated since 0.2: use check(program, claim, { wrt }). */
export { checkGradient } from './internals';
/** @deprecated since 0.2: use toUnicode(grad(source, wrt)) (or print(..., format)). */
export function gradient(source: string, wrt: string, opts: DerivativeOptions & { readonly format?: Format; readonly file?: string } = {}): string {
  requireOptions(opts, 'gradient: the options');
  const { format, file, ...derivative } = opts;
  return print(grad(programOf(source, 'gradient', file === undefined ? {} : { file }), wrt, derivative), format ?? 'unicode');
}
