/**
 * compileNodes: core nodes -> stable forms -> lowered DAG -> plan -> generated JavaScript ->
 * a live Evaluator. The generated text is exactly what emitModule writes to a file.
 */
import { MatdiffError } from '../core/errors';
import { Graph, Node } from '../core/graph';
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

export function compileNodes(graph: Graph, outputs: Outputs, opts: CompileNodesOptions = {}): Evaluator {
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
  const formulas = {
    value: opts.formulas?.value ?? named.find((n) => n.spec.role === 'value')?.node,
    gradients: Object.fromEntries(named.filter((n) => n.spec.role !== 'value').map((n) => [n.spec.name, opts.formulas?.gradients?.[n.spec.name] ?? n.node])),
  };
  const text = (f: Node | string | undefined) => (f === undefined ? undefined : typeof f === 'string' ? f : formulaText(f));
  return {
    spec,
    run: made.run,
    source: body,
    formulas: {
      value: text(formulas.value),
      gradients: Object.fromEntries(Object.entries(formulas.gradients).map(([k, v]) => [k, text(v)!])),
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

/** The formula for a header comment: the text printer, shortened if it is huge. */
function formulaText(n: Node): string {
  const s = printText(n);
  return s.length > 2000 ? `${s.slice(0, 2000)} …` : s;
}
