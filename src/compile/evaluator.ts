/**
 * compileNodes: core nodes -> stable forms -> lowered DAG -> plan -> generated JavaScript ->
 * a live Evaluator. The generated text is exactly what emitModule writes to a file.
 */
import { MatdiffError } from '../core/errors';
import { Graph, Node, topoOrder } from '../core/graph';
import { printText } from '../print';
import { UNROLL_MAX, generate, helperSource } from './codegen';
import { Lowering } from './lnode';
import { Plan, plan } from './plan';
import { RUNTIME_SOURCE } from './runtime';
import { stabilize } from './stable';
import { CompileNodesOptions, EvalResult, Evaluator, EvaluatorSpec, Inputs, OutputSpec, Outputs, RunOptions } from './types';

interface Named {
  readonly node: Node;
  readonly spec: Omit<OutputSpec, 'rows' | 'cols'>;
}

function namedOutputs(outputs: Outputs): Named[] {
  if (Array.isArray(outputs)) return (outputs as readonly Node[]).map((node, i) => ({ node, spec: { role: 'output', name: String(i) } }));
  const o = outputs as Exclude<Outputs, readonly Node[]>;
  const list: Named[] = [];
  if (o.value) list.push({ node: o.value, spec: { role: 'value', name: 'value' } });
  for (const [name, node] of Object.entries(o.gradients ?? {})) list.push({ node, spec: { role: 'gradient', name } });
  if (list.length === 0) throw new MatdiffError('usage', 'nothing to compile: no value and no gradients were asked for', undefined, 'ask for the value, or a gradient with --wrt x');
  return list;
}

/** The pieces of generated source that make an evaluator (shared with emitModule). */
export interface EvaluatorSource {
  readonly spec: EvaluatorSpec;
  /** helpers + allocate + kernel + runtime, as plain JavaScript with type comments. */
  readonly body: string;
}

/** Refuse option values outside what the code generator can use (rowBlock: 1e6 ran out of heap). */
function checkOptions(opts: CompileNodesOptions): void {
  if (opts === null || typeof opts !== 'object') throw new MatdiffError('usage', 'the options of compileNodes must be an object', undefined, 'e.g. { rowBlock: 4 }');
  const whole = (name: 'rowBlock' | 'unrollMax', lo: number, hi: number, example: number) => {
    const v = opts[name];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi))
      throw new MatdiffError('usage', `option ${name} is ${typeof v === 'number' ? v : typeof v}, but it must be a whole number from ${lo} to ${hi}`, undefined, `e.g. { ${name}: ${example} }, or leave it out`);
  };
  whole('rowBlock', 1, MAX_ROW_BLOCK, 4);
  whole('unrollMax', 0, MAX_UNROLL, 0);
  for (const name of ['rowFusion', 'stabilize'] as const)
    if (opts[name] !== undefined && typeof opts[name] !== 'boolean')
      throw new MatdiffError('usage', `option ${name} must be true or false, not ${typeof opts[name]}`, undefined, `e.g. { ${name}: false }, or leave it out`);
}
/** Rows per block of a row-fused pass: the generated block is written out row by row. */
export const MAX_ROW_BLOCK = 32;
/** Longest row a specialized pass unrolls. */
export const MAX_UNROLL = 64;

