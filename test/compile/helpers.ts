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

/** Compile `outputs`, run on `env`, and compare each output with the reference interpreter. */
export function checkAgainstReference(
  graph: Graph,
  outputs: readonly Node[],
  env: Env,
  opts: CompileNodesOptions = {},
  label = '',
  rtol = RTOL,
): { failures: string[]; evaluator: Evaluator } {
  const ev = compileNodes(graph, outputs, opts);
  const expected = evaluateAll(outputs, env);
  const got = ev.run(inputsOf(env), { dims: Object.fromEntries(env.dims) });
  const failures = outputs.flatMap((_, i) => mismatches(got.outputs[i], expected[i], `${label} output ${i}: `, rtol));
  return { failures, evaluator: ev };
}
