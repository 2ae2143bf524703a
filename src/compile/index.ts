/**
 * The compiled numeric evaluator: value and gradients in one call, fused and stable, plus
 * standalone code emission. See docs/compile.md.
 *
 *   compile(program, { wrt: 'x' })            program.result -> grad -> simplify -> compileNodes
 *   compileProgram(source, { wrt: ['x'] })    the same from source text
 *   compileNodes(graph, { value, gradients }) any nodes of one graph
 *   emitModule(evaluator, { target: 'js' })   a dependency-free module exporting `run`
 */
import { requireNames, requireOneOf, requireOptions, requireProgram, requireString } from '../core/args';
import * as B from '../core/build';
import { describeShape, isColumn, isScalar, shape } from '../core/dims';
import { MatdiffError } from '../core/errors';
import { Graph, Node, freeVars, mapBottomUp } from '../core/graph';
import { rebuild } from '../core/rebuild';
import { Program, parseProgram, ParseOptions } from '../parse';
import { derive, deriveAlong } from '../derive';
import { Tensor } from '../eval/tensor';
import { compileNodes } from './evaluator';
import { CompileNodesOptions, EvalResult, Evaluator, Inputs, RunOptions } from './types';

export { compileNodes } from './evaluator';
export { emitModule } from './emit';
export type { EmitOptions, Target } from './emit';
export { STABILITY_RULES, stabilize } from './stable';
export type { StabilityRule } from './stable';
export type * from './types';

export type OutputKind = 'value' | 'gradient' | 'hessian' | 'hvp';
const OUTPUT_KINDS: readonly OutputKind[] = ['value', 'gradient', 'hessian', 'hvp'];

/**
 * The input that carries the direction v of the Hessian-vector product wrt variable `x`:
 * `'v@x'`, shaped like x. No program can declare it (names are letters, digits and _).
 */
export const hvpInput = (x: string): string => `v@${x}`;

export interface CompileOptions {
  /** Variables to differentiate with respect to (none: the value only). */
  readonly wrt?: string | readonly string[];
  /**
   * What to compute (default: the value, and the gradients when wrt is given). 'hessian' is the
   * Hessian of each wrt vector in matrix form; 'hvp' is H·v for the direction given as the input
   * hvpInput(x) = 'v@x', computed without forming H.
   */
  readonly outputs?: readonly OutputKind[];
  /** Also compile the Hessian and the Hessian-vector product wrt each variable (adds 'hessian' and 'hvp' to outputs). */
  readonly hessian?: boolean;
  /** Simplify the gradients before compiling (default true). */
  readonly simplify?: boolean;
  /** Passed on to compileNodes. */
  readonly rowFusion?: boolean;
  readonly rowBlock?: number;
  readonly unrollMax?: number;
  readonly backend?: CompileNodesOptions['backend'];
  readonly threads?: number;
  readonly threadCrossover?: number;
}

const wrtList = (w: CompileOptions['wrt']): string[] => (w === undefined ? [] : typeof w === 'string' ? [w] : [...w]);

