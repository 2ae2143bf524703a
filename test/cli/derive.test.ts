import { grad } from '../../src/ad';
import { evaluate } from '../../src/eval/reference';
import { makeRng, randomEnv } from '../../src/eval/random';
import { parseExpression, parseProgram } from '../../src/parse';
import { printUnicode } from '../../src/print';
import { simplifyTraced } from '../../src/simplify';
import { SEED, cli, scratch } from './helpers';

describe('matdiff grad', () => {
  const dir = scratch({ 'seed.matdiff': SEED });

  test('the seed in every format', async () => {
    const expected: Record<string, string> = {
      text: "1/m * A' * (sigmoid(A*x) - b)",
      unicode: '(1/m) Aᵀ(σ(Ax) − b)',
      latex: '\\frac{1}{m} A^{\\top} \\left(\\sigma(A x) - b\\right)',
    };
    for (const [format, out] of Object.entries(expected)) {
      const r = await cli(['grad', 'seed.matdiff', '--wrt', 'x', '--format', format], { cwd: dir });
      expect(r).toEqual({ code: 0, stdout: out + '\n', stderr: '' });
    }
  });

  test('--trace lists the rules in order with before and after, then the result', async () => {
    const r = await cli(['grad', 'seed.matdiff', '--wrt', 'x', '--trace', '-f', 'unicode'], { cwd: dir });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^trace: \d+ rewrites?, in order$/);
    expect(lines[lines.length - 1]).toBe('(1/m) Aᵀ(σ(Ax) − b)');
    const steps = lines.filter((l) => /^\s*\d+\. \S/.test(l));
    expect(steps.length).toBeGreaterThan(0);
    // Each step: its rule, then the before and the after (→) lines.
    const first = lines.indexOf(steps[0]);
    expect(lines[first + 2]).toMatch(/^\s+→ /);
    // The same rules, in the same order, as the simplifier reports in-process.
    const p = parseProgram(SEED);
    const { steps: expected } = simplifyTraced(p.graph, grad(p.graph, p.result!, p.scope.declaration('x')!.node));
    expect(steps.map((l) => l.replace(/^\s*\d+\. /, ''))).toEqual(expected.map((s) => s.rule));
    expect(lines[first + 1].trim()).toBe(printUnicode(expected[0].before));
    expect(lines[first + 2].replace(/^\s+→ /, '')).toBe(printUnicode(expected[0].after));
  });

  test('--trace in json is one document with the steps', async () => {
    const r = await cli(['grad', 'seed.matdiff', '--wrt', 'x', '--trace', '-f', 'json'], { cwd: dir });
    const doc = JSON.parse(r.stdout);
    expect(doc.trace.length).toBeGreaterThan(0);
    expect(doc.trace[0]).toHaveProperty('rule');
    expect(doc.result).toHaveProperty('root');
  });

  test('--no-simplify prints the raw gradient, numerically equal to the simplified one', async () => {
    const raw = await cli(['grad', 'seed.matdiff', '--wrt', 'x', '--no-simplify'], { cwd: dir });
    const simple = await cli(['grad', 'seed.matdiff', '--wrt', 'x'], { cwd: dir });
    expect(raw.code).toBe(0);
    expect(raw.stdout).not.toBe(simple.stdout);
    expect(raw.stdout.length).toBeGreaterThan(simple.stdout.length);
    const p = parseProgram(SEED);
    const a = parseExpression(raw.stdout.trim(), p.scope, p.graph);
    const b = parseExpression(simple.stdout.trim(), p.scope, p.graph);
    const env = randomEnv(p.graph, [a, b], makeRng(3));
    const [va, vb] = [evaluate(a, env), evaluate(b, env)];
    va.data.forEach((v, i) => expect(v).toBeCloseTo(vb.data[i], 10));
    // and both are the gradient: compare with the engine's own
    const g = evaluate(grad(p.graph, p.result!, p.scope.declaration('x')!.node), env);
    g.data.forEach((v, i) => expect(v).toBeCloseTo(vb.data[i], 10));
  });

  test('the textbook rows from the command line', async () => {
    const rows: [string, string, string][] = [
      ['A : matrix(m, n); x : vector(n); b : vector(m); norm2(A*x - b)^2', 'x', "2 * A' * (A*x - b)"],
      ["S : symmetric(n); x : vector(n); x' * S * x", 'x', '2 * S * x'],
      ['X : matrix(n, n); logdet(X)', 'X', "inv(X)'"],
    ];
    for (const [program, wrt, out] of rows) expect((await cli(['grad', '-e', program, '--wrt', wrt])).stdout).toBe(out + '\n');
  });

  test('hessian and jacobian', async () => {
    const h = await cli(['hessian', '-e', "A : matrix(n, n); x : vector(n); x' * A * x", '--wrt', 'x']);
    expect(h).toMatchObject({ code: 0, stdout: "A + A'\n" });
    const j = await cli(['jacobian', '-e', 'A : matrix(m, n); x : vector(n); A * x', '--wrt', 'x']);
    expect(j).toMatchObject({ code: 0, stdout: 'A\n' });
  });

  test('bad --wrt: unknown (with a suggestion), a dimension, missing', async () => {
    const unknown = await cli(['grad', 'seed.matdiff', '--wrt', 'xx'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^seed\.matdiff: --wrt xx: no variable xx is declared\nhint: did you mean x\? declared variables: A, x, b/);
    const dim = await cli(['grad', 'seed.matdiff', '--wrt', 'm'], { cwd: dir });
    expect(dim.stderr).toMatch(/m is a dimension symbol, not a variable/);
    const none = await cli(['grad', 'seed.matdiff'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/required option '-w, --wrt <variable>' not specified/);
  });

  test('grad of a non-scalar is an error naming its shape', async () => {
    const r = await cli(['grad', '-e', 'A : matrix(m, n); x : vector(n); A * x', '--wrt', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/grad needs a scalar expression; this one is vector\(m\)/);
  });
});
