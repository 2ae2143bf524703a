/**
 * The compiled numeric evaluator: value and gradients in one call, fused and stable, plus
 * standalone code emission. See docs/compile.md.
 *
 *   compile(program, { wrt: 'x' })            program.result -> grad -> simplify -> compileNodes
 *   compileProgram(source, { wrt: ['x'] })    the same from source text
 *   compileNodes(graph, { value, gradients }) any nodes of one graph
 *   emitModule(evaluator, { target: 'js' })   a dependency-free module exporting `run`
 */
import { requireNames, requireOptions, requireProgram, requireString } from '../core/args';
import { MatdiffError } from '../core/errors';
import { Node, freeVars } from '../core/graph';
import { Program, parseProgram, ParseOptions } from '../parse';
import { derive } from '../derive';
import { Tensor } from '../eval/tensor';
import { compileNodes } from './evaluator';
import { CompileNodesOptions, EvalResult, Evaluator, Inputs, RunOptions } from './types';

export { compileNodes } from './evaluator';
export { emitModule } from './emit';
export type { EmitOptions, Target } from './emit';
export { STABILITY_RULES, stabilize } from './stable';
export type { StabilityRule } from './stable';
export type * from './types';

export type OutputKind = 'value' | 'gradient';

export interface CompileOptions {
  /** Variables to differentiate with respect to (none: the value only). */
  readonly wrt?: string | readonly string[];
  /** What to compute (default: the value, and the gradients when wrt is given). */
  readonly outputs?: readonly OutputKind[];
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

/** One evaluator for a program's expression and the gradients asked for. */
export function compile(program: Program, opts: CompileOptions = {}): Evaluator {
  requireProgram(program, 'compile: the program');
  requireOptions(opts, 'compile: the options');
  if (opts.wrt !== undefined) requireNames(opts.wrt, 'compile: wrt');
  const f = program.result;
  if (!f) throw new MatdiffError('usage', 'the program has no expression to compile', undefined, 'end the program with an expression, e.g. J');
  const wrt = wrtList(opts.wrt);
  const kinds = opts.outputs ?? (wrt.length ? ['value', 'gradient'] : ['value']);
  if (kinds.includes('gradient') && wrt.length === 0)
    throw new MatdiffError('usage', 'gradients were asked for, but no variable to take them with respect to', undefined, 'say which, e.g. --wrt x');
  const g = program.graph;
  const gradients: Record<string, Node> = Object.create(null); // user names are keys: __proto__ is a name too
  if (kinds.includes('gradient'))
    for (const name of wrt) {
      const decl = program.scope.declaration(name);
      if (!decl) {
        const declared = [...program.scope.declarations.keys()];
        throw new MatdiffError('usage', `cannot take a gradient with respect to ${name}: it is not a declared variable`, undefined, declared.length ? `declared variables: ${declared.join(', ')}` : 'declare it first, e.g. x : vector(n)');
      }
      gradients[name] = derive(g, 'grad', f, decl.node, { simplify: opts.simplify }).node;
    }
  const value = kinds.includes('value') ? f : undefined;
  // Every variable of the expression is an input, even one a gradient happens not to read.
  const inputs = [...freeVars(f).values(), ...wrt.map((n) => program.scope.declaration(n)!.node).filter(Boolean)];
  return compileNodes(g, { value, gradients }, {
    inputs,
    rowFusion: opts.rowFusion,
    rowBlock: opts.rowBlock,
    unrollMax: opts.unrollMax,
    backend: opts.backend,
    threads: opts.threads,
    threadCrossover: opts.threadCrossover,
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

/** `{ value, gradient: { x: ... } }` as plain JSON (copies: safe to keep). */
export function resultToJSON(r: EvalResult): { value?: number | number[] | number[][]; gradient?: Record<string, number | number[] | number[][]> } {
  const out: { value?: number | number[] | number[][]; gradient?: Record<string, number | number[] | number[][]> } = {};
  if (r.value) out.value = tensorToJSON(r.value);
  const names = Object.keys(r.gradients);
  if (names.length) out.gradient = Object.fromEntries(names.map((n) => [n, tensorToJSON(r.gradients[n])]));
  return out;
}

/** What `matdiff eval PROGRAM --data FILE.json --grad x` prints, as an object. */
export function evaluateProgram(source: string, data: Inputs, opts: { grad?: string | readonly string[]; file?: string; dims?: RunOptions['dims'] } = {}) {
  const ev = compileProgram(source, { wrt: opts.grad, file: opts.file });
  return resultToJSON(ev.run(data, { dims: opts.dims }));
}
