import { cli } from './helpers';

describe('matdiff demo (npm start)', () => {
  test('runs the seed end to end', async () => {
    const r = await cli(['demo']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain('−(1/m)(bᵀ log(σ(Ax)) + (1 − b)ᵀ log(1 − σ(Ax)))');
    expect(out).toContain("1/m * A' * (sigmoid(A*x) - b)");
    expect(out).toContain('(1/m) Aᵀ(σ(Ax) − b)');
    expect(out).toContain('\\frac{1}{m} A^{\\top} \\left(\\sigma(A x) - b\\right)');
    expect(out).toMatch(/trace: \d+ rewrites?/);
    expect(out).toMatch(/the seed's answer:.*\n\s+equal/);
    expect(out).toMatch(/diagnosis: missing 1\/m/);
    // The compiled gradient agrees with finite differences to many digits.
    const rel = Number(/max relative difference (\S+);/.exec(out)![1]);
    expect(rel).toBeLessThan(1e-6);
    // Gradient descent: the loss falls at every printed step.
    const losses = [...out.matchAll(/^\s+\d+\s+(\d+\.\d+)$/gm)].map((m) => Number(m[1]));
    expect(losses.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThan(losses[i - 1]);
    expect(losses[0]).toBeCloseTo(Math.log(2), 6); // x = 0: every σ is 1/2
  });
});
