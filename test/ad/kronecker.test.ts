/**
 * Matrix-by-matrix derivatives in vec layout: the textbook Kronecker forms, and every Jacobian
 * and Hessian against finite differences of vec(f) in each entry of vec(X).
 */
import { freeVars, Node } from '../../src/core/graph';
import { UnsupportedError } from '../../src/core/errors';
import { derive, DerivativeKind } from '../../src/derive';
import { evaluate } from '../../src/eval/reference';
import { Env, Tensor, tensor } from '../../src/eval/tensor';
import { parseProgram } from '../../src/parse';
import { print } from '../../src/print';
import { compareTensors } from '../support/finite-diff';
import { makeRng, randomEnv } from '../support/random';

/** vec(t): columns stacked. */
function vecOf(t: Tensor): number[] {
  const out: number[] = [];
  for (let j = 0; j < t.cols; j++) for (let i = 0; i < t.rows; i++) out.push(t.data[i * t.cols + j]);
  return out;
}

/** ∂vec(f)/∂vec(x) by central differences. */
function fdVecJacobian(f: Node, x: Node, env: Env): Tensor {
  const X = env.vars.get(x.name!)!;
  const base = vecOf(evaluate(f, env));
  const J = tensor(base.length, X.rows * X.cols);
  const h = 1e-5;
  for (let c = 0; c < X.cols; c++)
    for (let r = 0; r < X.rows; r++) {
      const at = (t: number) => {
        const moved = tensor(X.rows, X.cols, Float64Array.from(X.data));
        moved.data[r * X.cols + c] += t;
        return vecOf(evaluate(f, { vars: new Map(env.vars).set(x.name!, moved), dims: env.dims }));
      };
      const [p, m] = [at(h), at(-h)];
      const col = r + X.rows * c;
      for (let i = 0; i < base.length; i++) J.data[i * J.cols + col] = (p[i] - m[i]) / (2 * h);
    }
  return J;
}

const cases: Array<[DerivativeKind, string, string, string, string]> = [
  ['jacobian', 'A : matrix(m, n); X : matrix(n, k); B : matrix(k, l)', 'A*X*B', 'X', 'Bᵀ ⊗ A'],
  ['jacobian', 'X : matrix(m, n)', "X'", 'X', 'K(m,n)'],
  ['jacobian', 'X : matrix(n, n)', 'inv(X)', 'X', '−(X⁻ᵀ ⊗ X⁻¹)'],
  ['jacobian', 'X : matrix(m, n); Y : matrix(m, n)', 'X .* Y', 'X', 'diag(vec(Y))'],
  ['hessian', 'X : matrix(n, k); A : matrix(n, n)', "tr(X'*A*X)", 'X', 'I ⊗ (A + Aᵀ)'],
  ['jacobian', 'x : vector(n)', "x * x'", 'x', 'x ⊗ I + I ⊗ x'],
  ['jacobian', 'X : matrix(m, n); A : matrix(n, m)', 'X*A*X', 'X', ''],
  ['hessian', 'X : matrix(n, n)', 'logdet(X)', 'X', ''],
  ['jacobian', 'X : matrix(m, n); w : vector(n)', 'exp(X) * w', 'X', ''],
  ['jacobian', 'X : matrix(m, n)', "sum(X) * X'", 'X', ''],
];

describe('matrix-by-matrix derivatives in Kronecker form', () => {
  it.each(cases.map(([kind, decls, expr, wrt, textbook]) => ({ kind, decls, expr, wrt, textbook })))(
    '$kind of $expr wrt $wrt',
    ({ kind, decls, expr, wrt, textbook }) => {
      const p = parseProgram(`${decls}\n${expr}`);
      const f = p.result!;
      const x = freeVars(f).get(wrt)!;
      const { node } = derive(p.graph, kind, f, x);
      if (textbook) expect(print(node, 'unicode')).toBe(textbook);
      const inner = kind === 'hessian' ? derive(p.graph, 'grad', f, x).node : f;
      const env = randomEnv(p.graph, [f, node], makeRng(7));
      expect(compareTensors(evaluate(node, env), fdVecJacobian(inner, x, env), { rtol: 1e-6, atol: 1e-7 })).toEqual([]);
    },
  );

  it('refuses a linear map with no Kronecker form, offering the directional forms', () => {
    const p = parseProgram('X : matrix(n, n)\ndiag(diag(X))');
    const x = freeVars(p.result!).get('X')!;
    expect(() => derive(p.graph, 'jacobian', p.result!, x)).toThrow(UnsupportedError);
    expect(() => derive(p.graph, 'jacobian', p.result!, x)).toThrow(/no Kronecker form/);
  });

  it('prints kron, vec and commutation so that the text parses back', () => {
    const p = parseProgram('X : matrix(m, n); A : matrix(k, m)\nA*X');
    const x = freeVars(p.result!).get('X')!;
    const J = derive(p.graph, 'jacobian', p.result!, x).node;
    const text = print(J, 'text');
    expect(text).toBe('kron(eye(n), A)');
    expect(parseProgram(`X : matrix(m, n); A : matrix(k, m)\n${text}`, { graph: p.graph }).result).toBe(J);
  });
});
