/**
 * matdiff as a library: parse matrix notation, differentiate, simplify to textbook form, print,
 * check hand derivations and compile fast evaluators, with full types.
 *
 *   import { parseProgram, gradientOf, print, checkGradient, formatVerdict, compile } from 'matdiff';
 *
 *   const program = parseProgram("A : matrix(m, n); x : vector(n); b : vector(m)\nnorm2(A*x - b)^2");
 *   print(gradientOf(program, 'x'), 'unicode');              // 2Aᵀ(Ax − b)
 *   formatVerdict(checkGradient(program, 'x', "A' * (A*x - b)"));  // different ... off by a factor of 2
 *   compile(program, { wrt: 'x' }).run({ A, b, x });          // { value, gradients: { x } }
 *
 * Every error a user can cause is a MatdiffError (kind, message, hint, and a source `span` where
 * the input had one); `formatError(err, source)` renders it with a caret. ShapeError and
 * UnsupportedError are its subclasses. Nodes are immutable and hash-consed in a Graph (one per
 * program or session): structurally equal expressions are the same object.
 */
import { requireOptions, requireProgram, requireString } from './core/args';
import { MatdiffError } from './core/errors';
import { Node } from './core/graph';
import { DeriveOptions, DerivativeKind, derive } from './derive';
import { Program, ParseOptions, parseProgram } from './parse';
import { Format, print } from './print';

// ---------- parsing ----------
export { parseProgram, parseExpression, Scope, FUNCTIONS, DEFAULT_FILE } from './parse';
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
export { formatError } from './core/report';

// ---------- calculus and simplification ----------
export { grad, jacobian, hessian } from './ad';
export { derive, VerificationError } from './derive';
export type { Derivation, DeriveOptions, DerivativeKind, VerifyOptions } from './derive';
export { simplify, simplifyTraced } from './simplify';
export type { Step, SimplifyResult, SimplifyOptions } from './simplify';

// ---------- printing ----------
export { print, printText, printUnicode, printLatex, printJson, toJson, FORMATS } from './print';
export type { Format, JsonGraph, JsonNode, UnicodeOptions } from './print';

// ---------- checking hand derivations ----------
export { check, checkGradient, checkExpression, parseClaim, formatVerdict, verdictToJSON, formatTensor } from './check';
export type { Verdict, Diagnosis, DiagnosisKind, Counterexample, Method, CheckOptions, ClaimOptions } from './check';

// ---------- numbers ----------
export { evaluate, evaluateAll } from './eval/reference';
export { tensor, scalarTensor } from './eval/tensor';
export type { Tensor, Env } from './eval/tensor';
export { tensorOf, envOf, rowsOf, makeRng, randomEnv } from './eval/random';
export type { Rng, RandomEnvOptions } from './eval/random';
export { loadData } from './eval/data';

// ---------- the compiled evaluator ----------
export { compile, compileProgram, compileNodes, emitModule, tensorToJSON, resultToJSON } from './compile';
export type { CompileOptions, Evaluator, EvalResult, Inputs, InputValue, RunOptions, EmitOptions, Target } from './compile';

// ---------- the REPL ----------
export { startRepl, Session, calculusExtensions } from './repl';
export type { ReplOptions, MatdiffRepl } from './repl';

// ---------- conveniences over a program ----------

/** The declared variable `name` of `program`, or a MatdiffError listing the declared ones. */
export function variableOf(program: Program, name: string): Node {
  const decl = program.scope.declaration(name);
  if (decl) return decl.node;
  const names = [...program.scope.declarations.keys()];
  throw new MatdiffError('usage', `${name} is not a declared variable`, undefined, names.length ? `declared variables: ${names.join(', ')}` : 'declare it first, e.g. x : vector(n)');
}

/** The program's expression (its last expression statement, else its last definition). */
export function resultOf(program: Program): Node {
  if (program.result) return program.result;
  throw new MatdiffError('usage', 'the program has no expression', undefined, 'end the program with an expression, e.g. J');
}

export type DerivativeOptions = DeriveOptions;

const derivativeOf = (kind: DerivativeKind) => (program: Program, wrt: string, opts: DerivativeOptions = {}): Node => {
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
