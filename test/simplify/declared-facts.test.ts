/**
 * Declared facts in the simplifier and the gradient conventions (issue 9 items 3 and 5):
 * diagonal(n), orthogonal(n) and simplex(k, m) variables give the e-graph's analysis the facts
 * diagonal, orthogonal and columns-sum-to-one, which guarded rules use; a diagonal variable's
 * gradient is the gradient wrt its diagonal (I ⊙ G), checked against finite differences that
 * move the diagonal only; an orthogonal variable's gradient is the ambient one.
 */
import { grad } from '../../src/ad';
import { derive } from '../../src/derive';
import { Node } from '../../src/core/graph';
import { evaluate } from '../../src/eval/reference';
import { makeRng, randomEnv } from '../../src/eval/random';
import { Program, parseExpression, parseProgram } from '../../src/parse';
import { printUnicode } from '../../src/print';
import { simplify } from '../../src/simplify';
import { checkGradient, compareTensors, fdGradient } from '../support/finite-diff';

const gradText = (src: string, wrt: string) => {
  const p = parseProgram(src);
  return printUnicode(derive(p.graph, 'grad', p.result!, p.scope.declaration(wrt)!.node).node);
};

/** Simplify `expr` in the program's scope, after checking the result against the input on random instances. */
function simplified(p: Program, expr: string): string {
  const n = parseExpression(expr, p.scope, p.graph);
  const s = simplify(p.graph, n);
  expectSame(p, n, s);
  return printUnicode(s);
}

function expectSame(p: Program, a: Node, b: Node) {
  const rng = makeRng(7);
  for (let k = 0; k < 4; k++) {
    const env = randomEnv(p.graph, [a, b], rng);
    expect(compareTensors(evaluate(b, env), evaluate(a, env), { rtol: 1e-9, atol: 1e-10 })).toEqual([]);
  }
}

describe('orthogonal(n)', () => {
  test('norm2(Q*x)^2 wrt x is 2x (QᵀQ = I); for a general Q it is not', () => {
    expect(gradText('Q : orthogonal(n); x : vector(n)\nnorm2(Q*x)^2', 'x')).toBe('2x');
    expect(gradText('Q : matrix(n, n); x : vector(n)\nnorm2(Q*x)^2', 'x')).not.toBe('2x');
  });
  test("tr(Q'*A*Q) wrt A is I (QQᵀ = I); for a general Q it is QQᵀ", () => {
    expect(gradText("Q : orthogonal(n); A : matrix(n, n)\ntr(Q'*A*Q)", 'A')).toBe('I');
    expect(gradText("Q : matrix(n, n); A : matrix(n, n)\ntr(Q'*A*Q)", 'A')).toBe('QQᵀ');
  });
  test('least squares with an orthogonal design: the gradient of ‖Qx − b‖² is 2(x − Qᵀb)', () => {
    expect(gradText('Q : orthogonal(n); x : vector(n); b : vector(n)\nnorm2(Q*x - b)^2', 'x')).toBe('2(x − Qᵀb)');
  });
  test('inv(Q) is Qᵀ, det(Q)² and |det(Q)| are 1, ‖QA‖ = ‖A‖; products and transposes of orthogonal matrices are orthogonal', () => {
    const p = parseProgram('Q : orthogonal(n); R : orthogonal(n); A : matrix(n, m)\n1');
    expect(simplified(p, 'inv(Q)')).toBe('Qᵀ');
    expect(simplified(p, 'det(Q)^2')).toBe('1');
    expect(simplified(p, 'abs(det(Q))')).toBe('1');
    expect(simplified(p, 'norm2(Q*A)')).toBe('‖A‖');
    expect(simplified(p, "norm2(A'*R)")).toBe('‖A‖');
    expect(simplified(p, 'inv(Q*R)')).toBe('RᵀQᵀ');
    expect(simplified(p, "det(Q'*R)^2")).toBe('1');
  });
  test('a general square matrix gets none of it', () => {
    const p = parseProgram('Q : matrix(n, n); A : matrix(n, m)\n1');
    expect(simplified(p, 'inv(Q)')).toBe('Q⁻¹');
    expect(simplified(p, 'norm2(Q*A)')).toBe('‖QA‖');
  });
  test('the gradient wrt an orthogonal Q is the ambient (Euclidean) one: tr(AQ) gives Aᵀ, matching finite differences in every direction', () => {
    expect(gradText('Q : orthogonal(n); A : matrix(n, n)\ntr(A*Q)', 'Q')).toBe('Aᵀ');
    const p = parseProgram("Q : orthogonal(n); A : matrix(n, n); x : vector(n)\ntr(A*Q) + x' * Q * Q * x");
    const Q = p.scope.declaration('Q')!.node;
    const G = grad(p.graph, p.result!, Q);
    const rng = makeRng(3);
    for (let k = 0; k < 3; k++) {
      const env = randomEnv(p.graph, [p.result!, G], rng);
      expect(compareTensors(evaluate(G, env), fdGradient(p.result!, Q, env), { rtol: 1e-6 })).toEqual([]);
    }
  });
});

