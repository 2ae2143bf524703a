/**
 * Common denominators with sums kept factored (together.ts): the value is the input's on random
 * instances at every shape, sums inside stay factored, and nothing is offered when no like
 * terms meet.
 */
import { Graph, Node } from '../../src/core/graph';
import { evaluate } from '../../src/eval/reference';
import { parseProgram } from '../../src/parse';
import { printUnicode } from '../../src/print';
import { simplify } from '../../src/simplify';
import { collectPowers, together } from '../../src/simplify/together';
import { moveSignIntoSum } from '../../src/simplify/sign';
import { compareTensors } from '../support/finite-diff';
import { makeRng, randomEnv } from '../support/random';

const SHAPES = ['scalar', 'vector(n)', 'matrix(m, n)'];

function sameValues(g: Graph, a: Node, b: Node, seed: number): string[] {
  const rng = makeRng(seed);
  const problems: string[] = [];
  for (let k = 0; k < 4; k++) {
    const env = randomEnv(g, [a, b], rng);
    problems.push(...compareTensors(evaluate(b, env), evaluate(a, env), { rtol: 1e-9, atol: 1e-10 }));
  }
  return problems;
}

function program(shape: string, body: string) {
  return parseProgram(`r : ${shape}; s : ${shape}; c : scalar\n${body}`);
}

describe('together: one fraction over the common denominator', () => {
  const cases: Array<[string, string]> = [
    ['1 ./ (r.^2 + 1) - 2 * (r .* r ./ (r.^2 + 1).^2)', '(1 − r∘²) ⊘ (r∘² + 1)∘²'],
    ['(r - s) ./ (r + s) + 2 * s ./ (r + s)', '𝟏'],
    ['r ./ (c + r) + c ./ (c + r)', '𝟏'],
    ['1 ./ s - r ./ (s .* (r + s))', '1 ⊘ (r + s)'],
    ['1 ./ sqrt(r.^2 + 1) - r .* r ./ sqrt(r.^2 + 1).^3', '1 ⊘ (r∘² + 1)∘^(3/2)'],
  ];
  for (const shape of SHAPES)
    test.each(cases)(`${shape}: %s`, (body, expected) => {
      const p = program(shape, body);
      const out = together(p.graph, p.result!);
      expect(out).toBeDefined();
      expect(sameValues(p.graph, p.result!, out!, 11)).toEqual([]);
      // The saturated result is at least as small, and prints the combined form when it is the smallest.
      const simple = simplify(p.graph, p.result!);
      expect(sameValues(p.graph, p.result!, simple, 12)).toEqual([]);
      if (shape === 'vector(n)') expect(printUnicode(simple)).toBe(expected);
    });

  test('a residual stays factored: the Cauchy weight keeps Ax − b as one factor', () => {
    const p = parseProgram('A : matrix(m, n); x : vector(n); b : vector(m)\n1 ./ ((A*x - b).^2 + 1) - 2 * ((A*x - b) .* (A*x - b) ./ ((A*x - b).^2 + 1).^2)');
    const out = together(p.graph, p.result!)!;
    expect(printUnicode(out)).toBe('(1 − (Ax − b)∘²) ⊘ ((Ax − b)∘² + 1)∘²');
    expect(sameValues(p.graph, p.result!, out, 13)).toEqual([]);
  });

  test('inside larger expressions the combination keeps the value', () => {
    const p = parseProgram(
      "A : matrix(m, n); x : vector(n); b : vector(m); r : vector(m)\nx' * A' * (exp(r) .* (1 ./ (r.^2 + 1) - 2 * (r .* r ./ (r.^2 + 1).^2))) + sum(b ./ (b.^2 + 1) - b.^3 ./ (b.^2 + 1))",
    );
    const simple = simplify(p.graph, p.result!);
    expect(sameValues(p.graph, p.result!, simple, 14)).toEqual([]);
    expect(printUnicode(simple)).toContain('(1 − r∘²) ⊘ (r∘² + 1)∘²');
  });

  test.each([
    ['r + s', 'no denominator'],
    ['1 ./ r + 1 ./ s', 'no like terms meet: (r + s) ⊘ (r ⊙ s) is only the same sum rearranged'],
    ['r .^ (1/2) ./ s + 1 ./ s .^ (1/2)', 'fractional powers over a common denominator, but no like terms meet'],
    ['1 ./ r .^ (1/100) + 1', 'a power with a large denominator'],
    ['1 ./ r .^ 100 + 1', 'a huge power'],
  ])('%s: nothing offered (%s)', (body) => {
    const p = program('vector(n)', body);
    expect(together(p.graph, p.result!)).toBeUndefined();
  });
});

describe('collectPowers: repeated factors as powers, sums kept closed', () => {
  test.each([
    ['r .* r .* r', 'r∘³'],
    ['r .* r .* (r + s)', 'r∘² ⊙ (r + s)'],
    ['c * r .* r .* c', 'c²r∘²'],
  ])('%s', (body, expected) => {
    for (const shape of SHAPES) {
      const p = program(shape, body);
      const out = collectPowers(p.graph, p.result!);
      expect(out).toBeDefined();
      expect(sameValues(p.graph, p.result!, out!, 21)).toEqual([]);
      if (shape === 'vector(n)') expect(printUnicode(out!)).toBe(expected);
    }
  });
  test('nothing repeated: nothing offered', () => {
    const p = program('vector(n)', 'r .* s .* (r + s)');
    expect(collectPowers(p.graph, p.result!)).toBeUndefined();
  });
});

describe('moveSignIntoSum reaches a sum inside products', () => {
  test('−2(M ⊙ (X − UVᵀ))V -> 2(M ⊙ (UVᵀ − X))V, same values', () => {
    const p = parseProgram("M : matrix(m,n); X : matrix(m,n); U : matrix(m,k); V : matrix(n,k)\n-2 * (M .* (X - U*V')) * V");
    const out = moveSignIntoSum(p.graph, p.result!)!;
    expect(printUnicode(out)).toBe('2(M ⊙ (UVᵀ − X)) V');
    expect(sameValues(p.graph, p.result!, out, 22)).toEqual([]);
  });
});