/** One evaluator for a program's expression and the derivatives asked for. */
export function compile(program: Program, opts: CompileOptions = {}): Evaluator {
  requireProgram(program, 'compile: the program');
  requireOptions(opts, 'compile: the options');
  if (opts.wrt !== undefined) requireNames(opts.wrt, 'compile: wrt');
  if (opts.hessian !== undefined && typeof opts.hessian !== 'boolean')
    throw new MatdiffError('usage', `compile: option hessian must be true or false, not ${typeof opts.hessian}`, undefined, "e.g. { wrt: 'x', hessian: true }");
  if (opts.outputs !== undefined) {
    if (!Array.isArray(opts.outputs))
      throw new MatdiffError(
        'usage',
        'compile: outputs must be an array of output kinds',
        undefined,
        `e.g. { outputs: ['value', 'gradient'] }; kinds: ${OUTPUT_KINDS.join(', ')}`,
      );
    for (const k of opts.outputs) requireOneOf(k, OUTPUT_KINDS, 'compile: an output kind');
  }
  const f = program.result;
  if (!f) throw new MatdiffError('usage', 'the program has no expression to compile', undefined, 'end the program with an expression, e.g. J');
  const wrt = wrtList(opts.wrt);
  const asked: readonly OutputKind[] = opts.outputs ?? (wrt.length ? ['value', 'gradient'] : ['value']);
  const kinds = new Set<OutputKind>(opts.hessian ? [...asked, 'hessian', 'hvp'] : asked);
  const derivatives = (['gradient', 'hessian', 'hvp'] as const).filter((k) => kinds.has(k));
  if (derivatives.length && wrt.length === 0)
    throw new MatdiffError(
      'usage',
      `${derivatives.length === 1 && derivatives[0] === 'gradient' ? 'gradients were' : derivatives.join(' and ') + ' outputs were'} asked for, but no variable to take them with respect to`,
      undefined,
      'say which, e.g. --wrt x',
    );
  const g = program.graph;
  const variables = wrt.map((name) => {
    const decl = program.scope.declaration(name);
    if (!decl) {
      const declared = [...program.scope.declarations.keys()];
      throw new MatdiffError(
        'usage',
        `cannot take a gradient with respect to ${name}: it is not a declared variable`,
        undefined,
        declared.length ? `declared variables: ${declared.join(', ')}` : 'declare it first, e.g. x : vector(n)',
      );
    }
    return decl.node;
  });
  if (kinds.has('hessian'))
    for (const x of variables)
      if (!isScalar(x.shape) && !isColumn(x.shape))
        throw new MatdiffError(
          'usage',
          `cannot compile the Hessian wrt ${x.name}, a ${describeShape(x.shape)}: the Hessian wrt a matrix is a 4-tensor`,
          undefined,
          `ask for its Hessian-vector product instead: outputs: ['hvp'] (the direction is the input '${hvpInput(x.name!)}')`,
        );
  const simplify = { simplify: opts.simplify };
  const gradients: Record<string, Node> = Object.create(null); // user names are keys: __proto__ is a name too
  const hessians: Record<string, Node> = Object.create(null);
  const hvps: Record<string, Node> = Object.create(null);
  const directions: Node[] = [];
  for (const x of variables) {
    const name = x.name!;
    if (kinds.has('gradient')) gradients[name] = derive(g, 'grad', f, x, simplify).node;
    // Full matrix form (e.g. (1/m) Aᵀ diag(σ′(Ax)) A), with diag(d)·A compiled as a row scaling.
    if (kinds.has('hessian')) hessians[name] = withoutDenseDiagonals(g, derive(g, 'hessian', f, x, simplify).node);
    if (kinds.has('hvp')) {
      // H·v = D(∇f)(x)[v] for a direction v shaped like x: only products with v, never H.
      const v = B.variable(g, hvpInput(name), x.shape, x.symmetric === true);
      directions.push(v);
      hvps[name] = hessianVectorProduct(g, f, x, v, simplify);
    }
  }
  const value = kinds.has('value') ? f : undefined;
  // Every variable of the expression is an input, even one a gradient happens not to read.
  const inputs = [...freeVars(f).values(), ...variables, ...directions];
  const nodeOptions: CompileNodesOptions = {
    inputs,
    rowFusion: opts.rowFusion,
    rowBlock: opts.rowBlock,
    unrollMax: opts.unrollMax,
    backend: opts.backend,
    threads: opts.threads,
    threadCrossover: opts.threadCrossover,
  };
  return compileNodes(g, { value, gradients, hessians, hvps }, nodeOptions);
}

/**
 * H·v, the Hessian of f wrt x times a direction v shaped like x: D(∇f)(x)[v] by forward mode over
 * the gradient (derive's deriveAlong), products with v only, never H itself. Simplified and
 * verified like every derivative.
 */
export function hessianVectorProduct(g: Graph, f: Node, x: Node, v: Node, opts: { readonly simplify?: boolean } = {}): Node {
  return deriveAlong(g, 'hvp', f, x, v, { simplify: opts.simplify }).node;
}

