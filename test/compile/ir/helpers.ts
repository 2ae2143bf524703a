/** The 'interp' backend against the reference interpreter (and, bit for bit, against 'js'). */
import { Graph, Node } from '../../../src/core/graph';
import { compileNodes } from '../../../src/compile';
import { compileInterp, InterpEvaluator } from '../../../src/compile/ir';
import { CompileNodesOptions } from '../../../src/compile/types';
import { evaluateAll } from '../../../src/eval/reference';
import { Env } from '../../../src/eval/tensor';
import { RTOL, inputsOf, mismatches } from '../helpers';

/** Entries that differ in any bit (NaN equals NaN) between interp and the 'js' backend. */
function bitDifferences(a: Float64Array, b: Float64Array, label: string): string[] {
  if (a.length !== b.length) return [`${label}: ${a.length} entries, js has ${b.length}`];
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return [`${label}[${i}]: interp ${a[i]}, js ${b[i]}`];
  return [];
}

/**
 * Compile `outputs` for 'interp', run on `env`, compare with the reference interpreter within
 * rtol; with `bitwise`, also with the 'js' backend entry for entry (same order of operations).
 */
export function checkInterp(
  graph: Graph,
  outputs: readonly Node[],
  env: Env,
  opts: CompileNodesOptions = {},
  label = '',
  rtol = RTOL,
  bitwise = true,
): { failures: string[]; evaluator: InterpEvaluator } {
  const expected = evaluateAll(outputs, env);
  const ev = compileInterp(graph, outputs, opts);
  const dims = { dims: Object.fromEntries(env.dims) };
  const got = ev.run(inputsOf(env), dims);
  const failures = outputs.flatMap((_, i) => mismatches(got.outputs[i], expected[i], `${label} [interp] output ${i}: `, rtol));
  if (bitwise) {
    const js = compileNodes(graph, outputs, { ...opts, backend: 'js' }).run(inputsOf(env), dims);
    outputs.forEach((_, i) => failures.push(...bitDifferences(got.outputs[i].data, js.outputs[i].data, `${label} [interp vs js] output ${i}`)));
  }
  return { failures, evaluator: ev };
}
