/**
 * Hessian-vector products and directional derivatives in matrix form (deriveAlong): textbook
 * forms, and agreement with finite differences of the gradient (or of f) along the direction.
 */
import { variable } from '../../src/core/build';
import { freeVars } from '../../src/core/graph';
import { MatdiffError } from '../../src/core/errors';
import { derive, deriveAlong, DirectionalKind } from '../../src/derive';
import { evaluate } from '../../src/eval/reference';
import { parseProgram } from '../../src/parse';
import { print } from '../../src/print';
import { compareTensors, directionalDerivativeTensor } from '../support/finite-diff';
import { makeRng, randomEnv } from '../support/random';

const SEED = "A : matrix(m, n); x : vector(n); b : vector(m)\n-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))";

function along(kind: DirectionalKind, source: string, wrt: string) {
  const p = parseProgram(source);
  const f = p.result!;
  const x = freeVars(f).get(wrt)!;
  const v = variable(p.graph, 'V', x.shape, !!x.symmetric);
  return { p, f, x, v, d: deriveAlong(p.graph, kind, f, x, v) };
}

describe('deriveAlong', () => {
  it.each([
    ['the seed', SEED, 'x', '(1/m) Aᵀ(AV ⊙ σ(Ax) ⊙ (1 − σ(Ax)))'],
    ["tr(X'AX)", "X : matrix(n, k); A : matrix(n, n)\ntr(X'*A*X)", 'X', '(A + Aᵀ) V'],
  ])('hvp of %s in matrix form', (_label, source, wrt, textbook) => {
    expect(print(along('hvp', source, wrt).d.node, 'unicode')).toBe(textbook);
  });

  it.each([
    ['the seed', SEED, 'x'],
    ['a log-determinant', 'X : matrix(n, n)\nlogdet(X) + tr(X*X)', 'X'],
    ['a symmetric variable', 'S : spd(n); A : matrix(n, n)\nlogdet(S) - tr(A*S*S)', 'S'],
    ['softmax', "W : matrix(k, n); z : vector(n); y : vector(k)\n-y' * log(softmax(W*z))", 'W'],
  ])('hvp of %s agrees with finite differences of the gradient', (_label, source, wrt) => {
    const { p, f, x, v, d } = along('hvp', source, wrt);
    const gradient = derive(p.graph, 'grad', f, x).node;
    const env = randomEnv(p.graph, [f, d.node, v], makeRng(5));
    const fd = directionalDerivativeTensor(gradient, x, env, env.vars.get('V')!);
    expect(compareTensors(evaluate(d.node, env), fd, { rtol: 1e-6, atol: 1e-8 })).toEqual([]);
  });

  it('a directional derivative of a matrix expression is a matrix expression', () => {
    const { p, x, v, d, f } = along('directional', 'X : matrix(n, n)\ninv(X)', 'X');
    expect(print(d.node, 'unicode')).toBe('−X⁻¹ V X⁻¹');
    const env = randomEnv(p.graph, [f, d.node, v], makeRng(2));
    expect(compareTensors(evaluate(d.node, env), directionalDerivativeTensor(f, x, env, env.vars.get('V')!), { rtol: 1e-6, atol: 1e-8 })).toEqual([]);
  });

  it('refuses a direction of another shape', () => {
    const p = parseProgram('x : vector(n); y : vector(m)\nsum(exp(x))');
    const f = p.result!;
    const x = freeVars(f).get('x')!;
    expect(() => deriveAlong(p.graph, 'hvp', f, x, variable(p.graph, 'y', x.shape.rows === 'n' ? { rows: 'm', cols: 1 } : x.shape))).toThrow(MatdiffError);
  });
});
