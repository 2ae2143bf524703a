/**
 * compileNodes: core nodes -> stable forms -> lowered DAG -> plan -> checked IR -> a renderer
 * (generated JavaScript, wasm functions called from it, or the IR interpreter) -> a live
 * Evaluator. The generated JavaScript is exactly what emitModule writes to a file.
 */
import { MatdiffError } from '../core/errors';
import { Graph, Node, topoOrder } from '../core/graph';
import { printText } from '../print';
import * as os from 'os';
import { Generated, UNROLL_MAX, generate } from './codegen';
import { helperSource } from './helpers';
import { RUNTIME_JS } from './generated/runtime-source';
import { createEvaluator } from './runtime/evaluator';
import type { Allocate, Kernel } from './runtime/types';
import { buildIR } from './ir/build';
import { inputLength } from './input-size';
import { interpEvaluator, specOf } from './ir/evaluator';
import { IR } from './ir/types';
import { Backend, CompileNodesOptions, ResolvedBackend, EvalResult, Evaluator, EvaluatorSpec, Inputs, Outputs, RunOptions } from './types';
import { hasSharedMemory } from './wasm/arena';
import { FIXED_KERNELS, FixedKernel, WasmHelper, WasmRuntime } from './wasm/backend';
import { hasWasmSimd } from './wasm/encoder';
import { WasmRenderer } from './wasm/render';

/**
 * Smallest pass (rows × columns) split over threads: measured with bench/evaluator.ts
 * --crossover on a shared 2-core machine (load ≈ 2.5), where two threads first
 * won at m·n = 5·10⁶ (1.05×) and lost below (0.15–0.98×); see docs/compile.md.
 */
export const THREAD_CROSSOVER = 4_000_000;

/** Can this runtime run the wasm backend? */
export function wasmAvailable(): boolean {
  return hasWasmSimd() && hasSharedMemory() && codeGenerationAllowed();
}

let generationAllowed: boolean | undefined;
/**
 * May code be generated here? A page whose Content-Security-Policy forbids 'unsafe-eval' makes
 * `new Function` throw; then only the 'interp' backend runs.
 */
export function codeGenerationAllowed(): boolean {
  if (generationAllowed === undefined) {
    try {
      generationAllowed = new Function('return 1')() === 1;
    } catch {
      generationAllowed = false;
    }
  }
  return generationAllowed;
}

/** The backend 'auto' (or an explicit choice) resolves to here. */
export function resolveBackend(wanted: Backend): ResolvedBackend {
  if (wanted !== 'auto') return wanted;
  return wasmAvailable() ? 'wasm' : codeGenerationAllowed() ? 'js' : 'interp';
}

const defaultThreads = (): number => {
  const n = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(MAX_THREADS, n || 1));
};
/** Most threads an evaluator splits a pass over. */
export const MAX_THREADS = 64;

const evaluators = new FinalizationRegistry<WasmRuntime>((rt) => rt.dispose());

