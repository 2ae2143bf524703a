/**
 * Issue 8 finding 6: softplus(-z) keeps its relative precision in the compiled evaluator
 * (the removed rewrite softplus(-z) -> softplus(z) - z gave 0 for z = 40, and log of it -inf).
 */
import { compileProgram } from '../../src/compile';

test('sum(log(softplus(-x))) at x = [40, 30, 5]: value and gradient as NumPy logaddexp gives them', () => {
  const ev = compileProgram('x : vector(n)\nsum(log(softplus(-x)))', { wrt: 'x' });
  const r = ev.run({ x: [40, 30, 5] });
  expect(r.value!.data[0]).toBeCloseTo(-75.00335955323995, 10);
  const g = Array.from(r.gradients.x!.data);
  [-1.0, -0.9999999999999531, -0.9966498291384774].forEach((want, i) => expect(g[i]).toBeCloseTo(want, 12));
});

test('softplus(z) and softplus(-z) in one evaluator share exp(-|z|) and agree with the direct formulas', () => {
  const ev = compileProgram('z : vector(n)\nsum(softplus(z)) + sum(log(softplus(-z)))', { wrt: 'z' });
  expect(ev.source.match(/Math\.exp\(/g)?.length ?? 0).toBeLessThanOrEqual(1);
  const z = [-50, -3, 0, 2, 45];
  const sp = (t: number) => Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)));
  const want = z.reduce((s, t) => s + sp(t) + Math.log(sp(-t)), 0);
  expect(ev.run({ z }).value!.data[0]).toBeCloseTo(want, 9);
});
