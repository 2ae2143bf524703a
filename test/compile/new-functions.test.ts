/** log1p, expm1 and relu in every backend (scalar code, row-fused passes and vector loops), and their gradients. */
import { freeVars } from '../../src/core/graph';
import { derive } from '../../src/derive';
import { parseProgram } from '../../src/parse';
import { makeRng, randomEnv } from '../support/random';
import { checkAgainstReference } from './helpers';

describe('log1p, expm1 and relu compiled', () => {
  it.each([
    ['elementwise over a matrix', 'X : matrix(m, n)\nlog1p(exp(X)) + expm1(X) + relu(X - 0.5)'],
    ['max and min, with a broadcast scalar', 'X : matrix(m, n); Y : matrix(m, n); t : scalar\nmax(X, Y) + min(X, t) + max(t, Y)'],
    ['max in a row-fused loss', 'A : matrix(m, n); x : vector(n); b : vector(m)\nsum(max(A*x, b) .^ 2) + sum(min(A*x, 0))'],
    ['a loss in one row-fused pass with its gradient', 'A : matrix(m, n); x : vector(n)\nsum(log1p(exp(A*x))) + sum(relu(A*x)) + sum(expm1(x))'],
  ])('%s: every backend equals the reference', (_label, source) => {
    const p = parseProgram(source);
    const f = p.result!;
    const outputs = [f];
    const x = freeVars(f).get('x');
    if (x) outputs.push(derive(p.graph, 'grad', f, x).node);
    const env = randomEnv(p.graph, outputs, makeRng(9), {
      sizes: new Map([
        ['m', 37],
        ['n', 5],
      ]),
    });
    expect(checkAgainstReference(p.graph, outputs, env).failures).toEqual([]);
  });
});
