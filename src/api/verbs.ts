/**
 * The library's verbs (docs/api.md): each takes the program as source text or as a parsed
 * Program (and the printers and evaluate an expression node too), checks its options, and
 * throws only MatdiffErrors for anything a caller can get wrong.
 */
import { describeValue, requireKeys, requireNode, requireOneOf, requireString } from '../core/args';
import { MatdiffError } from '../core/errors';
import { Graph, Node, freeVars, setNodePrinter } from '../core/graph';
import * as C from '../check';
import type { ClaimOptions, Verdict } from '../check';
import * as Co from '../compile';
import type { EvalResult, Evaluator, Inputs, OutputKind, RunOptions } from '../compile';
import { derive } from '../derive';
import type { DerivativeKind, VerifyOptions } from '../derive';
import * as E from '../eval/reference';
import { Env, Matrix, Tensor, withMethods } from '../eval/tensor';
import { Program, parseProgram } from '../parse';
import type { ParseOptions } from '../parse';
import { FORMATS, print as printAny, printLatex, printText, printUnicode } from '../print';
import type { Format, UnicodeOptions } from '../print';
import * as S from '../simplify';
import { envFor } from './values';

/** Source text or a Program parsed from it: every verb takes either. */
export type Source = string | Program;
/** What the printers and evaluate take: an expression node, or a program (its expression). */
export type Printable = Node | Source;

// Nodes print themselves as text (`${node}`); core cannot import the printer, so it is
// installed here, by the entry point and again by every verb (bundlers may drop an unused
// module's top-level statements, never a function's body that runs).
const installPrinter = () => setNodePrinter(printText);
installPrinter();

/** Nodes the verbs handed out, with their graph: simplify(node) needs the graph it lives in. */
const GRAPHS = new WeakMap<Node, Graph>();
export const issued = <T extends Node>(g: Graph, n: T): T => (GRAPHS.set(n, g), n);

const isProgram = (v: unknown): v is Program => {
  const p = v as Program;
  return v !== null && typeof v === 'object' && p.graph instanceof Graph && typeof p.scope === 'object' && Array.isArray(p.statements);
};
const isNode = (v: unknown): v is Node => {
  try {
    requireNode(v, '');
    return true;
  } catch {
    return false;
  }
};

const SOURCE_HINT = 'pass the program as text, e.g. "x : vector(n)\\nx\' * x", or the Program that parse(text) returned';

/** The Program of `src`: parsed from text, or `src` itself. */
export function programOf(src: unknown, fn: string, opts?: ParseOptions): Program {
  installPrinter();
  if (typeof src === 'string') return parseProgram(src, opts);
  if (isProgram(src)) return src;
  if (isNode(src))
    throw new MatdiffError(
      'usage',
      `${fn}: wants a program (its source text or parse(text)), not an expression node`,
      undefined,
      `an expression node has no declarations to resolve names in; pass the program it came from`,
    );
  throw new MatdiffError('usage', `${fn}: the program must be source text or a Program from parse(), not ${describeValue(src)}`, undefined, SOURCE_HINT);
}

/** The expression `of` names (a definition), else the program's expression. */
export function expressionOf(program: Program, fn: string, of?: string): Node {
  if (of !== undefined) {
    requireString(of, `${fn}: option of`, 'name a definition of the program, e.g. { of: "J" }');
    const def = program.scope.definition(of);
    if (def) return issued(program.graph, def.node);
    const decl = program.scope.declaration(of);
    if (decl) return issued(program.graph, decl.node);
    const defs = [...program.scope.definitions.keys()];
    throw new MatdiffError(
      'usage',
      `${fn}: ${of} is not defined in the program`,
      undefined,
      defs.length ? `its definitions: ${defs.join(', ')}` : 'define it first, e.g. J = ...',
    );
  }
  if (program.result) return issued(program.graph, program.result);
  throw new MatdiffError(
    'usage',
    `${fn}: the program has no expression`,
    undefined,
    'end the program with an expression (e.g. J), or name a definition with { of: "J" }',
  );
}

