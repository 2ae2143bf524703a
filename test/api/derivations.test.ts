/** The public verbs for derivations and targets: explain, checkSteps, hvp, directional, toSql, toPython. */
import { MatdiffError, checkSteps, directional, explain, hvp, toPython, toSql, toUnicode } from '../../src';

const SEED = "A : matrix(m, n); x : vector(n); b : vector(m)\nJ = -1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))";

describe('the derivation verbs', () => {
  it('explain returns the steps and renders them', () => {
    const e = explain(SEED, 'x');
    expect(e.steps.length).toBeGreaterThanOrEqual(5);
    expect(toUnicode(e.gradient)).toBe('(1/m) Aᵀ(σ(Ax) − b)');
    expect(e.render('unicode')).toContain('hence ∇J (wrt x)');
  });

  it('checkSteps takes source text with grad inside lines and finds the first false step', () => {
    const ok = checkSteps(`${SEED}\ngrad(J, x)\n1/m * A' * (sigmoid(A*x) - b)`);
    expect(ok.failure).toBeUndefined();
    const bad = checkSteps(`${SEED}\ngrad(J, x)\nA' * (sigmoid(A*x) - b)`);
    expect(bad.failure?.span.start.line).toBe(4);
    expect(bad.text).toMatch(/missing 1\/m/);
  });

  it('hvp and directional stay in matrix form', () => {
    expect(toUnicode(hvp(SEED, 'x', 'v'))).toBe('(1/m) Aᵀ(Av ⊙ σ(Ax) ⊙ (1 − σ(Ax)))');
    expect(toUnicode(directional('X : matrix(n, n)\ninv(X)', 'X', 'V'))).toBe('−X⁻¹ V X⁻¹');
  });

  it('toSql and toPython write the targets; unknown options are refused by name', () => {
    expect(toSql(SEED, { wrt: ['x'], dims: { n: 2 } }).outputs.map((o) => o.name)).toEqual(['value', 'grad_x_1', 'grad_x_2']);
    expect(toPython(SEED, { wrt: ['x'] })).toContain('def value_and_grad(xp, A, x, b):');
    expect(() => explain(SEED, 'x', { detial: 'full' } as never)).toThrow(MatdiffError);
  });
});