/** Refuse option values outside what the code generator can use (rowBlock: 1e6 ran out of heap). */
function checkOptions(opts: CompileNodesOptions): void {
  if (opts === null || typeof opts !== 'object')
    throw new MatdiffError('usage', 'the options of compileNodes must be an object', undefined, 'e.g. { rowBlock: 4 }');
  const whole = (name: 'rowBlock' | 'unrollMax' | 'threads', lo: number, hi: number, example: number) => {
    const v = opts[name];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi))
      throw new MatdiffError(
        'usage',
        `option ${name} is ${typeof v === 'number' ? v : typeof v}, but it must be a whole number from ${lo} to ${hi}`,
        undefined,
        `e.g. { ${name}: ${example} }, or leave it out`,
      );
  };
  whole('rowBlock', 1, MAX_ROW_BLOCK, 4);
  whole('unrollMax', 0, MAX_UNROLL, 0);
  whole('threads', 1, MAX_THREADS, 2);
  if (opts.threadCrossover !== undefined && !(typeof opts.threadCrossover === 'number' && opts.threadCrossover >= 0))
    throw new MatdiffError('usage', `option threadCrossover must be a number >= 0`, undefined, 'e.g. { threadCrossover: 100000 }, or leave it out');
  if (opts.backend !== undefined && !(['wasm', 'js', 'interp', 'auto'] as unknown[]).includes(opts.backend))
    throw new MatdiffError(
      'usage',
      `option backend is ${JSON.stringify(opts.backend)}, but it must be 'wasm', 'js', 'interp' or 'auto'`,
      undefined,
      "e.g. { backend: 'js' }, or leave it out",
    );
  if (opts.backend === 'wasm' && !wasmAvailable())
    throw new MatdiffError(
      'usage',
      'the wasm backend needs WebAssembly SIMD, shared memory and code generation, which this runtime does not have',
      undefined,
      "use { backend: 'auto' }, { backend: 'js' } or { backend: 'interp' }",
    );
  if (opts.backend === 'js' && !codeGenerationAllowed())
    throw new MatdiffError(
      'usage',
      'the js backend generates code with new Function, which this page forbids (Content-Security-Policy)',
      undefined,
      "use { backend: 'interp' } or { backend: 'auto' }",
    );
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
  // plan → checked IR (after allocate-buffers) → a renderer: JavaScript, wasm and JavaScript, or the interpreter
  const { ir, outputs: named, stabilityRules: fired } = buildIR(graph, outputs, opts);
  const spec: EvaluatorSpec = specOf(ir);
  const wanted = resolveBackend(opts.backend ?? 'auto');
  const threads = opts.threads ?? defaultThreads();
  let rt: WasmRuntime | undefined;
  let wasmKernels = 0;
  let gen: Generated | undefined;
  let wasmHelpers: Partial<Record<FixedKernel, WasmHelper>> = {};
  if (wanted === 'wasm') {
    const renderer = new WasmRenderer();
    gen = generate(ir, { external: (l, names) => renderer.renderLoop(l, names), allocator: 'ALLOC' });
    const fixed = FIXED_KERNELS.filter((h) => gen!.helpers.includes(h)).map((h) => [h, renderer.fixed(h).id] as const);
    wasmKernels = renderer.loops.length;
    if (!renderer.empty) {
      rt = new WasmRuntime(renderer, { threads, crossover: opts.threadCrossover ?? THREAD_CROSSOVER });
      wasmHelpers = rt.fixedKernels(fixed);
    } else gen = undefined;
  }
  if (wanted !== 'interp') gen ??= generate(ir);
  // What new Function compiles: the helpers (but those given as wasm calls), allocate and kernel (the runtime is a module).
  const kernelText = (g: Generated, given: readonly string[] = []) => {
    const text = helperSource(g.helpers.filter((h) => !given.includes(h)));
    return [text, g.allocateSource, g.kernelSource].filter((t) => t.length > 0).join('\n\n');
  };
  // What an emitted module runs: the same, then the runtime's text and the spec.
  const sourceOf = (kernels: string) => [kernels, RUNTIME_JS.trim(), `const SPEC/*: Spec*/ = ${JSON.stringify(spec)};`].join('\n\n');
  const fail = (message: string, hint: string): never => {
    throw new MatdiffError('data', message, undefined, hint);
  };
  let made: { run(inputs: Inputs, options?: RunOptions): EvalResult };
  let kernels: string | undefined;
  if (!gen) {
    // The IR interpreted: no new Function, no wasm.
    made = interpEvaluator(ir, { stabilityRules: fired });
  } else if (rt) {
    const runtime = rt;
    const nKernelInputs = ir.inputs.length - ir.unused;
    const alloc = runtime.allocator(spec.outputBuffers);
    const given = Object.keys(wasmHelpers) as FixedKernel[];
    const made0 = new Function('X', 'ALLOC', ...given, `'use strict';\n${kernelText(gen, given)}\nreturn { allocate, kernel };`)(
      runtime.X,
      alloc,
      ...given.map((h) => wasmHelpers[h]),
    ) as Compiled;
    made = createEvaluator(spec, made0.allocate, runtime.wrap(made0.kernel, spec.outputBuffers, nKernelInputs), fail, undefined);
  } else {
    const specialize = specializer(ir, opts.unrollMax ?? UNROLL_MAX);
    kernels = kernelText(gen);
    const made0 = new Function(`'use strict';\n${kernels}\nreturn { allocate, kernel };`)() as Compiled;
    made = createEvaluator(spec, made0.allocate, made0.kernel, fail, specialize);
  }
  // emitModule writes JavaScript only: under wasm (and interp, where generating the text is
  // allowed, only running it is not), the JS kernel's text is generated when asked for.
  let jsSource: string | undefined = kernels === undefined ? undefined : sourceOf(kernels);
  const source = () => (jsSource ??= sourceOf(kernelText(generate(ir))));
  // Formulas are printed only when something reads them (emitModule's header): `eval` never
  // prints, so a formula too large to print cannot make evaluation fail.
  let printed: Evaluator['formulas'] | undefined;
  const formulas = (): Evaluator['formulas'] => {
    if (printed) return printed;
    const valueNode = named.find((n) => n.spec.role === 'value')?.node;
    // user names are keys: __proto__ is a name too
    const groups = { gradients: Object.create(null), hessians: Object.create(null), hvps: Object.create(null) } as Record<
      'gradients' | 'hessians' | 'hvps',
      Record<string, string>
    >;
    const given = opts.formulas?.gradients;
    for (const n of named) {
      const { role, name } = n.spec;
      if (role === 'value') continue;
      const group = role === 'hessian' ? groups.hessians : role === 'hvp' ? groups.hvps : groups.gradients;
      const text = role !== 'hessian' && role !== 'hvp' && given && Object.prototype.hasOwnProperty.call(given, name) ? given[name] : n.node;
      group[name] = headerText(text);
    }
    const v = opts.formulas?.value ?? valueNode;
    printed = { value: v === undefined ? undefined : headerText(v), ...groups };
    return printed;
  };
  const input = (name: string, dims?: Readonly<Record<string, number>>): Float64Array => {
    const len = inputLength(spec, name, dims);
    return rt ? rt.resident(len) : new Float64Array(len);
  };
  const resolved: ResolvedBackend = rt ? 'wasm' : gen ? 'js' : 'interp';
  const loops = ir.instrs.filter((i) => i.kind === 'loop' || i.kind === 'rows');
  const ev: Evaluator = {
    spec,
    run: made.run,
    get source() {
      return source();
    },
    get formulas() {
      return formulas();
    },
    backend: resolved,
    input,
    dispose: () => rt?.dispose(),
    stats: {
      loops: loops.length,
      rowFusedPasses: loops.filter((i) => i.kind === 'rows').length,
      buffers: ir.buffers!.length,
      stabilityRules: fired,
      backend: resolved,
      wasmKernels: rt ? wasmKernels : 0,
      threads: rt ? threads : 1,
    },
  };
  if (rt) evaluators.register(ev, rt);
  return ev;
}