/** An expression: a node itself, or a program's expression. */
function nodeOf(x: unknown, fn: string): Node {
  if (isNode(x)) return x;
  if (typeof x === 'string' || isProgram(x)) return expressionOf(programOf(x, fn), fn);
  throw new MatdiffError(
    'usage',
    `${fn}: the expression must be a node, source text or a Program, not ${describeValue(x)}`,
    undefined,
    'pass a node from grad(...)/parse(...).result, or the program text',
  );
}

export function variableOf(program: Program, fn: string, wrt: unknown): Node {
  requireString(wrt, `${fn}: the variable`, "name a declared variable, e.g. 'x'");
  const decl = program.scope.declaration(wrt);
  if (decl) return decl.node;
  const names = [...program.scope.declarations.keys()];
  throw new MatdiffError(
    'usage',
    `${fn}: ${wrt} is not a declared variable`,
    undefined,
    names.length ? `declared variables: ${names.join(', ')}` : 'declare it first, e.g. x : vector(n)',
  );
}

// ---------- parse ----------

/** Parse and elaborate a program (a Program passes through unchanged). */
export function parse(source: Source, opts: ParseOptions = {}): Program {
  requireKeys(opts, ['file', 'graph', 'scope', 'extensions', 'redefine'], 'parse');
  return programOf(source, 'parse', opts);
}

// ---------- derivatives ----------

export interface DerivativeOptions {
  /** Differentiate this definition instead of the program's expression (its last). */
  readonly of?: string;
  /** Simplify to textbook form (default true). */
  readonly simplify?: boolean;
  /** Check the simplified form against raw reverse mode on random instances (default true). */
  readonly verify?: boolean | VerifyOptions;
}

const derivative =
  (kind: DerivativeKind, fn: string) =>
  (program: Source, wrt: string, opts: DerivativeOptions = {}): Node => {
    requireKeys(opts, ['of', 'simplify', 'verify'], fn);
    if (opts.simplify !== undefined && typeof opts.simplify !== 'boolean')
      throw new MatdiffError(
        'usage',
        `${fn}: option simplify must be true or false, not ${describeValue(opts.simplify)}`,
        undefined,
        '{ simplify: false } for the raw reverse-mode result',
      );
    const p = programOf(program, fn);
    const f = expressionOf(p, fn, opts.of);
    const x = variableOf(p, fn, wrt);
    return issued(p.graph, derive(p.graph, kind, f, x, { simplify: opts.simplify, verify: opts.verify }).node);
  };

/** ∇ₓf: the gradient of the (scalar) expression wrt a declared variable, in textbook form. */
export const grad: (program: Source, wrt: string, opts?: DerivativeOptions) => Node = derivative('grad', 'grad');
/** The Jacobian ∂f/∂x of a vector (or scalar) expression wrt a declared vector. */
export const jacobian: (program: Source, wrt: string, opts?: DerivativeOptions) => Node = derivative('jacobian', 'jacobian');
/** The Hessian ∇²ₓf of a scalar expression wrt a declared vector (a matrix). */
export const hessian: (program: Source, wrt: string, opts?: DerivativeOptions) => Node = derivative('hessian', 'hessian');

// ---------- simplify ----------

export interface SimplifyOptions {
  /** The program a node came from (needed only for nodes the verbs did not hand out). */
  readonly program?: Program;
  /** With a program: simplify this definition instead of its expression. */
  readonly of?: string;
}

/** The textbook form of an expression: a program's expression, or a node. */
export function simplify(x: Printable, opts: SimplifyOptions = {}): Node {
  requireKeys(opts, ['program', 'of'], 'simplify');
  if (isNode(x)) {
    const g = opts.program !== undefined ? programOf(opts.program, 'simplify').graph : GRAPHS.get(x);
    if (!g || !g.owns(x))
      throw new MatdiffError(
        'usage',
        'simplify: cannot tell which program this node belongs to',
        undefined,
        'pass it along: simplify(node, { program }), or simplify the program itself',
      );
    return issued(g, S.simplify(g, x));
  }
  const p = programOf(x, 'simplify');
  return issued(p.graph, S.simplify(p.graph, expressionOf(p, 'simplify', opts.of)));
}

// ---------- printing ----------

