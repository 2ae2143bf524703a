/**
 * The simplifier never trades accuracy for a shorter form (issue 8 finding 2) and never loops
 * over a huge exponent (finding 20).
 */
import { grad } from '../../src/ad';
import { derive } from '../../src/derive';
import { evaluateScalar } from '../../src/eval/reference';
import { parseProgram } from '../../src/parse';
import { printText } from '../../src/print';
import { simplify } from '../../src/simplify';

/** d/dt Π (t + i) at t, exactly, as a double: Π · Σ 1/(t + i) in rationals. */
function exactDerivative(k: number, tNum: bigint, tDen: bigint): number {
  let pn = 1n;
  let pd = 1n;
  const facs: Array<[bigint, bigint]> = [];
  for (let i = 1; i <= k; i++) {
    const fn = tNum + BigInt(i) * tDen;
    facs.push([fn, tDen]);
    pn *= fn;
    pd *= tDen;
  }
  // Σ_i Π_{j≠i} (t + j) = Σ_i P / (t + i)
  let sn = 0n;
  const sd = pd;
  for (const [fn, fd] of facs) sn += (pn / fn) * fd; // exact: fn divides pn
  return Number(sn) / Number(sd);
}

describe('products of linear factors stay factored', () => {
  test.each([10, 20, 30, 40])('d/dt of (t+1)...(t+%i) at t = -15.3 is accurate', (k) => {
    const src = `t : scalar\n${Array.from({ length: k }, (_, i) => `(t + ${i + 1})`).join(' * ')}`;
    const p = parseProgram(src);
    const t = p.scope.declaration('t')!.node;
    const d = derive(p.graph, 'grad', p.result!, t).node;
    const value = evaluateScalar(d, { vars: new Map([['t', { rows: 1, cols: 1, data: Float64Array.of(-15.3) }]]), dims: new Map() });
    const exact = exactDerivative(k, -153n, 10n);
    expect(Math.abs(value - exact) / Math.abs(exact)).toBeLessThan(1e-12);
  });

  test('a product of sums is multiplied out when that makes terms cancel', () => {
    const p = parseProgram('t : scalar\n(t + 1)^2 - t^2');
    expect(printText(simplify(p.graph, p.result!))).toBe('2*t + 1');
  });
});

describe('huge exponents neither hang nor crash', () => {
  test.each([
    ['t^(10^400)', /^10{400} \* t\^9{400}$/],
    ['(t^1000000)^1000000', /^1000000000000 \* t\^999999999999$/],
    ['2^2^2^2^2^2 * t', /^2\^2\^65536$/],
    ['t^(1/(10^400))', /t/],
  ])('grad of %s wrt t', (expr, form) => {
    const started = Date.now();
    const p = parseProgram(`t : scalar\n${expr}`);
    const d = simplify(p.graph, grad(p.graph, p.result!, p.scope.declaration('t')!.node));
    expect(printText(d)).toMatch(form);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
