/**
 * matdiff/internals: the engine's own functions and data, for tools built on matdiff (the
 * playground, the REPL, benchmarks, rule authors). Everything the main entry offers is built
 * from these. They are public but not the documented API (docs/api.md): names and signatures
 * here may change in a minor release; see CHANGELOG.md.
 *
 * Differences from the main entry of the same names: grad/jacobian/hessian are raw reverse
 * mode over (graph, f, x); simplify(graph, node); print(node, format = 'text'); check(graph,
 * truth, claim); compile(program) returns the raw Evaluator; evaluate(node, env) takes an Env.
 * Like the main entry, nothing here needs Node: the REPL's Session is in matdiff/repl.
 */
import { describeValue, requireNode, requireOneOf, requireOptions, requireProgram, requireString } from './core/args';
import * as R from './core/report';
import * as C from './check';
import type { Verdict } from './check';
import * as Co from './compile';
import type { EmitOptions, Evaluator } from './compile';
import * as D from './eval/data';
import type { LoadDataOptions } from './eval/data';
import * as E from './eval/reference';
import * as T from './eval/tensor';
import type { Env, Tensor } from './eval/tensor';
import * as P from './print';
import type { UnicodeOptions } from './print';
import { MatdiffError } from './core/errors';
import { Node } from './core/graph';
import { DeriveOptions, DerivativeKind, derive } from './derive';
import { Program, ParseOptions, parseProgram } from './parse';
import { Format, print } from './print';

// ---------- parsing ----------
export { parseProgram, parseExpression, Scope, newScope, FUNCTIONS, DEFAULT_FILE } from './parse';
export type { Program, ParseOptions, Statement, Declaration, Definition, DimensionSymbol, Binding, Extension, FunctionSpec } from './parse';

// ---------- the core ----------
export { Graph, topoOrder, mapBottomUp, freeVars, dependsOn } from './core/graph';
export type { Node, NodeAttrs } from './core/graph';
export type { Shape, Dim } from './core/dims';
export { describeShape } from './core/dims';
export type { Op, ElementwiseOp } from './core/ops';
export { OPS, ELEMENTWISE } from './core/ops';
export * as build from './core/build';

// ---------- errors ----------
export { MatdiffError, ShapeError, UnsupportedError } from './core/errors';
export type { ErrorKind, Span, Position } from './core/errors';

// ---------- calculus and simplification ----------
export { grad, jacobian, hessian } from './ad';
export { derive, VerificationError } from './derive';
export type { Derivation, DeriveOptions, DerivativeKind, VerifyOptions } from './derive';
export { simplify, simplifyTraced } from './simplify';
export type { Step, SimplifyResult, SimplifyOptions } from './simplify';

// ---------- printing ----------
export { print, toJson, FORMATS } from './print';
export type { Format, JsonGraph, JsonNode, UnicodeOptions } from './print';

// ---------- checking hand derivations ----------
export { check, checkGradient, checkExpression, parseClaim } from './check';
export type { Verdict, Diagnosis, DiagnosisKind, Counterexample, Method, CheckOptions, ClaimOptions } from './check';

// ---------- numbers ----------
export { scalarTensor } from './eval/tensor';
export type { Tensor, Env } from './eval/tensor';
export { tensorOf, envOf, rowsOf, makeRng, randomEnv } from './eval/random';
export type { Rng, RandomEnvOptions } from './eval/random';

// ---------- the compiled evaluator ----------
export { compile, compileProgram, compileNodes, tensorToJSON, resultToJSON, hvpInput, hessianVectorProduct } from './compile';
export type { CompileOptions, Evaluator, EvalResult, Inputs, InputValue, RunOptions, EmitOptions, Target } from './compile';

// ---------- grad(f, x) and friends inside programs (the REPL's language; its Session is in matdiff/repl) ----------
export { calculusExtensions, CALCULUS_FUNCTIONS } from './derive/extensions';

// ---------- conveniences over a program ----------

/** The declared variable `name` of `program`, or a MatdiffError listing the declared ones. */
export function variableOf(program: Program, name: string): Node {
  const decl = program.scope.declaration(name);
  if (decl) return decl.node;
  const names = [...program.scope.declarations.keys()];
  throw new MatdiffError(
    'usage',
    `${name} is not a declared variable`,
    undefined,
    names.length ? `declared variables: ${names.join(', ')}` : 'declare it first, e.g. x : vector(n)',
  );
}

/** The program's expression (its last expression statement, else its last definition). */
export function resultOf(program: Program): Node {
  if (program.result) return program.result;
  throw new MatdiffError('usage', 'the program has no expression', undefined, 'end the program with an expression, e.g. J');
}

export type DerivativeOptions = DeriveOptions;

const derivativeOf =
  (kind: DerivativeKind) =>
  (program: Program, wrt: string, opts: DerivativeOptions = {}): Node => {
    requireProgram(program, `${kind}: the program`);
    requireString(wrt, `${kind}: the variable`, "name a declared variable, e.g. 'x'");
    return derive(program.graph, kind, resultOf(program), variableOf(program, wrt), opts).node;
  };

/** The gradient of the program's (scalar) expression wrt a declared variable, simplified and verified. */
export const gradientOf = derivativeOf('grad');
/** The Hessian of the program's (scalar) expression wrt a declared vector, simplified and verified. */
export const hessianOf = derivativeOf('hessian');
/** The Jacobian of the program's (vector) expression wrt a declared vector, simplified and verified. */
export const jacobianOf = derivativeOf('jacobian');

export interface GradientTextOptions extends DerivativeOptions, Omit<ParseOptions, 'graph' | 'scope'> {
  /** Output format (default unicode). */
  readonly format?: Format;
}