describe('diagonal(n)', () => {
  test("x'*D*x wrt x is 2Dx (D is symmetric); for a general D it is (D + Dᵀ)x", () => {
    expect(gradText("D : diagonal(n); x : vector(n)\nx'*D*x", 'x')).toBe('2Dx');
    expect(gradText("D : matrix(n, n); x : vector(n)\nx'*D*x", 'x')).toBe('(D + Dᵀ) x');
  });
  test('the gradient wrt D is the gradient wrt its diagonal, laid out as a diagonal matrix', () => {
    expect(gradText("D : diagonal(n); x : vector(n)\nx'*D*x", 'D')).toBe('diag(x∘²)');
    expect(gradText('D : diagonal(n); A : matrix(n, n)\ntr(A*D)', 'D')).toBe('diag(diag(A))');
    expect(gradText('D : diagonal(n)\nlogdet(D)', 'D')).toBe('D⁻¹');
  });
  test.each(["x'*D*x", 'tr(A*D)', "logdet(D) + x' * inv(D) * x", 'sum(exp(D * A)) + norm2(D * x)^2'])(
    'grad of %s wrt D agrees with finite differences on the diagonal, and is zero off it',
    (expr) => {
      const p = parseProgram(`D : diagonal(n); A : matrix(n, n); x : vector(n)\n${expr}`);
      const D = p.scope.declaration('D')!.node;
      const raw = grad(p.graph, p.result!, D);
      const simple = derive(p.graph, 'grad', p.result!, D).node;
      const rng = makeRng(11);
      for (let k = 0; k < 3; k++) {
        const env = randomEnv(p.graph, [p.result!, raw, simple], rng);
        for (const G of [raw, simple]) {
          const g = evaluate(G, env);
          for (let i = 0; i < g.rows; i++) for (let j = 0; j < g.cols; j++) if (i !== j) expect(g.data[i * g.cols + j]).toBe(0);
          expect(compareTensors(g, fdGradient(p.result!, D, env), { rtol: 1e-6 })).toEqual([]);
          expect(checkGradient(p.result!, D, G, env, rng).failures).toEqual([]);
        }
      }
    },
  );
  test('the unconstrained gradient would be wrong here: tr(AD) moves with A’s off-diagonal entries only if D can', () => {
    const p = parseProgram('D : diagonal(n); A : matrix(n, n)\ntr(A*D)');
    const D = p.scope.declaration('D')!.node;
    const env = randomEnv(p.graph, p.result!, makeRng(5));
    const g = evaluate(grad(p.graph, p.result!, D), env);
    const A = env.vars.get('A')!;
    const n = A.rows;
    for (let i = 0; i < n; i++) expect(g.data[i * n + i]).toBeCloseTo(A.data[i * n + i], 12);
    expect([...A.data].some((v, k) => k % (n + 1) !== 0 && v !== 0)).toBe(true);
  });
  test('sums, products, inverses, positive powers and transposes of diagonal matrices are diagonal (and so symmetric)', () => {
    const p = parseProgram('D : diagonal(n); E : diagonal(n); M : matrix(n, n); t : scalar\n1');
    expect(simplified(p, "inv(D*E)'")).toBe('(DE)⁻¹');
    expect(simplified(p, "inv(D + E)'")).toBe('(D + E)⁻¹');
    // The sum of a diagonal matrix is its trace (which of the two prints is the cost's choice).
    expect(simplified(p, 'sum(D) - tr(D)')).toBe('0');
    expect(simplified(p, 'sum(D * E) - tr(E * D)')).toBe('0');
    expect(simplified(p, 'sum(M .* D) - tr(M .* D)')).toBe('0');
    expect(simplified(p, 'diag(diag(D .^ 3))')).toBe('D∘³');
    expect(simplified(p, 'D .* eye(n)')).toBe('D');
  });
  test('what is not diagonal is not treated as diagonal', () => {
    const p = parseProgram('D : diagonal(n); E : diagonal(n); M : matrix(n, n); t : scalar\n1');
    expect(simplified(p, 'sum(D + t)')).not.toMatch(/tr/); // a broadcast scalar fills the off-diagonal
    expect(simplified(p, "inv(D*M)'")).toMatch(/ᵀ/);
    expect(simplified(p, 'diag(diag(exp(D)))')).toMatch(/exp/); // exp(0) = 1 off the diagonal
    expect(simplified(p, 'sum(M) - tr(M)')).not.toBe('0');
  });
});

