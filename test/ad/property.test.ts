/**
 * fast-check: random well-typed scalar expressions over the whole notation; grad (unsimplified)
 * matches finite differences wrt every kind of variable, and the Hessian wrt a vector is symmetric
 * and matches finite differences of the gradient wherever the Jacobian rules cover it.
 */
import fc from 'fast-check';
import { SCALAR } from '../../src/core/dims';
import { Graph, Node } from '../../src/core/graph';
import { UnsupportedError } from '../../src/core/errors';
import { grad, hessian } from '../../src/ad';
import { evaluate } from '../../src/eval/reference';
import { Env } from '../../src/eval/tensor';
import { makeContext, recipes } from '../support/arbitrary';
import { checkGradient, compareTensors, fdJacobian } from '../support/finite-diff';
import { makeRng, randomEnv } from '../support/random';

/** A random instance where f is finite and moderate, or undefined. */
function instance(g: Graph, roots: Node[], seed: number): Env | undefined {
  try {
    const env = randomEnv(g, roots, makeRng(seed));
    return evaluate(roots[0], env).data.every((v) => Math.abs(v) < 1e6) ? env : undefined;
  } catch {
    return undefined;
  }
}

const vars = ['s', 'u', 'A', 'B', 'S'] as const;

test('grad of random scalar expressions matches finite differences', () => {
  const ctx = makeContext();
  let checked = 0;
  fc.assert(
    fc.property(recipes({ safe: true, of: SCALAR }), fc.constantFrom(...vars), fc.integer({ min: 1, max: 1e6 }), (r, name, seed) => {
      const f = r.build(ctx);
      const x = ctx.vars[name];
      const G = grad(ctx.graph, f, x);
      const env = instance(ctx.graph, [f, G, x], seed);
      fc.pre(env !== undefined);
      const check = checkGradient(f, x, G, env!, makeRng(seed), { rtol: 1e-5 });
      if (check.failures.length) throw new Error(`${String(r)} wrt ${name}: ${check.failures.join('; ')}`);
      checked++;
    }),
    { numRuns: 400, seed: 20261130 },
  );
  expect(checked).toBeGreaterThan(300);
});

test('hessians of random scalar expressions wrt a vector match finite differences of the gradient', () => {
  const ctx = makeContext();
  let covered = 0;
  fc.assert(
    fc.property(recipes({ safe: true, of: SCALAR }), fc.integer({ min: 1, max: 1e6 }), (r, seed) => {
      const f = r.build(ctx);
      const x = ctx.vars.u;
      let H: Node;
      try {
        H = hessian(ctx.graph, f, x);
      } catch (e) {
        if (e instanceof UnsupportedError) return; // a matrix intermediate depending on u: refused by name
        throw e;
      }
      const G = grad(ctx.graph, f, x);
      const env = instance(ctx.graph, [f, G, H, x], seed);
      fc.pre(env !== undefined);
      covered++;
      const failures = compareTensors(evaluate(H, env!), fdJacobian(G, x, env!), { rtol: 1e-5, atol: 1e-6 });
      if (failures.length) throw new Error(`${String(r)}: ${failures.join('; ')}`);
    }),
    { numRuns: 200, seed: 20261131 },
  );
  expect(covered).toBeGreaterThan(50);
});
