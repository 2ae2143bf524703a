/**
 * Which line of a failed derivation is wrong. Verification compares every line, its pending
 * differentials expanded by the JVP rules, with reverse mode: a wrong rule makes every line
 * fail together. Here each pending d(u) is instead measured by central differences of u along
 * dx (numbers, independent of any rule), so the first line that disagrees is the one whose
 * rule is wrong. Used only to word the error; never to accept a line.
 */
import { Node, topoOrder } from '../core/graph';
import { makeRng, Sampler } from '../eval/random';
import { evaluate, evaluateAll } from '../eval/reference';
import { relDiff } from '../eval/compare';
import { Env, Tensor } from '../eval/tensor';
import type { Differentials } from './differential';

/** u at x + t·dx, with dx's own value in `env`. */
function shifted(env: Env, x: Node, dx: Node, t: number): Env {
  const X = env.vars.get(x.name!)!;
  const D = env.vars.get(dx.name!)!;
  const moved: Tensor = { rows: X.rows, cols: X.cols, data: X.data.map((v, i) => v + t * D.data[i]) };
  return { vars: new Map(env.vars).set(x.name!, moved), dims: env.dims };
}

/** d u[dx] by the five-point central difference. */
function measured(u: Node, x: Node, dx: Node, env: Env): Tensor {
  const h = 1e-3;
  const [p1, m1, p2, m2] = [h, -h, 2 * h, -2 * h].map((t) => evaluate(u, shifted(env, x, dx, t)));
  return { rows: p1.rows, cols: p1.cols, data: p1.data.map((_, i) => (8 * (p1.data[i] - m1.data[i]) - (p2.data[i] - m2.data[i])) / (12 * h)) };
}

/** The index of the first line (of `lines`) whose value, with measured differentials, is not `reference`'s; or -1. */
export function firstWrongLine(f: Node, d: Differentials, lines: readonly Node[], reference: Node): number {
  const x = d.x;
  const dx = d.dx;
  const { env } = new Sampler([f, reference, ...lines]).draw(makeRng(11), {});
  const [want] = evaluateAll([reference], env);
  for (let k = 0; k < lines.length; k++) {
    const vars = new Map(env.vars);
    for (const n of topoOrder([lines[k]])) {
      const u = d.target(n);
      if (u && u !== x) vars.set(n.name!, measured(u, x, dx, env));
    }
    if (relDiff(evaluate(lines[k], { vars, dims: env.dims }), want) > 1e-5) return k;
  }
  return -1;
}
