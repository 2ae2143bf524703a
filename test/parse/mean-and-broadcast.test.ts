/** mean(X) in the notation, and the hint for a vector added to a matrix (a bias per column). */
import { ShapeError } from '../../src/core/errors';
import { freeVars } from '../../src/core/graph';
import { derive } from '../../src/derive';
import { evaluate } from '../../src/eval/reference';
import { parseProgram } from '../../src/parse';
import { print } from '../../src/print';
import { makeRng, randomEnv } from '../support/random';

describe('mean', () => {
  it('is the sum over the count of entries, and differentiates as that', () => {
    const p = parseProgram('X : matrix(m, n); x : vector(n)\nmean(X) + mean(x .^ 2)');
    expect(print(p.result!, 'unicode')).toBe('sum(X)/(mn) + sum(x∘²)/n');
    const x = freeVars(p.result!).get('x')!;
    expect(print(derive(p.graph, 'grad', p.result!, x).node, 'unicode')).toBe('(2/n) x');
    const env = randomEnv(p.graph, [p.result!], makeRng(1));
    const X = env.vars.get('X')!;
    const v = env.vars.get('x')!;
    const want = X.data.reduce((s, t) => s + t, 0) / X.data.length + v.data.reduce((s, t) => s + t * t, 0) / v.data.length;
    expect(evaluate(p.result!, env).data[0]).toBeCloseTo(want, 12);
  });
});

describe('a vector added to a matrix', () => {
  it.each([
    ['W*X + c', 'W : matrix(k, n); X : matrix(n, m); c : vector(k)', "c * ones(m)'"],
    ['X + c', 'X : matrix(m, n); c : vector(n)', "ones(m) * c'"],
  ])('%s says how to repeat the vector', (expr, decls, fix) => {
    try {
      parseProgram(`${decls}\n${expr}`);
      throw new Error('expected a shape error');
    } catch (e) {
      expect(e).toBeInstanceOf(ShapeError);
      expect((e as ShapeError).hint).toContain(fix);
      expect((e as ShapeError).span?.start.line).toBe(2);
    }
  });
});

describe('functions the notation writes otherwise', () => {
  it.each([
    ['maximum(x, 0)', /write max\(a, b\)/],
    ['log2(x)', /log\(x\) \/ log\(2\)/],
  ])('%s says what to write, not a near spelling', (expr, hint) => {
    try {
      parseProgram(`x : vector(n)\n${expr}`);
      throw new Error('expected an error');
    } catch (e) {
      expect((e as { hint?: string }).hint).toMatch(hint);
    }
  });

  it('min(x) has two arguments: the arity error, not "did you mean sin?"', () => {
    expect(() => parseProgram('x : vector(n)\nmin(x)')).toThrow(/min takes 2 arguments|arguments/);
  });

  it('log1p, expm1 and relu are functions of the notation', () => {
    const p = parseProgram('x : vector(n)\nsum(log1p(x .^ 2)) + sum(expm1(x)) + sum(relu(x))');
    expect(print(p.result!, 'text')).toBe('sum(expm1(x)) + sum(relu(x)) + sum(log1p(x.^2))');
  });
});
