/**
 * The forward-mode (JVP) rules against the reverse-mode (VJP) rules and against finite
 * differences, on random well-typed programs of every shape, wrt every variable they mention,
 * in random directions: ⟨∇f, v⟩ = df[v] for scalar f, and df[v] = d/dt f(x + t v) for any f.
 */
import fc from 'fast-check';
import * as B from '../../src/core/build';
import { Graph, Node, freeVars, topoOrder } from '../../src/core/graph';
import { MatdiffError } from '../../src/core/errors';
import { backpropagate } from '../../src/ad/reverse';
import { jvp } from '../../src/ad/forward';
import { evaluate, evaluateAll } from '../../src/eval/reference';
import { Env } from '../../src/eval/tensor';
import { anyExpr, makeContext, scalarExpr } from '../support/arbitrary';
import { compareTensors, directionalDerivativeTensor } from '../support/finite-diff';
import { makeRng, randomEnv } from '../support/random';

const TOL = { rtol: 1e-5, atol: 1e-6 };
let compared = 0;
let paired = 0;

/** A random instance on which every node is finite and moderate, or undefined. */
function instance(g: Graph, roots: readonly Node[], seed: number): Env | undefined {
  let env: Env;
  try {
    env = randomEnv(g, roots, makeRng(seed));
  } catch (e) {
    if (e instanceof MatdiffError && e.kind === 'domain') return undefined;
    throw e;
  }
  const ok = evaluateAll(topoOrder(roots), env).every((t) => t.data.every((v) => Number.isFinite(v) && Math.abs(v) <= 1e4));
  return ok ? env : undefined;
}

/** Problems with df[v] for every variable of f, or [] when all agree. */
function problems(g: Graph, f: Node, seed: number): string[] {
  const out: string[] = [];
  for (const x of freeVars(f).values()) {
    const v = B.variable(g, `dir_${x.name}`, x.shape);
    const d = jvp(g, f, x, v) ?? B.zeros(g, f.shape);
    const env = instance(g, [f, d, v], seed);
    if (!env) continue;
    const got = evaluate(d, env);
    const coarse = directionalDerivativeTensor(f, x, env, env.vars.get(v.name!)!, { step: 1e-4 });
    const fine = directionalDerivativeTensor(f, x, env, env.vars.get(v.name!)!, { step: 1e-4 / 8 });
    if (compareTensors(coarse, fine, TOL).length) continue; // finite differences cannot judge here
    compared++;
    out.push(...compareTensors(got, fine, TOL).map((p) => `wrt ${x.name}, vs finite differences: ${p}`));
    if (f.shape.rows === 1 && f.shape.cols === 1) {
      const G = backpropagate(g, f, B.num(g, 1), x);
      if (G) {
        paired++;
        const pairing = evaluate(B.dot(g, G, v), env);
        out.push(...compareTensors(got, pairing, { rtol: 1e-9, atol: 1e-9 }).map((p) => `wrt ${x.name}, vs <grad, v>: ${p}`));
      }
    }
  }
  return out;
}

const holds = (g: Graph) => (f: Node, seed: number) => {
  const found = problems(g, f, seed);
  if (found.length) throw new Error(found.join('\n'));
};
const seeds = fc.integer({ min: 1, max: 2 ** 31 - 1 });

describe('forward mode (JVP rules)', () => {
  it('agrees with finite differences on random programs of every shape', () => {
    const ctx = makeContext();
    compared = 0;
    fc.assert(fc.property(anyExpr(ctx, { safe: true, maxDepth: 4 }), seeds, holds(ctx.graph)), { numRuns: 400 });
    // The property must have judged real cases, not skipped them all.
    expect(compared).toBeGreaterThan(300);
  });

  it('agrees with reverse mode, <grad f, v> = df[v], on random scalar programs', () => {
    const ctx = makeContext();
    paired = 0;
    fc.assert(fc.property(scalarExpr(ctx, { safe: true, maxDepth: 4 }), seeds, holds(ctx.graph)), { numRuns: 300 });
    expect(paired).toBeGreaterThan(150);
  });
});
