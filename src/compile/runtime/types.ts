/**
 * The runtime's types: what an evaluator is given (a Spec, allocate, a kernel) and what run
 * takes and returns. Emitted TypeScript modules carry this file's declarations as written.
 */

/** A dimension: a fixed size or a symbol bound by the inputs (or options.dims). */
export type Dim = number | string;

/** A dense row-major matrix of doubles (a scalar is 1×1). */
export interface Tensor {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export interface InputSpec {
  readonly name: string;
  readonly rows: Dim;
  readonly cols: Dim;
}

export interface OutputSpec {
  readonly role: 'value' | 'gradient' | 'hessian' | 'hvp' | 'output';
  /** 'value', the variable of a gradient, Hessian or Hessian-vector product, or the output's index. */
  readonly name: string;
  readonly rows: Dim;
  readonly cols: Dim;
}

/** The data the runtime works from (embedded in emitted modules as SPEC). */
export interface Spec {
  readonly inputs: readonly InputSpec[];
  readonly dims: readonly string[];
  readonly outputs: readonly OutputSpec[];
  /** The buffer (index into allocate's arrays) that holds each output. */
  readonly outputBuffers: readonly number[];
  /** [rows, cols] of every array the kernel indexes: sizes that make one too long are refused. */
  readonly arrays: readonly (readonly [Dim, Dim])[];
}

/** What run returns: value and outputs by role, and every output in spec order. */
export interface Result {
  readonly value: Tensor | undefined;
  readonly gradients: Readonly<Record<string, Tensor>>;
  readonly hessians: Readonly<Record<string, Tensor>>;
  readonly hvps: Readonly<Record<string, Tensor>>;
  readonly outputs: readonly Tensor[];
}

export interface RunOptions {
  readonly dims?: Readonly<Record<string, number>>;
  readonly copy?: boolean;
}

/** Computes every output: d holds the sizes of spec.dims, ins the inputs, B the buffers. */
export type Kernel = (d: Float64Array, ins: Float64Array[], B: Float64Array[]) => void;

/** The arrays a kernel works in, for the sizes d of spec.dims. */
export type Allocate = (d: Float64Array) => Float64Array[];

/** Throws the caller's data error (kind 'data') with a message and a hint. */
export type Fail = (message: string, hint: string) => never;

/** A kernel specialized to one dimension signature, or undefined for the general one. */
export type Specialize = (d: Float64Array) => Kernel | undefined;

export interface Evaluator {
  run(inputs: Readonly<Record<string, unknown>>, options?: RunOptions): Result;
  readonly spec: Spec;
}
