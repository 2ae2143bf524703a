/**
 * The random-program suite of test/compile/random.test.ts and schedule.test.ts on the 'interp'
 * backend: values of expressions of every shape, and the value with every gradient of scalar
 * expressions in one evaluator, against the reference interpreter (and bit for bit against the
 * generated JavaScript, which runs the same operations in the same order).
 */
import fc from 'fast-check';
import { grad } from '../../../src/ad';
import { SCALAR } from '../../../src/core/dims';
import { Graph, Node, freeVars, topoOrder } from '../../../src/core/graph';
import { evaluateAll } from '../../../src/eval/reference';
import { simplify } from '../../../src/simplify';
import { makeContext, recipes } from '../../support/arbitrary';
import { makeRng, randomEnv } from '../../support/random';
import { checkInterp } from './helpers';

/** As in random.test.ts: random compositions of inv/det/logdet are held to 1e-10. */
const RANDOM_RTOL = 1e-10;

const finite = (_graph: Graph, nodes: readonly Node[], env: Parameters<typeof evaluateAll>[1]) =>
  evaluateAll(nodes, env).every((t) => t.data.every(Number.isFinite));
const wellScaled = (nodes: readonly Node[], env: Parameters<typeof evaluateAll>[1]) =>
  evaluateAll(topoOrder(nodes), env).every((t) => t.data.every((v) => Number.isFinite(v) && Math.abs(v) <= 1e6));

function envOrSkip(...args: Parameters<typeof randomEnv>) {
  try {
    return randomEnv(...args);
  } catch {
    fc.pre(false);
    throw new Error('unreachable');
  }
}

describe('random programs: interp = reference', () => {
  test('values of expressions of every shape', () => {
    fc.assert(
      fc.property(recipes({ safe: true, maxDepth: 3 }), fc.integer({ min: 1, max: 1e9 }), (r, seed) => {
        const ctx = makeContext();
        const e = r.build(ctx);
        const env = envOrSkip(ctx.graph, e, makeRng(seed), { maxSize: 9 });
        fc.pre(wellScaled([e], env));
        expect(checkInterp(ctx.graph, [e], env, {}, String(r), RANDOM_RTOL).failures).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  test('value and every gradient of scalar expressions, in one evaluator (row fusion on and off)', () => {
    fc.assert(
      fc.property(recipes({ safe: true, maxDepth: 3, of: SCALAR }), fc.integer({ min: 1, max: 1e9 }), fc.boolean(), fc.boolean(), (r, seed, simp, rowFusion) => {
        const ctx = makeContext();
        const f = r.build(ctx);
        const grads = [...freeVars(f).values()].map((v) => {
          const d = grad(ctx.graph, f, v);
          return simp ? simplify(ctx.graph, d) : d;
        });
        const nodes = [f, ...grads];
        const env = envOrSkip(ctx.graph, nodes, makeRng(seed), { maxSize: 9 });
        fc.pre(finite(ctx.graph, nodes, env) && wellScaled(nodes, env));
        expect(checkInterp(ctx.graph, nodes, env, { rowFusion }, String(r), RANDOM_RTOL).failures).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
