/**
 * The evaluator's runtime: input conversion and checking (inputs.ts), dimension binding, one
 * set of buffers per dimension signature (cache.ts), and `run`. The in-process evaluators of
 * every backend call createEvaluator directly; emitted standalone modules carry this
 * directory's code as text (scripts/generate-runtime.ts writes it at `npm run grammar` time),
 * so the two cannot drift apart. These files use nothing outside this directory (the text
 * must stand alone).
 *
 * Inputs per variable: a number, number[], number[][], a Float64Array (row-major), a
 * {rows, cols, data} tensor, or anything with toArray() and size() (a mathjs Matrix).
 * Arrays are copied (once per call, into a buffer kept for the signature) and checked for
 * shape, ragged rows and non-finite entries. Float64Arrays and tensors are used in place,
 * without a scan: if an output comes out non-finite, the inputs are scanned then, and a
 * non-finite input is reported by name. The result object and its arrays are reused by the
 * next call with the same dimensions (run(inputs, { copy: true }) returns fresh copies instead).
 */
import { MAX_SIGNATURES, State, bytesNeeded, checkArrays, sameDims, trim } from './cache';
import { Binding, beginCall, bindInputs, blameInputs, copyIn, createBinding, inPlaceData } from './inputs';
import type { Allocate, Evaluator, Fail, Kernel, OutputSpec, Result, RunOptions, Spec, Specialize, Tensor } from './types';

/**
 * An evaluator over a kernel and its allocate. specialize(d), when given, may return a kernel
 * generated for one dimension signature (in-process only: emitted modules always run the
 * general kernel).
 */
export function createEvaluator(spec: Spec, allocate: Allocate, kernel: Kernel, fail: Fail, specialize?: Specialize): Evaluator {
  const b = createBinding(spec, fail);
  const states = new Map<string, State>();
  let last: State | undefined = undefined;

  /** The state for the current dimensions: the last one, a cached one, or a new one. */
  function stateFor(): State {
    let st = last;
    if (st === undefined || !sameDims(st.d, b.d)) {
      const key = Array.prototype.join.call(b.d, ',');
      st = states.get(key);
      if (st === undefined) {
        // least recently used first: make room before allocating (their buffers go with them)
        checkArrays(b);
        trim(states, undefined, MAX_SIGNATURES - 1, bytesNeeded(b));
        st = makeState(b, key, allocate, kernel, specialize);
        states.set(key, st);
        trim(states, st, MAX_SIGNATURES, 0); // exact, now that the buffers exist
      } else (states.delete(key), states.set(key, st));
      last = st;
    }
    return st;
  }

  function run(inputs: Readonly<Record<string, unknown>>, options?: RunOptions): Result {
    const copy = beginCall(b, inputs, options);
    bindInputs(b, inputs);
    const st = stateFor();
    if (loadInputs(b, st)) trim(states, st, MAX_SIGNATURES, 0);
    st.kernel(st.d, st.ins, st.B);
    if (!outputsFinite(spec, st)) blameInputs(b, st.ins);
    return copy ? freshCopy(spec, st.result) : st.result;
  }

  return { run, spec };
}

/**
 * Buffers and the result for the current dimensions (checkArrays has passed), run by the
 * kernel specialize makes for them, if any, else by the general one.
 */
function makeState(b: Binding, key: string, allocate: Allocate, kernel: Kernel, specialize: Specialize | undefined): State {
  const { spec, d } = b;
  let B: Float64Array[];
  try {
    B = allocate(d);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return b.fail(outOfMemory(b), 'use smaller sizes, or give node more memory (node --max-old-space-size)');
  }
  const tensorOf = (o: OutputSpec, i: number): Tensor => ({
    rows: typeof o.rows === 'number' ? o.rows : d[b.dimIndex[o.rows]],
    cols: typeof o.cols === 'number' ? o.cols : d[b.dimIndex[o.cols]],
    data: B[spec.outputBuffers[i]],
  });
  const own = specialize === undefined ? undefined : specialize(d);
  const nIn = spec.inputs.length;
  return {
    key,
    d: Float64Array.from(d),
    B,
    kernel: own === undefined ? kernel : own,
    ins: new Array(nIn).fill(undefined),
    conv: new Array(nIn).fill(undefined),
    result: resultOf(spec, spec.outputs.map(tensorOf)),
  };
}

/** The message when allocate ran out of memory. */
function outOfMemory(b: Binding): string {
  const { spec, d } = b;
  let total = 0;
  for (const [r, c] of spec.arrays) total += (typeof r === 'number' ? r : d[b.dimIndex[r]]) * (typeof c === 'number' ? c : d[b.dimIndex[c]]);
  return (
    'not enough memory for the sizes ' +
    spec.dims.map((n, i) => n + ' = ' + d[i]).join(', ') +
    ': the evaluator needs about ' +
    ((total * 8) / 1e9).toPrecision(3) +
    ' GB of arrays'
  );
}

/**
 * Point st.ins at this call's inputs: in place for Float64Arrays and tensors, else copied (and
 * checked) into st.conv. Drops the caller's values. Returns whether a copy buffer was added.
 */
function loadInputs(b: Binding, st: State): boolean {
  let grew = false;
  for (let k = 0; k < b.spec.inputs.length; k++) {
    const data = inPlaceData(b, k);
    if (data !== undefined) st.ins[k] = data;
    else {
      let buf = st.conv[k];
      if (buf === undefined) ((buf = st.conv[k] = new Float64Array(b.rowsOf[k] * b.colsOf[k])), (grew = true));
      copyIn(b, k, buf);
      st.ins[k] = buf;
    }
    b.given[k] = undefined; // hold no reference to the caller's data between calls
  }
  return grew;
}

/** Is every entry of every output finite? */
function outputsFinite(spec: Spec, st: State): boolean {
  for (let i = 0; i < spec.outputBuffers.length; i++) {
    const o = st.B[spec.outputBuffers[i]];
    // x - x is 0 for a finite x and NaN otherwise (no global lookup per entry: under a vm
    // context, as in jest, Number.isFinite per entry measured 50× slower)
    for (let j = 0; j < o.length; j++) if (!(o[j] - o[j] === 0)) return false;
  }
  return true;
}

/** The result object over output tensors in spec order: value, gradients, Hessians and HVPs by role. */
function resultOf(spec: Spec, outputs: Tensor[]): Result {
  // user names are keys: __proto__ is a name too
  const gradients: Record<string, Tensor> = Object.create(null);
  const hessians: Record<string, Tensor> = Object.create(null);
  const hvps: Record<string, Tensor> = Object.create(null);
  let value: Tensor | undefined = undefined;
  spec.outputs.forEach((o, i) => {
    if (o.role === 'value') value = outputs[i];
    else if (o.role === 'gradient') gradients[o.name] = outputs[i];
    else if (o.role === 'hessian') hessians[o.name] = outputs[i];
    else if (o.role === 'hvp') hvps[o.name] = outputs[i];
  });
  return { value, gradients, hessians, hvps, outputs };
}

/** A copy of a result that no later call touches (run(inputs, { copy: true })). */
function freshCopy(spec: Spec, r: Result): Result {
  return resultOf(
    spec,
    r.outputs.map((t) => ({ rows: t.rows, cols: t.cols, data: t.data.slice() })),
  );
}