export function compileNodes(graph: Graph, outputs: Outputs, opts: CompileNodesOptions = {}): Evaluator {
  checkOptions(opts);
  void graph; // nodes carry their graph implicitly; kept in the signature for rewrites that build nodes
  const named = namedOutputs(outputs);
  const fired: string[] = [];
  const roots = named.map((n) => n.node);
  const stable = opts.stabilize === false ? roots : stabilize(graph, roots, fired);
  const lowering = new Lowering();
  const lowered = lowering.lower(stable);
  // Variables asked for but unused by every output still have to be given (and are checked).
  const extraLowered = lowering.lower((opts.inputs ?? []).filter((v) => v.op === 'var'));
  const p = plan(lowered, { rowFusion: opts.rowFusion });
  const gen = generate(p, { rowBlock: opts.rowBlock });
  const known = new Set(gen.inputs.map((i) => i.name));
  const inputs = [...gen.inputs];
  for (const v of extraLowered) if (!known.has(v.name!)) (known.add(v.name!), inputs.push({ name: v.name!, shape: v.shape }));
  // Extra inputs are validated and bound but not read by the kernel: they go after its inputs.
  const spec: EvaluatorSpec = {
    inputs: inputs.map((i) => ({ name: i.name, rows: i.shape.rows, cols: i.shape.cols })),
    dims: gen.dims.concat(dimsOf(inputs.slice(gen.inputs.length), gen.dims)),
    outputs: named.map((n) => ({ ...n.spec, rows: n.node.shape.rows, cols: n.node.shape.cols })),
    outputBuffers: gen.outputBuffers,
    arrays: gen.arrayShapes,
  };
  const body = [
    helperSource(gen.helpers),
    gen.allocateSource,
    gen.kernelSource,
    RUNTIME_SOURCE.trim(),
    `const SPEC/*: Spec*/ = ${JSON.stringify(spec)};`,
  ]
    .filter((s) => s.length > 0)
    .join('\n\n');
  const fail = (message: string, hint: string): never => {
    throw new MatdiffError('data', message, undefined, hint);
  };
  const specialize = specializer(p, gen.dims, opts.rowBlock, opts.unrollMax ?? UNROLL_MAX);
  const made = new Function('fail', 'specialize', `'use strict';\n${body}\nreturn createEvaluator(SPEC, allocate, kernel, fail, specialize);`)(fail, specialize) as {
    run(inputs: Inputs, options?: RunOptions): EvalResult;
  };
  // Formulas are printed only when something reads them (emitModule's header): `eval` never
  // prints, so a formula too large to print cannot make evaluation fail.
  let printed: Evaluator['formulas'] | undefined;
  const formulas = (): Evaluator['formulas'] => {
    if (printed) return printed;
    const valueNode = named.find((n) => n.spec.role === 'value')?.node;
    const gradients: Record<string, string> = Object.create(null);
    const given = opts.formulas?.gradients;
    for (const n of named)
      if (n.spec.role !== 'value')
        gradients[n.spec.name] = headerText(given && Object.prototype.hasOwnProperty.call(given, n.spec.name) ? given[n.spec.name] : n.node);
    const v = opts.formulas?.value ?? valueNode;
    printed = { value: v === undefined ? undefined : headerText(v), gradients };
    return printed;
  };
  return {
    spec,
    run: made.run,
    source: body,
    get formulas() {
      return formulas();
    },
    stats: {
      loops: p.loops.length,
      rowFusedPasses: p.loops.filter((l) => l.row).length,
      buffers: p.buffered.size,
      stabilityRules: fired,
    },
  };
}

type Kernel = (d: Float64Array, ins: Float64Array[], B: Float64Array[]) => void;

/**
 * Per dimension signature, a kernel whose row-fused passes are fully unrolled when their rows
 * are short (n <= UNROLL_MAX): the one place where knowing a size at generation time pays.
 * Buffers and outputs are laid out exactly as in the general kernel (same plan, same order).
 */
function specializer(p: Plan, dims: readonly string[], rowBlock: number | undefined, unrollMax: number): ((d: Float64Array) => Kernel | undefined) | undefined {
  const rowDims = new Set<string>();
  for (const l of p.loops) if (l.row && typeof l.row.A.shape.cols === 'string') rowDims.add(l.row.A.shape.cols);
  if (rowDims.size === 0) return undefined;
  return (d) => {
    const fixed = new Map<string, number>();
    for (const name of rowDims) {
      const v = d[dims.indexOf(name)];
      if (v <= unrollMax) fixed.set(name, v);
    }
    if (fixed.size === 0) return undefined;
    const gen = generate(p, { rowBlock, fixedDims: fixed, unrollMax });
    return new Function(`'use strict';\n${helperSource(gen.helpers)}\n${gen.kernelSource}\nreturn kernel;`)() as Kernel;
  };
}

function dimsOf(inputs: { shape: { rows: unknown; cols: unknown } }[], have: readonly string[]): string[] {
  const out: string[] = [];
  for (const i of inputs)
    for (const d of [i.shape.rows, i.shape.cols]) if (typeof d === 'string' && !have.includes(d) && !out.includes(d)) out.push(d);
  return out;
}

/** Longest formula written into a module header. */
export const HEADER_FORMULA_MAX = 2000;
/** Larger expressions (written out as a tree, sharing expanded) are not printed at all. */
const PRINTABLE_TREE_MAX = 50_000;

/** The formula for a header comment: at most HEADER_FORMULA_MAX characters, ending in "…" when cut. */
function headerText(f: Node | string): string {
  // one line (it sits in a // comment), at most HEADER_FORMULA_MAX characters
  const cap = (s0: string) => {
    const s = s0.replace(/[\r\n\u2028\u2029]/g, ' ');
    return s.length > HEADER_FORMULA_MAX ? `${s.slice(0, HEADER_FORMULA_MAX - 2)} …` : s;
  };
  if (typeof f === 'string') return cap(f);
  const size = treeSize(f);
  if (size > PRINTABLE_TREE_MAX) return `(not printed: ${size.toExponential(2)} terms when written out) …`;
  return cap(printText(f));
}

/** Nodes of `n` as a tree (shared subexpressions counted at every use), saturating. */
function treeSize(n: Node): number {
  const size = new Map<Node, number>();
  for (const m of topoOrder([n])) size.set(m, Math.min(Number.MAX_SAFE_INTEGER, m.args.reduce((s, a) => s + size.get(a)!, 1)));
  return size.get(n)!;
}
