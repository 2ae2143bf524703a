/**
 * Every example under examples/ runs here, in-process, and its output is checked for sense
 * (not pinned): the loss falls, least squares meets the normal equations, the diagnoses are
 * the right ones. The gradients the examples print are checked against finite differences.
 */
import * as fs from 'fs';
import * as path from 'path';
import { main as checkMain } from '../../examples/check-hand-derivation';
import { main as leastSquaresMain } from '../../examples/least-squares';
import { main as logisticMain } from '../../examples/logistic-regression';
import { LOSS as NEWTON_LOSS, choleskySolve, main as newtonMain } from '../../examples/newton-logistic';
import { main as newtonCGMain } from '../../examples/newton-cg';
import { evaluate } from '../../src/eval/reference';
import { envOf } from '../../src/eval/random';
import { gradientOf, parseProgram } from '../../src';

const collect = () => {
  const lines: string[] = [];
  return { lines, log: (l: string) => lines.push(l) };
};

test('every example has a test here', () => {
  const src = fs.readFileSync(__filename, 'utf8') + fs.readFileSync(path.join(__dirname, '../api/readme.test.ts'), 'utf8');
  for (const f of fs.readdirSync(path.join(__dirname, '../../examples')).filter((f) => f.endsWith('.ts')))
    expect(src).toContain(`examples/${f.replace(/\.ts$/, '')}`);
});

describe('logistic-regression', () => {
  const { lines, log } = collect();
  const r = logisticMain(log);

  test('prints the textbook gradient', () => {
    expect(lines[0]).toBe('gradient: (1/m) Aᵀ(σ(Ax) − b)');
  });

  test('the loss starts at log 2 (x = 0) and falls at every step', () => {
    expect(r.losses[0]).toBeCloseTo(Math.log(2), 12);
    for (let i = 1; i < r.losses.length; i++) expect(r.losses[i]).toBeLessThanOrEqual(r.losses[i - 1] + 1e-12);
    expect(r.losses[r.losses.length - 1]).toBeLessThan(0.5 * r.losses[0]);
    expect(lines.filter((l) => l.startsWith('step'))).toHaveLength(7);
  });

  test('training recovers the direction of the true weights and classifies well', () => {
    expect(r.accuracy).toBeGreaterThan(0.8);
    const dot = r.weights.reduce((s, w, i) => s + w * r.trueWeights[i], 0);
    const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    expect(dot / (norm(r.weights) * norm(r.trueWeights))).toBeGreaterThan(0.95);
  });

  test('the trained weights are a stationary point by the reference interpreter (not the compiled code)', () => {
    const p = parseProgram("A : matrix(m, n); x : vector(n); b : vector(m)\n-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))");
    const env = envOf({ A: r.data.A, x: r.weights, b: r.data.b }, { m: r.data.A.length, n: r.weights.length });
    const J = evaluate(p.result!, env).data[0];
    expect(J).toBeCloseTo(r.losses[r.losses.length - 1], 4);
    const g = evaluate(gradientOf(p, 'x'), env).data;
    expect(Math.hypot(...g)).toBeLessThan(1e-2);
  });
});

describe('least-squares', () => {
  const { lines, log } = collect();
  const r = leastSquaresMain(log);

  test('prints the textbook gradient', () => {
    expect(lines[0]).toBe('gradient: 2Aᵀ(Ax − b)');
  });

  test('gradient descent reaches the solution of the normal equations', () => {
    expect(r.maxError).toBeLessThan(1e-8);
    for (let i = 1; i < r.residuals.length; i++) expect(r.residuals[i]).toBeLessThanOrEqual(r.residuals[i - 1] + 1e-9);
  });
});

describe('check-hand-derivation', () => {
  const { lines, log } = collect();
  const out = checkMain(log);

  test('right answers are equal, each slip is named', () => {
    expect(out[0]).toBe('equal, symbolically');
    expect(out[1]).toMatch(/^equal/);
    expect(out[2]).toContain('diagnosis: missing 1/m');
    expect(out[3]).toContain('diagnosis: sign flipped');
    expect(out[4]).toContain("diagnosis: missing the term -1/m * A' * b");
    expect(out[5]).toContain('the claim is row vector(n) (1×n) but the gradient is vector(n) (n×1)');
    expect(out[5]).toContain('transpose of the gradient');
    for (const o of out.slice(2, 5)) expect(o).toContain('counterexample (m = ');
    expect(lines).toHaveLength(6);
  });
});

