/**
 * Derivatives wrt a scalar through matrix intermediates, by forward mode: every one is a
 * matrix expression (issue 13), checked against finite differences.
 */
import { freeVars } from '../../src/core/graph';
import { derive, DerivativeKind } from '../../src/derive';
import { evaluate } from '../../src/eval/reference';
import { parseProgram } from '../../src/parse';
import { print } from '../../src/print';
import { compareTensors, directionalDerivativeTensor } from '../support/finite-diff';
import { makeRng, randomEnv } from '../support/random';

const cases: Array<[string, DerivativeKind, string]> = [
  ['hessian', 'hessian', 'S : spd(n); t : scalar\nlogdet(S + t*eye(n))'],
  ['gradient through det', 'grad', 'S : spd(n); t : scalar\ndet(S + t*eye(n))'],
  ['a vector through an inverse', 'jacobian', 'A : matrix(n, n); B : matrix(n, n); c : vector(n); t : scalar\ninv(A + t*B) * c'],
  ['a matrix through an inverse', 'jacobian', 'A : matrix(n, n); B : matrix(n, n); t : scalar\ninv(A + t*B)'],
  ['a row vector', 'jacobian', "A : matrix(n, n); c : vector(n); t : scalar\nc' * inv(eye(n) + t*A)"],
  ['second derivative of a trace of a product', 'hessian', 'A : matrix(n, n); t : scalar\ntr(inv(eye(n) + t*A) * A)'],
];

describe('derivatives wrt a scalar through matrix intermediates', () => {
  it.each(cases)('%s: derive agrees with finite differences', (_label, kind, source) => {
    const p = parseProgram(source);
    const f = p.result!;
    const t = freeVars(f).get('t')!;
    const { node } = derive(p.graph, kind, f, t);
    // d/dt of f (or of df/dt for a Hessian), numerically
    const inner = kind === 'hessian' ? derive(p.graph, 'grad', f, t).node : f;
    const env = randomEnv(p.graph, [f, node], makeRng(3));
    const one = { rows: 1, cols: 1, data: new Float64Array([1]) };
    const fd = directionalDerivativeTensor(inner, t, env, one);
    const got = evaluate(node, env);
    const flat = { rows: fd.rows * fd.cols, cols: 1, data: fd.data };
    expect(compareTensors({ rows: got.rows * got.cols, cols: 1, data: got.data }, flat, { rtol: 1e-6, atol: 1e-8 })).toEqual([]);
  });

  it('prints the Hessian of logdet(S + tI) in matrix form', () => {
    const p = parseProgram('S : spd(n); t : scalar\nlogdet(S + t*eye(n))');
    const t = freeVars(p.result!).get('t')!;
    expect(print(derive(p.graph, 'hessian', p.result!, t).node, 'unicode')).toBe('−tr(((S + tI)(S + tI))⁻¹)');
  });
});