/** What the generated text returns. */
interface Compiled {
  readonly allocate: Allocate;
  readonly kernel: Kernel;
}

/**
 * Per dimension signature, a kernel whose row-fused passes are fully unrolled when their rows
 * are short (n <= unrollMax): the one place where knowing a size at generation time pays.
 * Buffers and outputs are laid out exactly as in the general kernel (the same IR).
 */
function specializer(ir: IR, unrollMax: number): ((d: Float64Array) => Kernel | undefined) | undefined {
  const rowDims = new Set<string>();
  for (const l of ir.instrs) if (l.kind === 'rows' && typeof l.A.type.cols === 'string') rowDims.add(l.A.type.cols);
  if (rowDims.size === 0) return undefined;
  return (d) => {
    const fixed = new Map<string, number>();
    for (const name of rowDims) {
      const v = d[ir.dims.indexOf(name)];
      if (v <= unrollMax) fixed.set(name, v);
    }
    if (fixed.size === 0) return undefined;
    const gen = generate(ir, { fixedDims: fixed, unrollMax });
    return new Function(`'use strict';\n${helperSource(gen.helpers)}\n${gen.kernelSource}\nreturn kernel;`)() as Kernel;
  };
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
  for (const m of topoOrder([n]))
    size.set(
      m,
      Math.min(
        Number.MAX_SAFE_INTEGER,
        m.args.reduce((s, a) => s + size.get(a)!, 1),
      ),
    );
  return size.get(n)!;
}
