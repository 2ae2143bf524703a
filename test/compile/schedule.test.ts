/**
 * Scheduling and code generation must agree on where every value lives (issue 8, finding 13):
 * a vector's transpose is an alias of the vector, so a row-fused pass whose update reads
 * `h' * M` with `h = (M*y)'` reads the local of M*y, not a local for the transpose that
 * liveness dropped ("t18 is not defined"). Random product chains with vector transposes,
 * diag and inv, in one evaluator with every gradient, are compared with the reference.
 */
import fc from 'fast-check';
import { grad } from '../../src/ad';
import * as b from '../../src/core/build';
import { shape } from '../../src/core/dims';
import { Node, freeVars, topoOrder } from '../../src/core/graph';
import { compileProgram } from '../../src/compile';
import { evaluateAll } from '../../src/eval/reference';
import { parseProgram } from '../../src/parse';
import { simplify } from '../../src/simplify';
import { ExprContext, Recipe, makeContext, recipes } from '../support/arbitrary';
import { envOf, makeRng, randomEnv } from '../support/random';
import { checkAgainstReference, mismatches } from './helpers';

const RANDOM_RTOL = 1e-10;

describe('vector transposes are aliases in every loop', () => {
  test('issue 8 #13: sum(A * diag(x) * diag(inv(A))) with its gradient wrt A', () => {
    const src = 'x : vector(n); A : matrix(n, n); sum(A * diag(x) * diag(inv(A)))';
    const data = {
      x: [1, 2, 3, -1, 0.5],
      A: [
        [4, 1, 0, 0, 1],
        [0, 3, 1, 0, 0],
        [1, 0, 4, 1, 0],
        [0, 1, 0, 5, 1],
        [1, 0, 0, 1, 3],
      ],
    };
    const ev = compileProgram(src, { wrt: 'A' });
    const r = ev.run(data);
    const p = parseProgram(src);
    const g = simplify(p.graph, grad(p.graph, p.result!, p.scope.declaration('A')!.node));
    const [value, gradient] = evaluateAll([p.result!, g], envOf(data, { n: 5 }));
    expect(mismatches(r.value!, value, 'value')).toEqual([]);
    expect(mismatches(r.gradients.A, gradient, 'gradient')).toEqual([]);
  });

  const sq = recipes({ safe: true, maxDepth: 1, of: shape('n', 'n') });
  const vec = recipes({ safe: true, maxDepth: 1, of: shape('n', 1) });
  const build = (label: string, f: (c: ExprContext, x: Node) => Node, r: Recipe): Recipe => ({
    build: (c) => f(c, r.build(c)),
    toString: () => `${label}(${r})`,
  });
  /** n×n factors: any matrix, diag(vector), diag(diag(inv(M))) */
  const factor = fc.oneof(
    sq,
    vec.map((r) => build('diag', (c, x) => b.diag(c.graph, x), r)),
    sq.map((r) => build('diag∘diag∘inv', (c, x) => b.diag(c.graph, b.diag(c.graph, b.inv(c.graph, x))), r)),
  );
  /** A vector at the end of the chain: any vector, or diag(inv(M)). */
  const lastVec = fc.oneof(
    vec,
    sq.map((r) => build('diag∘inv', (c, x) => b.diag(c.graph, b.inv(c.graph, x)), r)),
  );
  /** How the chain becomes a scalar. */
  const closing = fc.constantFrom('sum-of-vector', 'sum', 'bilinear', 'trace');

  test('random product chains: value and every gradient, compiled = reference', () => {
    fc.assert(
      fc.property(
        fc.array(factor, { minLength: 1, maxLength: 4 }),
        closing,
        lastVec,
        fc.integer({ min: 1, max: 1e9 }),
        fc.boolean(),
        (fs, close, last, seed, simp) => {
          const ctx = makeContext();
          const g = ctx.graph;
          const factors = fs.map((r) => r.build(ctx));
          const chain = (extra: Node[]) => (factors.length + extra.length >= 2 ? b.matmul(g, [...factors, ...extra]) : factors[0]);
          const f =
            close === 'sum-of-vector'
              ? b.sum(g, chain([last.build(ctx)]))
              : close === 'sum'
                ? b.sum(g, chain([]))
                : close === 'bilinear'
                  ? b.dot(g, ctx.vars.u, chain([ctx.vars.v]))
                  : b.tr(g, chain([]));
          const grads = [...freeVars(f).values()].map((v) => (simp ? simplify(g, grad(g, f, v)) : grad(g, f, v)));
          const nodes = [f, ...grads];
          let env;
          try {
            env = randomEnv(g, nodes, makeRng(seed), { maxSize: 7 });
          } catch {
            return fc.pre(false);
          }
          fc.pre(evaluateAll(topoOrder(nodes), env).every((t) => t.data.every((x) => Number.isFinite(x) && Math.abs(x) <= 1e6)));
          const label = `${fs.map(String).join(' * ')} [${close}${close === 'sum-of-vector' ? ` ${last}` : ''}]`;
          for (const rowFusion of [true, false]) {
            const { failures } = checkAgainstReference(g, nodes, env, { rowFusion }, label, RANDOM_RTOL);
            expect(failures).toEqual([]);
          }
        },
      ),
      { numRuns: 250 },
    );
  });
});
