/**
 * The 'interp' backend: an Evaluator whose kernel interprets the IR. No code is generated or
 * compiled at any point (no `new Function`, no WebAssembly): the runtime is the one every
 * backend calls (../runtime/evaluator.ts) and the kernel is interp.ts. `run` takes and
 * returns exactly what a compiled evaluator's does (see types.ts), with the same checks,
 * messages, buffer cache and ownership rules.
 */
import { MatdiffError } from '../../core/errors';
import { inputLength } from '../input-size';
import { Graph } from '../../core/graph';
import { CompileNodesOptions, EvalResult, EvaluatorSpec, Inputs, Outputs, RunOptions } from '../types';
import { BuildIROptions, buildIR } from './build';
import { createEvaluator } from '../runtime/evaluator';
import { prepare } from './interp';
import { printIR } from './print';
import { IR } from './types';

export interface InterpEvaluator {
  readonly spec: EvaluatorSpec;
  readonly backend: 'interp';
  /** A Float64Array for variable `name` (row-major), to fill and pass to run. */
  input(name: string, dims?: Readonly<Record<string, number>>): Float64Array;
  /** Nothing to release (kept for the Evaluator interface). */
  dispose(): void;
  run(inputs: Inputs, options?: RunOptions): EvalResult;
  /** The IR it runs, and its text. */
  readonly ir: IR;
  readonly text: string;
  readonly stats: {
    readonly loops: number;
    readonly rowFusedPasses: number;
    readonly buffers: number;
    readonly backend: 'interp';
    readonly stabilityRules: readonly string[];
  };
}

/** The runtime's view of an IR: inputs, dimensions, outputs and the arrays it indexes. */
export function specOf(ir: IR): EvaluatorSpec {
  if (!ir.buffers) throw new Error('internal: specOf: the IR has no buffers (run allocate-buffers first)');
  const used = ir.inputs.slice(0, ir.inputs.length - ir.unused);
  return {
    inputs: ir.inputs.map((v) => ({ name: v.name!, rows: v.type.rows, cols: v.type.cols })),
    dims: [...ir.dims],
    outputs: ir.outputs.map((o) => ({ role: o.role, name: o.name, rows: o.type.rows, cols: o.type.cols })),
    outputBuffers: ir.outputs.map((o) => o.buffer!),
    arrays: [...used.map((v) => [v.type.rows, v.type.cols] as const), ...ir.buffers.map((b) => [b.rows, b.cols] as const)],
  };
}

const fail = (message: string, hint: string): never => {
  throw new MatdiffError('data', message, undefined, hint);
};

/** An evaluator over a checked IR (after allocate-buffers). */
export function interpEvaluator(ir: IR, extra: { readonly stabilityRules?: readonly string[] } = {}): InterpEvaluator {
  const spec = specOf(ir);
  const machine = prepare(ir);
  const allocate = (d: Float64Array) => machine.sizes(d).map((n) => new Float64Array(n));
  const made: { run(inputs: Inputs, options?: RunOptions): EvalResult } = createEvaluator(spec, allocate, machine.run, fail, undefined);
  let text: string | undefined;
  const input = (name: string, dims?: Readonly<Record<string, number>>): Float64Array => new Float64Array(inputLength(spec, name, dims));
  return {
    spec,
    backend: 'interp',
    input,
    dispose: () => undefined,
    run: made.run,
    ir,
    get text() {
      return (text ??= printIR(ir));
    },
    stats: {
      loops: ir.instrs.filter((i) => i.kind === 'loop' || i.kind === 'rows').length,
      rowFusedPasses: ir.instrs.filter((i) => i.kind === 'rows').length,
      buffers: ir.buffers!.length,
      backend: 'interp',
      stabilityRules: extra.stabilityRules ?? [],
    },
  };
}

/** compileNodes for the 'interp' backend: the same nodes, options and results, interpreted. */
export function compileInterp(graph: Graph, outputs: Outputs, opts: CompileNodesOptions = {}): InterpEvaluator {
  const rb = opts.rowBlock;
  if (rb !== undefined && (typeof rb !== 'number' || !Number.isInteger(rb) || rb < 1 || rb > 32))
    throw new MatdiffError(
      'usage',
      `option rowBlock is ${typeof rb === 'number' ? rb : typeof rb}, but it must be a whole number from 1 to 32`,
      undefined,
      'e.g. { rowBlock: 4 }, or leave it out',
    );
  const build: BuildIROptions = { inputs: opts.inputs, rowFusion: opts.rowFusion, rowBlock: opts.rowBlock, stabilize: opts.stabilize };
  const { ir, stabilityRules } = buildIR(graph, outputs, build);
  return interpEvaluator(ir, { stabilityRules });
}

/** Run an IR once on `inputs` (any form run accepts) and return fresh results. */
export function interpretIR(ir: IR, inputs: Inputs, options: Omit<RunOptions, 'copy'> = {}): EvalResult {
  return interpEvaluator(ir).run(inputs, { ...options, copy: true });
}
