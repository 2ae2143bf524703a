/**
 * Self-verification and domain-aware sampling (issue 8: findings 4 and 15, "what to build" 2–3).
 */
import { grad } from '../../src/ad';
import { derive, VerificationError, verifySimplification } from '../../src/derive';
import { MatdiffError } from '../../src/core/errors';
import { parseExpression, parseProgram } from '../../src/parse';
import { makeRng, randomEnv } from '../../src/eval/random';
import { simplifyTraced } from '../../src/simplify';
import { cli } from '../cli/helpers';
import { TABLE } from '../simplify/textbook-table';

describe('self-verification', () => {
  test.each(TABLE.map((r) => [r.name, r] as const))('%s: derive verifies the textbook row', (_name, row) => {
    const p = parseProgram(`${row.decls}\n${row.f}`);
    const d = derive(p.graph, 'grad', p.result!, p.scope.declaration(row.wrt)!.node);
    expect(d.node.size).toBeLessThanOrEqual(d.raw.size);
  });

  test('a simplification that changes the value is an internal error naming the rules that fired', () => {
    const p = parseProgram('A : matrix(m, n); x : vector(n); b : vector(m); norm2(A*x - b)^2');
    const raw = grad(p.graph, p.result!, p.scope.declaration('x')!.node);
    const { steps } = simplifyTraced(p.graph, raw);
    const wrong = parseExpression("A' * (A*x - b)", p.scope, p.graph); // off by a factor of 2
    let err: unknown;
    try {
      verifySimplification(p.graph, [p.result!], raw, wrong, steps);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VerificationError);
    expect(err).not.toBeInstanceOf(MatdiffError);
    expect((err as VerificationError).rules).toEqual([...new Set(steps.map((s) => s.rule))]);
    expect((err as Error).message).toMatch(/rules that fired: .*algebra/);
  });

  test('an identity that holds only for positive inputs is caught (both signs are sampled)', () => {
    const p = parseProgram('t : scalar; sqrt(t^2)');
    const t = parseExpression('t', p.scope, p.graph);
    expect(() => verifySimplification(p.graph, [p.result!], p.result!, t, [])).toThrow(VerificationError);
  });

  test('a function with no real domain is a located domain error, not a crash', () => {
    const p = parseProgram('t : scalar; log(-t^2 - 1)');
    expect(() => derive(p.graph, 'grad', p.result!, p.scope.declaration('t')!.node)).toThrow(/no random inputs made log\(-t\^2 - 1\) finite/);
  });
});

describe('sampling draws from the real domain of the whole expression', () => {
  const signsOf = (src: string, name: string) => {
    const p = parseProgram(src);
    const rng = makeRng(3);
    const signs = new Set<number>();
    for (let k = 0; k < 20; k++)
      randomEnv(p.graph, p.result!, rng)
        .vars.get(name)!
        .data.forEach((v) => signs.add(Math.sign(v)));
    return [...signs].sort();
  };
  test.each([
    ['x : vector(n); sum(sqrt(x.^2))', 'x'],
    ['t : scalar; log(t^2)', 't'],
    ['t : scalar; (t^2)^(3/2)', 't'],
    ['x : vector(n); log(norm2(x))', 'x'],
    ['x : vector(n); sum(sqrt(abs(x)))', 'x'],
  ])('%s: both signs', (src, name) => expect(signsOf(src, name)).toEqual([-1, 1]));
  test.each([
    ['x : vector(n); sum(log(x))', 'x'],
    ['t : scalar; sqrt(t) + t', 't'],
  ])('%s: positive only', (src, name) => expect(signsOf(src, name)).toEqual([1]));

  test('instances too large to allocate are refused before allocating', () => {
    const p = parseProgram("x : vector(100000); x * x'");
    expect(() => randomEnv(p.graph, p.result!, makeRng(1))).toThrow(/too many to sample/);
  });
});

describe('matdiff check: false identities are different (finding 4), unsampleable inputs are clean errors (15)', () => {
  test.each([
    ['x : vector(n); sum(x)', [], 'sum(sqrt(x.^2))'],
    ['t : scalar; sqrt(t^2)', [], 't'],
    ['t : scalar; log(t^2)', ['--wrt', 't'], '2/abs(t)'],
    ['t : scalar; (t^2)^(3/2)', ['--wrt', 't'], '3*t^2'],
  ])('%s vs %s', async (prog, wrt, claim) => {
    const r = await cli(['check', '-e', prog, ...wrt, '--expect', claim]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^different/);
  });
  test.each([
    ['t : scalar; log(t^2)', ['--wrt', 't'], '2/t'],
    ['t : scalar; (t^2)^(3/2)', ['--wrt', 't'], '3*t*abs(t)'],
  ])('%s vs the right claim %s is equal', async (prog, wrt, claim) => {
    const r = await cli(['check', '-e', prog, ...wrt, '--expect', claim]);
    expect(r.code).toBe(0);
  });
  test.each([
    ['t : scalar; (-2)^t', /no random inputs made/, 't'],
    ['t : scalar; log(-t^2-1)', /no random inputs made/, 't'],
    ["x : vector(100000); x*x'", /too many to sample/, "x*x'"],
  ])('%s', async (prog, message, claim = 't') => {
    const r = await cli(['check', '-e', prog, '--expect', claim]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('rounding noise is not a difference (judge)', () => {
  const { judge } = require('../../src/eval/compare');
  const envOf = (t: number) => ({ vars: new Map([['t', { rows: 1, cols: 1, data: Float64Array.of(t) }]]), dims: new Map() });
  test('1 - sigmoid(t) against sigmoid(-t) where the left side cancels: not a difference', () => {
    const p = parseProgram('t : scalar; 1 - sigmoid(t)');
    const other = parseExpression('sigmoid(-t)', p.scope, p.graph);
    const r = judge(p.result!, other, envOf(21), 1e-8);
    expect(r.diff).toBeGreaterThan(1e-8); // the cancellation is real in float64 ...
    expect(r.judgment).not.toBe('differ'); // ... and recognised as noise
  });
  test('a true relative difference of 1e-6 is a difference', () => {
    const p = parseProgram('t : scalar; exp(t)');
    const other = parseExpression('exp(t) * (1 + 1/1000000)', p.scope, p.graph);
    expect(judge(p.result!, other, envOf(0.3), 1e-8).judgment).toBe('differ');
  });
  test('a true difference beside a cancelling term is still a difference', () => {
    const p = parseProgram('t : scalar; 1 - sigmoid(t) + t');
    const other = parseExpression('sigmoid(-t) + t * (1 + 1/10000)', p.scope, p.graph);
    expect(judge(p.result!, other, envOf(25), 1e-8).judgment).toBe('differ');
  });
});