const PRINT_KEYS = ['parseable', 'reserved', 'maxChars', 'sharing'];
const PRINT_HINT = `print(node, 'unicode'); the formats are ${FORMATS.map((f) => `'${f}'`).join(', ')}`;

/** An expression in one of FORMATS; the format is required (print(node, 'unicode')). */
export function print(x: Printable, format: Format, opts: UnicodeOptions = {}): string {
  if (format === undefined) throw new MatdiffError('usage', `print: which format? one of ${FORMATS.join(', ')}`, undefined, PRINT_HINT);
  requireOneOf(format, FORMATS, 'print: the format');
  requireKeys(opts, PRINT_KEYS, 'print');
  return printAny(nodeOf(x, 'print'), format, opts);
}
/** Text that parses back to the same expression: `1/m * A' * (sigmoid(A*x) - b)`. */
export const toText = (x: Printable): string => printText(nodeOf(x, 'toText'));
/** Unicode math for a terminal: `(1/m) Aᵀ(σ(Ax) − b)`. */
export const toUnicode = (x: Printable, opts: UnicodeOptions = {}): string => (
  requireKeys(opts, PRINT_KEYS, 'toUnicode'),
  printUnicode(nodeOf(x, 'toUnicode'), opts)
);
/** LaTeX: `\frac{1}{m} A^{\top} \left(\sigma(A x) - b\right)`. */
export const toTex = (x: Printable): string => printLatex(nodeOf(x, 'toTex'));

// ---------- check ----------

export interface CheckOptions extends Omit<ClaimOptions, 'extensions' | 'claimSpan' | 'truthLabel' | 'domain'> {
  /** Check the claim as the gradient wrt this variable; without it, as the expression itself. */
  readonly wrt?: string;
  /** Against this definition instead of the program's expression. */
  readonly of?: string;
}

/**
 * Is a hand derivation right? `check(program, "A' * (A*x - b)", { wrt: 'x' })` compares the
 * claim with the gradient (with `wrt`) or with the expression itself (without), symbolically
 * and then on random instances, and diagnoses a wrong claim (verdict.diagnosis.summary).
 */
export function check(program: Source, claim: string, opts: CheckOptions = {}): Verdict {
  requireKeys(opts, ['wrt', 'of', 'instances', 'seed', 'tolerance', 'maxSize', 'symbolic', 'claimFile'], 'check');
  requireString(claim, 'check: the claim', 'pass the claim as text, e.g. "2*A\'*(A*x - b)"');
  const p = programOf(program, 'check');
  const { wrt, of, ...rest } = opts;
  const q: Program = of === undefined ? p : { ...p, result: expressionOf(p, 'check', of) };
  if (wrt === undefined) return C.checkExpression(q, claim, rest);
  variableOf(p, 'check', wrt);
  return C.checkGradient(q, wrt, claim, rest);
}

// ---------- numbers ----------

export interface EvaluateOptions {
  /** Sizes of dimension symbols that no value determines. */
  readonly dims?: Readonly<Record<string, number>>;
  /** Evaluate this definition instead of the program's expression. */
  readonly of?: string;
}

const isEnv = (v: unknown): v is Env => v !== null && typeof v === 'object' && (v as Env).vars instanceof Map && (v as Env).dims instanceof Map;

/**
 * The value of an expression (a program's, or a node such as a gradient) at the given values:
 * numbers, number[], number[][], Float64Arrays, { rows, cols, data } or mathjs matrices, by
 * variable name. Exact reference arithmetic, no code generation; for speed, use compile().
 */
export function evaluate(x: Printable, values: Readonly<Record<string, unknown>> | Env, opts: EvaluateOptions = {}): Matrix {
  requireKeys(opts, ['dims', 'of'], 'evaluate');
  let node: Node;
  let known: ReadonlySet<string> | undefined;
  if (isNode(x)) node = x;
  else {
    const p = programOf(x, 'evaluate');
    node = expressionOf(p, 'evaluate', opts.of);
    known = new Set(p.scope.declarations.keys());
  }
  const env = isEnv(values) ? values : envFor('evaluate', freeVars(node), values, opts.dims, known);
  return withMethods(E.evaluate(node, env), node.shape);
}

