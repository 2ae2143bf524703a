/**
 * Row-separability: losses and their gradients (and Hessians) split into per-row aggregates and a
 * merge, equal to the whole expression on random data; and what is not separable says why.
 */
import { freeVars } from '../../src/core/graph';
import { UnsupportedError } from '../../src/core/errors';
import { derive } from '../../src/derive';
import { evaluateAll } from '../../src/eval/reference';
import { parseProgram } from '../../src/parse';
import { print } from '../../src/print';
import { splitRows } from '../../src/separable';
import { evaluateSplit } from '../../src/separable/evaluate';
import { compareTensors } from '../support/finite-diff';
import { makeRng, randomEnv } from '../support/random';

const SEED = "A : matrix(m, n); x : vector(n); b : vector(m)\n-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))";

const separable: Array<[string, string, string]> = [
  ['the seed', SEED, 'x'],
  ['least squares with a ridge', "A : matrix(m, n); x : vector(n); b : vector(m); lambda : scalar\nnorm2(A*x - b)^2 + lambda * x' * x", 'x'],
  ['Poisson regression', "A : matrix(m, n); x : vector(n); b : vector(m)\nsum(exp(A*x)) - b' * A * x", 'x'],
  ['a softplus hinge', 'A : matrix(m, n); x : vector(n); b : vector(m)\nsum(softplus(1 - b .* (A*x))) / m', 'x'],
  ['multi-output least squares', "X : matrix(m, n); W : matrix(k, n); Y : matrix(m, k)\nsum((X*W' - Y) .^ 2)", 'W'],
  // Its Hessian, Aᵀ(A/‖r‖ − r rᵀA/‖r‖³), scales rows by a sum over the rows: two passes.
  ['a norm, not squared', 'A : matrix(m, n); x : vector(n); b : vector(m)\nnorm2(A*x - b)', 'x'],
];

describe('splitRows', () => {
  it.each(separable)('%s: value, gradient and Hessian split into row sums', (_label, source, wrt) => {
    const p = parseProgram(source);
    const f = p.result!;
    const x = freeVars(f).get(wrt)!;
    const roots = [f, derive(p.graph, 'grad', f, x).node];
    if (x.shape.cols === 1 && !/norm2\(A\*x - b\)$/.test(source)) roots.push(derive(p.graph, 'hessian', f, x).node);
    const split = splitRows(p.graph, roots, { params: [x] });
    expect(split.rows).toBe('m');
    expect(split.aggregates.length).toBeGreaterThan(0);
    const env = randomEnv(p.graph, roots, makeRng(3));
    const whole = evaluateAll(roots, env);
    evaluateSplit(split, env).forEach((t, i) => expect(compareTensors(t, whole[i], { rtol: 1e-10, atol: 1e-12 })).toEqual([]));
  });

  it("writes the seed's gradient as a sum of per-row terms", () => {
    const p = parseProgram(SEED);
    const f = p.result!;
    const x = freeVars(f).get('x')!;
    const split = splitRows(p.graph, [derive(p.graph, 'grad', f, x).node], { params: [x] });
    expect(split.aggregates.map((a) => print(a.perRow, 'unicode'))).toEqual(['(σ(Aᵢ x) − bᵢ) Aᵢᵀ']);
  });

  it.each([
    ['a row centred by its mean', 'A : matrix(m, n); x : vector(n)\nsum((A*x - sum(A*x)/m) .^ 2)', /two passes/],
    ['logsumexp over the rows', 'A : matrix(m, n); x : vector(n)\nlogsumexp(A*x)', /normalizes over the rows/],
    ['softmax over the rows', "A : matrix(m, n); x : vector(n); b : vector(m)\nb' * softmax(A*x)", /normalizes over the rows/],
    ['a Gram matrix of the rows', "A : matrix(m, n); x : vector(n)\nsum(A * A' * ones(m))", /not of the form|rows/],
  ])('%s is not row-separable, and says why', (_label, source, why) => {
    const p = parseProgram(source);
    const params = [freeVars(p.result!).get('x')].filter((v) => v !== undefined);
    expect(() => splitRows(p.graph, [p.result!], { params })).toThrow(UnsupportedError);
    expect(() => splitRows(p.graph, [p.result!], { params })).toThrow(why);
  });
});
