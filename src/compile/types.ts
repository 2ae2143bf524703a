/** The public shapes of a compiled evaluator: what goes in, what comes out. */
import { Node } from '../core/graph';
import { Tensor } from '../eval/tensor';
import type { Spec } from './runtime/types';

/** A value for one variable at the API edge. */
export type InputValue =
  | number
  | readonly number[]
  | readonly (readonly number[])[]
  | Float64Array // row-major; a matrix's dimensions must be given elsewhere or inferable
  | Tensor // { rows, cols, data: Float64Array }
  | { toArray(): unknown; size(): unknown }; // a mathjs Matrix (duck-typed)

export type Inputs = Readonly<Record<string, InputValue>>;

export interface RunOptions {
  /** Sizes of dimension symbols that no input determines (e.g. for a flat Float64Array). */
  readonly dims?: Readonly<Record<string, number>>;
  /**
   * Return a fresh result whose arrays no later call touches (default false: the result and its
   * arrays are the evaluator's, reused and overwritten by the next call with the same dimensions).
   */
  readonly copy?: boolean;
}

/**
 * What `run` returns. Every Tensor is row-major over a Float64Array that the evaluator owns
 * and overwrites on the next call with the same dimensions (nothing is allocated per call, and
 * `run(a) === run(b)` when a and b have the same dimensions): copy what you keep, or pass
 * `{ copy: true }` for a fresh result. A scalar is a 1×1 Tensor (`value.data[0]`).
 */
export interface EvalResult {
  /** The value of the expression, when it was asked for. */
  readonly value: Tensor | undefined;
  /** Each requested gradient, by variable name, shaped like the variable. */
  readonly gradients: Readonly<Record<string, Tensor>>;
  /** Each requested Hessian (compile with hessian: true), by variable name: n×n for a vector(n). */
  readonly hessians: Readonly<Record<string, Tensor>>;
  /** Each requested Hessian-vector product H·v, by variable name, shaped like the variable. */
  readonly hvps: Readonly<Record<string, Tensor>>;
  /** Every output in the order given to compileNodes (value first, then gradients, Hessians, HVPs). */
  readonly outputs: readonly Tensor[];
}

/** Input, output and evaluator specs are the runtime's own (embedded in emitted modules). */
export type { InputSpec, OutputSpec } from './runtime/types';
/** The data the runtime works from (also embedded in emitted modules as SPEC). */
export type EvaluatorSpec = Spec;

/**
 * Outputs to compile: a value, gradients, Hessians and Hessian-vector products (each by variable
 * name; run's result names them the same way, and so do `spec.outputs` and emitted modules), or
 * a plain list of nodes (role 'output', named by index).
 */
export type Outputs =
  | {
      readonly value?: Node;
      readonly gradients?: Readonly<Record<string, Node>>;
      readonly hessians?: Readonly<Record<string, Node>>;
      readonly hvps?: Readonly<Record<string, Node>>;
    }
  | readonly Node[];

export interface CompileNodesOptions {
  /** Extra variables the evaluator accepts (and requires) even if no output reads them. */
  readonly inputs?: readonly Node[];
  /** Fuse A*x with A'*h(A*x) into one pass over A (default true). */
  readonly rowFusion?: boolean;
  /** Rows per block in row-fused passes (default 4). */
  readonly rowBlock?: number;
  /** Fully unroll row-fused passes over rows of at most this many entries, per signature (default 0: never; measured slower at n = 10). */
  readonly unrollMax?: number;
  /**
   * 'wasm': loops and products as WebAssembly SIMD over one shared wasm memory (loops it does
   * not render run as generated JavaScript on the same buffers); 'js': generated JavaScript
   * only; 'interp': the IR interpreted, no code generation at all (no `new Function`, no
   * wasm: for pages whose Content-Security-Policy forbids both); 'auto' (default): wasm where
   * WebAssembly SIMD and shared memory exist and code may be generated, else js where code
   * may be generated, else interp.
   */
  readonly backend?: Backend;
  /** Threads for row-separable wasm passes (default os.availableParallelism()); 1 = none. */
  readonly threads?: number;
  /** Smallest pass, in rows × columns, that is split over threads (default THREAD_CROSSOVER). */
  readonly threadCrossover?: number;
  /** Rewrite to numerically stable forms first (default true). */
  readonly stabilize?: boolean;
  /** Formulas for the header of emitted code; derived from the nodes when absent. */
  readonly formulas?: { readonly value?: string; readonly gradients?: Readonly<Record<string, string>> };
}

export type Backend = 'wasm' | 'js' | 'interp' | 'auto';
/** The backend an evaluator runs on ('auto' resolved). */
export type ResolvedBackend = Exclude<Backend, 'auto'>;

export interface Evaluator {
  readonly spec: EvaluatorSpec;
  /** The backend in use ('auto' resolved; 'js' also when wasm would render nothing). */
  readonly backend: ResolvedBackend;
  /**
   * A resident input: a Float64Array (row-major) for variable `name` that the wasm kernels
   * read in place. Fill it, pass it to run as the variable's value, and nothing is copied per
   * call. Symbolic sizes come from `dims`. Under the 'js' backend, a plain Float64Array.
   */
  input(name: string, dims?: Readonly<Record<string, number>>): Float64Array;
  /** Release worker threads and wasm memory now (otherwise when the evaluator is collected). */
  dispose(): void;
  /** Evaluate every output in one pass; see EvalResult for buffer ownership. */
  run(inputs: Inputs, options?: RunOptions): EvalResult;
  /** The generated JavaScript (helpers, allocate, kernel, runtime): what emitModule writes. */
  readonly source: string;
  /**
   * The formulas computed, for headers and display, by output name: gradients also holds the
   * outputs of a plain list (by index).
   */
  readonly formulas: {
    readonly value?: string;
    readonly gradients: Readonly<Record<string, string>>;
    readonly hessians: Readonly<Record<string, string>>;
    readonly hvps: Readonly<Record<string, string>>;
  };
  /** What the lowering did, for tests and the curious. */
  readonly stats: CompileStats;
}

export interface CompileStats {
  readonly loops: number;
  readonly rowFusedPasses: number;
  readonly buffers: number;
  readonly backend: ResolvedBackend;
  /** Loops and products that run as wasm functions. */
  readonly wasmKernels: number;
  readonly threads: number;
  /** Stability rules that fired, in order. */
  readonly stabilityRules: readonly string[];
}