/**
 * diag(d)·X as (d 1ᵀ) ⊙ X and X·diag(d) as X ⊙ (1 dᵀ) (d ⊙ x for a vector): the compiled
 * evaluator would otherwise form diag(d) as a dense m×m matrix and multiply by it, which for a
 * Hessian Aᵀ diag(d) A at m = 10⁴ is 800 MB and m²n operations instead of mn.
 */
export function withoutDenseDiagonals(g: Graph, root: Node): Node {
  return mapBottomUp(root, (n, args) => {
    if (n.op !== 'matmul' || !args.some((a) => a.op === 'diagm')) return rebuild(g, n, args);
    const f = [...args];
    for (let i = 0; i < f.length && f.length > 1; i++) {
      if (f[i].op !== 'diagm') continue;
      const d = f[i].args[0];
      if (i + 1 < f.length) {
        const X = f[i + 1];
        f.splice(i, 2, X.shape.cols === 1 ? B.hadamard(g, [d, X]) : B.hadamard(g, [B.matmul(g, [d, B.ones(g, shape(1, X.shape.cols))]), X]));
      } else {
        const X = f[i - 1];
        const dt = B.transpose(g, d);
        f.splice(i - 1, 2, X.shape.rows === 1 ? B.hadamard(g, [X, dt]) : B.hadamard(g, [B.matmul(g, [B.ones(g, shape(X.shape.rows, 1)), dt]), X]));
      }
      i = -1; // start over: the chain changed
    }
    return f.length === 1 ? f[0] : B.matmul(g, f);
  });
}

/** Parse and compile: what `matdiff compile PROGRAM --wrt x` does before emitting. */
export function compileProgram(source: string, opts: CompileOptions & ParseOptions = {}): Evaluator {
  requireString(source, 'compileProgram: the source', 'pass the program text');
  return compile(parseProgram(source, opts), opts);
}

/** A tensor as JSON: a number (1×1), a flat array (vector), or an array of rows. */
export function tensorToJSON(t: Tensor): number | number[] | number[][] {
  if (t.rows === 1 && t.cols === 1) return t.data[0];
  if (t.rows === 1 || t.cols === 1) return Array.from(t.data);
  const rows: number[][] = [];
  for (let i = 0; i < t.rows; i++) rows.push(Array.from(t.data.subarray(i * t.cols, (i + 1) * t.cols)));
  return rows;
}

type JSONTensor = number | number[] | number[][];

/** `{ value, gradient: { x: ... }, hessian: { x: ... }, hvp: { x: ... } }` as plain JSON (copies: safe to keep). */
export function resultToJSON(r: EvalResult): {
  value?: JSONTensor;
  gradient?: Record<string, JSONTensor>;
  hessian?: Record<string, JSONTensor>;
  hvp?: Record<string, JSONTensor>;
} {
  const out: { value?: JSONTensor; gradient?: Record<string, JSONTensor>; hessian?: Record<string, JSONTensor>; hvp?: Record<string, JSONTensor> } = {};
  if (r.value) out.value = tensorToJSON(r.value);
  const group = (ts: Readonly<Record<string, Tensor>> | undefined) => {
    const names = ts ? Object.keys(ts) : [];
    return names.length ? Object.fromEntries(names.map((n) => [n, tensorToJSON(ts![n])])) : undefined;
  };
  const gradient = group(r.gradients),
    hessian = group(r.hessians),
    hvp = group(r.hvps);
  if (gradient) out.gradient = gradient;
  if (hessian) out.hessian = hessian;
  if (hvp) out.hvp = hvp;
  return out;
}

/** What `matdiff eval PROGRAM --data FILE.json --grad x` prints, as an object. */
export function evaluateProgram(source: string, data: Inputs, opts: { grad?: string | readonly string[]; file?: string; dims?: RunOptions['dims'] } = {}) {
  const ev = compileProgram(source, { wrt: opts.grad, file: opts.file });
  return resultToJSON(ev.run(data, { dims: opts.dims }));
}
