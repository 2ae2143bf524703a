/** Shared checks for the compiler tests: compiled numbers against the reference interpreter. */
import { Graph, Node } from '../../src/core/graph';
import { compileNodes } from '../../src/compile';
import { CompileNodesOptions, Evaluator } from '../../src/compile/types';
import { evaluateAll } from '../../src/eval/reference';
import { Env, Tensor } from '../../src/eval/tensor';
import { compareTensors } from '../support/finite-diff';

/** Relative agreement required everywhere (scaled by the largest entry of each output). */
export const RTOL = 1e-12;

export function inputsOf(env: Env): Record<string, Tensor> {
  return Object.fromEntries(env.vars);
}

/** Mismatches between two tensors at 1e-12 relative (absolute part scaled by the largest entry). */
export function mismatches(actual: Tensor, expected: Tensor, label: string, rtol = RTOL): string[] {
  let scale = 0;
  for (const v of expected.data) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  return compareTensors(actual, expected, { rtol, atol: rtol * (1 + scale) }, label);
}

/**
 * Every backend and thread count the compiled-vs-reference checks run on. Two threads with a
 * crossover of 0 split every row-separable pass, however small.
 */
export const BACKENDS: readonly { readonly label: string; readonly opts: CompileNodesOptions }[] = [
  { label: 'js', opts: { backend: 'js' } },
  { label: 'wasm, 1 thread', opts: { backend: 'wasm', threads: 1 } },
  { label: 'wasm, 2 threads', opts: { backend: 'wasm', threads: 2, threadCrossover: 0 } },
  { label: 'interp', opts: { backend: 'interp' } },
];

/** Compile `outputs`, run on `env`, and compare each output with the reference interpreter, on every backend (or the one opts names). */
export function checkAgainstReference(
  graph: Graph,
  outputs: readonly Node[],
  env: Env,
  opts: CompileNodesOptions = {},
  label = '',
  rtol = RTOL,
): { failures: string[]; evaluator: Evaluator } {
  const expected = evaluateAll(outputs, env);
  const configs = opts.backend ? [{ label: opts.backend, opts: {} }] : BACKENDS;
  let first: Evaluator | undefined;
  const failures: string[] = [];
  for (const c of configs) {
    const ev = compileNodes(graph, outputs, { ...opts, ...c.opts });
    const got = ev.run(inputsOf(env), { dims: Object.fromEntries(env.dims) });
    failures.push(...outputs.flatMap((_, i) => mismatches(got.outputs[i], expected[i], `${label} [${c.label}] output ${i}: `, rtol)));
    if (first) ev.dispose();
    else first = ev;
  }
  return { failures, evaluator: first! };
}

/** The variables the operation suites use (ops.test.ts, ir/ops.test.ts). */
export const OP_DECLS = `
A : matrix(m, n)
R : matrix(n, m)
B : matrix(n, n)
C : matrix(m, m)
S : symmetric(n)
x : vector(n)
u : vector(n)
y : vector(m)
b : vector(m)
s : scalar
t : scalar
`;

/** Odd sizes: 1×k, k×1, sizes the 4-row blocking does not divide. */
export const OP_SIZES: Array<[number, number]> = [
  [1, 1],
  [1, 5],
  [5, 1],
  [3, 7],
  [7, 3],
  [9, 6],
  [13, 5],
  [6, 9],
  [6, 17],
  [11, 18],
  [18, 2],
];