// ---------- compile ----------

export interface CompileOptions<W extends string = string> {
  /** Variables to differentiate with respect to (none: the value only). */
  readonly wrt?: W | readonly W[];
  /** What to compute (default: the value, and the gradients when wrt is given). */
  readonly outputs?: readonly OutputKind[];
  /** Also compute the Hessian and Hessian-vector product wrt each (vector) variable. */
  readonly hessian?: boolean;
  /** Simplify the derivatives first (default true). */
  readonly simplify?: boolean;
  /** 'auto' (default), 'wasm', 'js' or 'interp' (no code generation: for a strict Content-Security-Policy). */
  readonly backend?: Co.Backend;
  /** Worker threads for large wasm passes (default: the machine's parallelism; 1 = none). */
  readonly threads?: number;
}

/** What a compiled function returns: tensors with toArray(), gradients by variable name. */
export interface Result<W extends string = string> {
  readonly value: Matrix | undefined;
  readonly gradients: Readonly<Record<W, Matrix>>;
  readonly hessians: Readonly<Record<W, Matrix>>;
  readonly hvps: Readonly<Record<W, Matrix>>;
  readonly outputs: readonly Matrix[];
}

/** A compiled function: run(values) evaluates the expression and its derivatives in one pass. */
export interface Compiled<W extends string = string> extends Omit<Evaluator, 'run'> {
  /**
   * The values of the outputs at `inputs`. The result's arrays are the function's own and are
   * overwritten by the next call with the same sizes (no allocation per call): copy what you
   * keep, or pass { copy: true }.
   */
  run(inputs: Inputs, options?: RunOptions): Result<W>;
  /** The raw evaluator (plain { rows, cols, data } tensors), for emitModule and the internals. */
  readonly evaluator: Evaluator;
}

const COMPILE_KEYS = ['wrt', 'outputs', 'hessian', 'simplify', 'backend', 'threads'];

/** The result of `raw` with toArray() on every tensor; the views are made once per result object. */
function viewOf(raw: EvalResult, views: WeakMap<EvalResult, Result>, spec: Evaluator['spec']): Result {
  let v = views.get(raw);
  if (v) return v;
  // outputs in spec order: each with its declared shape, so toArray() follows the declaration
  const view = new Map<Tensor, Matrix>(raw.outputs.map((t, i) => [t, withMethods(t, spec.outputs[i])]));
  const of = (t: Tensor) => view.get(t) ?? withMethods(t);
  const map = (ts: Readonly<Record<string, Tensor>>) => {
    const out: Record<string, Matrix> = Object.create(null);
    for (const k of Object.keys(ts)) out[k] = of(ts[k]!);
    return out;
  };
  v = { value: raw.value && of(raw.value), gradients: map(raw.gradients), hessians: map(raw.hessians), hvps: map(raw.hvps), outputs: raw.outputs.map(of) };
  views.set(raw, v);
  return v;
}

/**
 * Compile a program's expression and the derivatives asked for into one fast function over
 * plain arrays: `compile(src, { wrt: 'x' }).run({ A, b, x })` is `{ value, gradients: { x } }`.
 */
export function compile<W extends string = never>(program: Source, opts: CompileOptions<W> = {}): Compiled<W> {
  requireKeys(opts, COMPILE_KEYS, 'compile');
  if (opts.backend !== undefined) requireOneOf(opts.backend, ['auto', 'wasm', 'js', 'interp'] as const, 'compile: option backend');
  const ev = Co.compile(programOf(program, 'compile'), opts);
  const views = new WeakMap<EvalResult, Result>();
  const compiled: Compiled<W> = Object.create(ev, {
    run: { value: (inputs: Inputs, options?: RunOptions) => viewOf(ev.run(inputs, options), views, ev.spec) as Result<W>, enumerable: true },
    evaluator: { value: ev, enumerable: false },
  });
  return compiled;
}

/** The raw evaluator behind `f` (a Compiled or an Evaluator). */
export const evaluatorOf = (f: Compiled | Evaluator): Evaluator => ('evaluator' in f && f.evaluator ? f.evaluator : f);
