/**
 * The Hessian of a product of shifted linear factors (t+1)(t+2)...(t+k) (issue 8, finding 21:
 * 64 factors took about 7 s). The simplifier keeps it in sum-of-products form; the time is
 * spent in the normal form of the elementwise algebra (src/simplify/form.ts, region.ts), which
 * multiplies each product out before deciding to keep it factored. This guards the current
 * cost at 40 factors under a generous limit and checks the value against finite differences.
 */
import { derive } from '../../src/derive';
import { evaluateScalar } from '../../src/eval/reference';
import { tensor } from '../../src/eval/tensor';
import { parseProgram } from '../../src/parse';

describe('Hessian of a long product of linear factors', () => {
  it('40 factors, within a generous limit, equal to finite differences', () => {
    const k = 40;
    const src = `t : scalar\n${Array.from({ length: k }, (_, i) => `(t+${i + 1})`).join('*')}`;
    const t0 = performance.now();
    const p = parseProgram(src);
    const t = p.scope.lookup('t');
    if (t?.kind !== 'declaration') throw new Error('t is declared');
    const d = derive(p.graph, 'hessian', p.result!, t.entry.node);
    expect(performance.now() - t0).toBeLessThan(10_000);
    const at = (v: number) => ({ vars: new Map([['t', tensor(1, 1, Float64Array.of(v))]]), dims: new Map<string, number>() });
    const t1 = -0.37; // near no root, where the product is well conditioned
    const h = 1e-3;
    const f = (v: number) => evaluateScalar(p.result!, at(v));
    const fd = (f(t1 + h) - 2 * f(t1) + f(t1 - h)) / (h * h);
    const got = evaluateScalar(d.node, at(t1));
    expect(Math.abs(got - fd) / Math.abs(fd)).toBeLessThan(1e-4);
  });
});