describe('newton-logistic', () => {
  const { lines, log } = collect();
  const r = newtonMain(log);

  test('prints the textbook Hessian', () => {
    expect(lines[0]).toBe('Hessian: (1/m) Aᵀ diag(σ(Ax) ⊙ (1 − σ(Ax))) A');
  });

  test('converges from x = 0 in under 10 Newton steps to a gradient norm below 1e-8, quadratically', () => {
    expect(r.iterations).toBeLessThan(10);
    expect(r.iterations).toBeGreaterThanOrEqual(3); // a real problem, not a trivial one
    expect(r.gradientNorms[r.gradientNorms.length - 1]).toBeLessThan(1e-8);
    expect(r.losses[0]).toBeCloseTo(Math.log(2), 12);
    for (let i = 1; i < r.losses.length; i++) expect(r.losses[i]).toBeLessThanOrEqual(r.losses[i - 1] + 1e-15);
    // quadratic convergence near the solution: each gradient norm at most ~ C × the previous squared
    const g = r.gradientNorms;
    for (let i = g.length - 2; i < g.length; i++) expect(g[i]).toBeLessThan(20 * g[i - 1] ** 2);
    expect(lines.filter((l) => l.startsWith('newton'))).toHaveLength(r.iterations + 1);
  });

  test('the weights are a stationary point by the reference interpreter, close to the true ones', () => {
    const p = parseProgram(NEWTON_LOSS);
    const { A, b, m, n } = r.data;
    const rows = Array.from({ length: m }, (_, i) => Array.from(A.subarray(i * n, (i + 1) * n)));
    const env = envOf({ A: rows, x: r.weights, b: Array.from(b) }, { m, n });
    const g = evaluate(gradientOf(p, 'x'), env).data;
    expect(Math.hypot(...g)).toBeLessThan(1e-8);
    const dot = r.weights.reduce((s, w, i) => s + w * r.trueWeights[i], 0);
    expect(dot / (Math.hypot(...r.weights) * Math.hypot(...r.trueWeights))).toBeGreaterThan(0.95);
  });

  test('the Cholesky solve solves', () => {
    const H = Float64Array.of(4, 2, 0.5, 2, 3, 1, 0.5, 1, 2);
    const p = choleskySolve(H, [1, 2, 3], 3);
    for (let i = 0; i < 3; i++) expect(H[i * 3] * p[0] + H[i * 3 + 1] * p[1] + H[i * 3 + 2] * p[2]).toBeCloseTo([1, 2, 3][i], 12);
    expect(() => choleskySolve(Float64Array.of(1, 2, 2, 1), [1, 1], 2)).toThrow(/not positive definite/);
  });
});

describe('newton-cg', () => {
  const { lines, log } = collect();
  const r = newtonCGMain(log);
  const newton = newtonMain(() => {});

  test('prints the HVP in matrix form', () => {
    expect(lines[0]).toBe('HVP: (1/m) Aᵀ(Av ⊙ σ(Ax) ⊙ (1 − σ(Ax)))');
  });

  test('converges from x = 0 to a gradient norm below 1e-8 in under 10 outer steps, with few HVPs each', () => {
    expect(r.iterations).toBeLessThan(10);
    expect(r.gradientNorms[r.gradientNorms.length - 1]).toBeLessThan(1e-8);
    expect(r.cgIterations).toHaveLength(r.iterations);
    for (const k of r.cgIterations) {
      expect(k).toBeGreaterThanOrEqual(1);
      expect(k).toBeLessThanOrEqual(r.data.n); // CG in exact arithmetic needs at most n
    }
    for (let i = 1; i < r.losses.length; i++) expect(r.losses[i]).toBeLessThanOrEqual(r.losses[i - 1] + 1e-15);
  });

  test('reaches the same minimizer as Newton with the full Hessian', () => {
    for (let j = 0; j < r.weights.length; j++) expect(Math.abs(r.weights[j] - newton.weights[j])).toBeLessThan(1e-7);
  });
});

describe('sql-duckdb', () => {
  test('gradient descent through the emitted query: the loss falls and the weights point the right way', async () => {
    const { main } = await import('../../examples/sql-duckdb');
    const { lines, log } = collect();
    const r = await main(log);
    expect(lines[0]).toMatch(/^step 0: loss 0\.693147/);
    for (let i = 1; i < r.losses.length; i++) expect(r.losses[i]).toBeLessThan(r.losses[i - 1]);
    // The labels follow 2 a1 − a2 + 0.5 a3: the fitted weights have those signs.
    expect(r.weights[0]).toBeGreaterThan(0);
    expect(r.weights[1]).toBeLessThan(0);
  });
});