describe('simplex(k, m): every column sums to one', () => {
  test("ones(k)' * Y is a row of ones, Y' * ones(k) a column of them, and sum(Y) is m (not 1)", () => {
    const p = parseProgram('Y : simplex(k, m); S : simplex(k, k); w : vector(m)\n1');
    expect(simplified(p, "ones(k)' * Y * w")).toBe('𝟏ᵀw');
    expect(simplified(p, "w' * Y' * ones(k)")).toBe('wᵀ𝟏');
    expect(simplified(p, 'sum(Y)')).toBe('m');
    expect(simplified(p, 'sum(S * Y)')).toBe('m');
  });
  test('a column-stochastic matrix times a probability vector is a probability vector: the gradient of logsumexp(z) sum(Yp) − (Yp)ᵀz is softmax(z) − Yp', () => {
    expect(gradText("Y : simplex(k, m); p : simplex(m); z : vector(k)\nlogsumexp(z) * sum(Y*p) - (Y*p)' * z", 'z')).toBe('softmax(z) − Yp');
  });
  test('a plain matrix, or one whose entries merely sum to one overall, gets none of it', () => {
    const p = parseProgram('Y : matrix(k, m); w : vector(m)\n1');
    expect(simplified(p, 'sum(Y)')).toBe('sum(Y)');
    expect(simplified(p, "ones(k)' * Y * w")).not.toBe('𝟏ᵀw');
  });
});

describe('positivity and definiteness facts', () => {
  test.each([
    ['S : spd(n); T : spd(n); logdet(S*T)', 'S', 'S⁻¹'],
    ['S : spd(n); c : positive; logdet(c*S)', 'c', 'n/c'],
    ['y : vector(n); sum(abs(exp(y)) .* sign(1 + y.^2))', 'y', 'exp(y)'],
    ["A : matrix(m,n); lambda : positive; logdet(A'*A + lambda*eye(n))", 'lambda', 'tr((AᵀA + λI)⁻¹)'],
  ])('%s wrt %s is %s', (src, wrt, expected) => {
    expect(gradText(src, wrt)).toBe(expected);
  });

  test('without the facts the guarded rules stay out', () => {
    const p = parseProgram('S : matrix(n,n); T : matrix(n,n); y : vector(n); c : scalar');
    expect(simplified(p, 'logdet(S*T) - logdet(T)')).toBe('log det(ST) − log det(T)');
    expect(simplified(p, 'abs(y)')).toBe('|y|');
    expect(simplified(p, 'exp(log(y))')).toBe('exp(log(y))');
    expect(simplified(p, 'logdet(c*S) - logdet(S)')).toBe('log det(cS) − log det(S)');
  });

  test('with them, simplification keeps the value on instances from the declared domains', () => {
    const p = parseProgram('S : spd(n); T : spd(n); c : positive; y : vector(n)');
    expect(simplified(p, 'logdet(S*T) - logdet(T)')).toBe('log det(S)');
    expect(simplified(p, 'logdet(c*S) - logdet(S)')).toBe('n log(c)');
    expect(simplified(p, 'exp(log(y.^2 + 1))')).toBe('y∘² + 1');
    expect(simplified(p, 'log(exp(y) .* (1 + y.^2))')).toBe('log(y∘² + 1) + y');
  });
});
