/**
 * Simplification checked by numbers: every textbook row's simplified gradient against finite
 * differences; every named rule's two sides on random instances; and, over random well-typed
 * expressions of the whole notation, simplify preserves the value, ends within its caps, and
 * never makes an expression larger.
 */
import fc from 'fast-check';
import { grad } from '../../src/ad';
import { Graph, Node } from '../../src/core/graph';
import { evaluate } from '../../src/eval/reference';
import { parseProgram } from '../../src/parse';
import { printText } from '../../src/print';
import { simplify, simplifyTraced } from '../../src/simplify';
import { makeContext, scalarExpr, anyExpr } from '../support/arbitrary';
import { checkGradient, compareTensors } from '../support/finite-diff';
import { makeRng, randomEnv } from '../support/random';
import { TABLE } from './textbook-table';

describe('textbook rows: simplified gradients agree with finite differences', () => {
  test.each(TABLE.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const p = parseProgram(`${row.decls}\n${row.f}`);
    const x = p.scope.declarations.get(row.wrt)!.node;
    const raw = grad(p.graph, p.result!, x);
    const simple = simplify(p.graph, raw);
    const rng = makeRng(7);
    for (let k = 0; k < 3; k++) {
      const env = randomEnv(p.graph, [p.result!, raw], rng);
      expect(checkGradient(p.result!, x, simple, env, rng).failures).toEqual([]);
    }
    expect(simple.size).toBeLessThanOrEqual(raw.size);
  });
});

// Every named rule as an identity, on foreign targets and inside larger expressions: rules-sound.test.ts.

describe('the trace names what fired', () => {
  test('the seed reaches its form by the algebra, the exp spelling also by sigmoid-from-exp', () => {
    const [seed, seedExp] = TABLE;
    const rulesOf = (row: (typeof TABLE)[number]) => {
      const p = parseProgram(`${row.decls}\n${row.f}`);
      const r = simplifyTraced(p.graph, grad(p.graph, p.result!, p.scope.declarations.get('x')!.node));
      return r.steps.map((s) => s.rule);
    };
    expect(rulesOf(seed)).toContain('algebra');
    expect(rulesOf(seedExp)).toContain('sigmoid-from-exp');
  });
});

describe('property: simplify over random expressions of the whole notation', () => {
  const finite = (g: Graph, n: Node | Node[], seed: number) => {
    try {
      const env = randomEnv(g, n, makeRng(seed));
      return env;
    } catch {
      return undefined;
    }
  };

  test('preserves the value, barely grows, and reaches a fixed point', () => {
    const ctx = makeContext();
    fc.assert(
      fc.property(anyExpr(ctx, { safe: true }), fc.integer({ min: 1, max: 1e6 }), (e, seed) => {
        const env = finite(ctx.graph, e, seed);
        fc.pre(env !== undefined);
        const s = simplify(ctx.graph, e);
        // The textbook form may spend an exponent node on a repeated factor (m·m as m², x ⊙ x as
        // x∘²): a node or two, never more.
        expect(s.size).toBeLessThanOrEqual(e.size + 2);
        expect(simplify(ctx.graph, s)).toBe(s); // a fixed point within the caps
        const want = evaluate(e, env!);
        fc.pre(want.data.every((v) => Math.abs(v) < 1e8));
        expect(compareTensors(evaluate(s, env!), want, { rtol: 1e-8, atol: 1e-8 }, printText(e))).toEqual([]);
      }),
      { numRuns: 300, seed: 20261128 },
    );
  });

  test('gradients of random scalar expressions, simplified, match finite differences', () => {
    const ctx = makeContext();
    const vars = ['s', 'u', 'A', 'B', 'S'] as const;
    fc.assert(
      fc.property(scalarExpr(ctx, { safe: true }), fc.constantFrom(...vars), fc.integer({ min: 1, max: 1e6 }), (f, name, seed) => {
        const x = ctx.vars[name];
        const env = finite(ctx.graph, [f, x], seed);
        fc.pre(env !== undefined);
        const fx = evaluate(f, env!).data[0];
        fc.pre(Math.abs(fx) < 1e6);
        const G = simplify(ctx.graph, grad(ctx.graph, f, x));
        const check = checkGradient(f, x, G, env!, makeRng(seed), { rtol: 1e-5 });
        if (check.failures.length) throw new Error(`${printText(f)} wrt ${name}: ${check.failures.join('; ')} (G = ${printText(G)})`);
      }),
      { numRuns: 300, seed: 20261129 },
    );
  });
});