/**
 * One call from source text to printed gradient:
 * `gradient("x : vector(n)\nx' * x", 'x')` is `"2x"`.
 */
export function gradient(source: string, wrt: string, opts: GradientTextOptions = {}): string {
  requireString(wrt, 'gradient: the variable', "name a declared variable, e.g. 'x'");
  requireOptions(opts, 'gradient: the options');
  const program = parseProgram(source, opts);
  return print(gradientOf(program, wrt, opts), opts.format ?? 'unicode');
}

// ---------- checked entry points ----------
// The library's own modules call these without checks; a caller from JavaScript may pass
// anything, so the exported versions check their arguments first (MatdiffErrors, never TypeErrors).

const expr = (fn: string, n: unknown) => requireNode(n, `${fn}: the expression`);

export const printText = (n: Node): string => (expr('printText', n), P.printText(n));
export const printUnicode = (n: Node, opts: UnicodeOptions = {}): string => (
  expr('printUnicode', n),
  requireOptions(opts, 'printUnicode: the options'),
  P.printUnicode(n, opts)
);
export const printLatex = (n: Node): string => (expr('printLatex', n), P.printLatex(n));
export const printJson = (n: Node): string => (expr('printJson', n), P.printJson(n));

function requireEnv(env: unknown, fn: string): asserts env is Env {
  const e = env as Env;
  if (env === null || typeof env !== 'object' || !(e.vars instanceof Map) || !(e.dims instanceof Map))
    throw new MatdiffError(
      'usage',
      `${fn}: the environment must be { vars: Map, dims: Map }, not ${describeValue(env)}`,
      undefined,
      'make one with envOf({ x: [1, 2] }, { n: 2 }) or loadData(text, program)',
    );
}

export function evaluate(node: Node, env: Env): Tensor {
  expr('evaluate', node);
  requireEnv(env, 'evaluate');
  return E.evaluate(node, env);
}

export function evaluateAll(nodes: readonly Node[], env: Env): Tensor[] {
  if (!Array.isArray(nodes))
    throw new MatdiffError(
      'usage',
      `evaluateAll: the expressions must be an array of nodes, not ${describeValue(nodes)}`,
      undefined,
      'pass [node1, node2, ...]',
    );
  nodes.forEach((n, i) => requireNode(n, `evaluateAll: expression ${i}`));
  requireEnv(env, 'evaluateAll');
  return E.evaluateAll(nodes, env);
}

export function tensor(rows: number, cols: number, data?: Float64Array): Tensor {
  for (const [what, v] of [
    ['rows', rows],
    ['cols', cols],
  ] as const)
    if (!Number.isSafeInteger(v) || v < 1)
      throw new MatdiffError('usage', `tensor: ${what} must be a whole number >= 1, not ${describeValue(v)}`, undefined, 'e.g. tensor(3, 1) for a 3-vector');
  if (data !== undefined && (!(data instanceof Float64Array) || data.length !== rows * cols))
    throw new MatdiffError('usage', `tensor: data must be a Float64Array of ${rows * cols} numbers`, undefined, 'or leave it out for zeros');
  return T.tensor(rows, cols, data);
}

export function loadData(text: string, program: Program, file?: string, options?: LoadDataOptions): Env {
  requireString(text, 'loadData: the data text', 'pass the JSON text of the data file');
  requireProgram(program, 'loadData: the program');
  return D.loadData(text, program, file, options);
}

const requireVerdict = (v: unknown, fn: string) => {
  const x = v as Verdict;
  if (v === null || typeof v !== 'object' || typeof x.equal !== 'boolean' || typeof x.method !== 'string')
    throw new MatdiffError(
      'usage',
      `${fn}: the verdict must be what check or checkGradient returned, not ${describeValue(v)}`,
      undefined,
      'pass the result of checkGradient(program, wrt, claim)',
    );
};

export const formatVerdict = (v: Verdict, format: 'unicode' | 'text' | 'latex' | 'json' = 'unicode'): string => (
  requireVerdict(v, 'formatVerdict'),
  C.formatVerdict(v, format)
);
export const verdictToJSON = (v: Verdict) => (requireVerdict(v, 'verdictToJSON'), C.verdictToJSON(v));
export function formatTensor(t: Tensor, indent = 0): string {
  if (t === null || typeof t !== 'object' || !(t.data instanceof Float64Array))
    throw new MatdiffError(
      'usage',
      `formatTensor: the value must be a tensor { rows, cols, data }, not ${describeValue(t)}`,
      undefined,
      'pass a Tensor, e.g. from evaluate(...)',
    );
  return C.formatTensor(t, indent);
}

export function formatError(err: MatdiffError, source?: string, file?: string): string {
  if (!(err instanceof MatdiffError))
    throw new MatdiffError(
      'usage',
      `formatError: the error must be a MatdiffError, not ${describeValue(err)}`,
      undefined,
      'catch errors from matdiff and pass those: if (e instanceof MatdiffError) formatError(e, source)',
    );
  if (source !== undefined) requireString(source, 'formatError: the source', 'pass the text the error points into, or leave it out');
  return R.formatError(err, source, file);
}

export function emitModule(ev: Evaluator, opts: EmitOptions = {}): string {
  if (ev === null || typeof ev !== 'object' || typeof (ev as Evaluator).run !== 'function')
    throw new MatdiffError(
      'usage',
      `emitModule: the evaluator must come from compile(...), not ${describeValue(ev)}`,
      undefined,
      "pass compile(program, { wrt: 'x' })",
    );
  requireOptions(opts, 'emitModule: the options');
  if (opts.target !== undefined) requireOneOf(opts.target, ['js', 'ts'] as const, 'emitModule: the target');
  return Co.emitModule(ev, opts);
}
