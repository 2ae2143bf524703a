/**
 * The CLI's derivation commands: explain, check --steps, hvp and directional, and compile's sql
 * and python targets: exit codes, formats and located errors.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import katex from 'katex';
import { SEED, cli, scratch } from './helpers';

const EXAMPLES = join(__dirname, '../../examples');
const DERIVATION = readFileSync(join(EXAMPLES, 'seed-derivation.matdiff'), 'utf8');

describe('matdiff explain', () => {
  it('derives the seed in numbered lines ending at the textbook gradient', async () => {
    const dir = scratch({ 'seed.matdiff': SEED });
    const r = await cli(['explain', 'seed.matdiff', '--wrt', 'x', '--format', 'unicode'], { cwd: dir });
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .filter((l) => /^\s*\d+\. /.test(l));
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(lines.length).toBeLessThanOrEqual(12);
    expect(lines[0]).toMatch(/^\s*1\. dJ = /);
    expect(lines[lines.length - 1]).toContain('hence ∇J (wrt x) = (1/m) Aᵀ(σ(Ax) − b)');
  });

  it.each(['text', 'latex', 'markdown'])('renders as %s', async (format) => {
    const r = await cli(['explain', '-e', SEED, '--wrt', 'x', '--format', format]);
    expect(r.code).toBe(0);
    if (format === 'latex') expect(() => katex.renderToString(r.stdout, { displayMode: true, throwOnError: true })).not.toThrow();
    if (format === 'markdown') expect(r.stdout).toContain('$$');
  });

  it('--detail full shows more lines than brief', async () => {
    const brief = await cli(['explain', '-e', SEED, '--wrt', 'x']);
    const full = await cli(['explain', '-e', SEED, '--wrt', 'x', '--detail', 'full']);
    expect(full.stdout.split('\n').length).toBeGreaterThan(brief.stdout.split('\n').length);
  });

  it('an unknown variable is bad input, exit 2', async () => {
    const r = await cli(['explain', '-e', SEED, '--wrt', 'y']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no variable y is declared/);
  });
});

describe('matdiff check --steps', () => {
  it("holds for the seed's own derivation, exit 0", async () => {
    const dir = scratch({ 'd.matdiff': DERIVATION });
    const r = await cli(['check', '--steps', 'd.matdiff'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^every step holds/);
  });

  it('points at the first false step with a caret and the diagnosis, exit 1', async () => {
    const slipped = DERIVATION.replace("\n-1/m * A' * (b - sigmoid(A*x))\n", "\nA' * (b - sigmoid(A*x))\n");
    const line = slipped.split('\n').indexOf("A' * (b - sigmoid(A*x))") + 1;
    const dir = scratch({ 'd.matdiff': slipped });
    const r = await cli(['check', '--steps', 'd.matdiff', '--wrt', 'x'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^d\\.matdiff:${line}:1: line ${line} does not follow from line ${line - 1}: .*missing 1/m`));
    expect(r.stdout).toContain('^~~~');
    expect(r.stdout).toContain('counterexample');
  });

  it('a derivation with no function is bad input, exit 2', async () => {
    const r = await cli(['check', '--steps', '-e', "x : vector(n)\nx' * x"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no function to start from/);
  });

  it('check with neither --expect nor --steps says what it needs', async () => {
    const r = await cli(['check', '-e', SEED]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--expect .* or --steps/);
  });
});

describe('matdiff hvp and directional', () => {
  it("gives the seed's Hessian-vector product in matrix form", async () => {
    const r = await cli(['hvp', '-e', SEED, '--wrt', 'x', '--dir', 'v', '--format', 'unicode']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('(1/m) Aᵀ(Av ⊙ σ(Ax) ⊙ (1 − σ(Ax)))');
  });

  it("gives (A + A') V for tr(X'AX)", async () => {
    const r = await cli(['hvp', '-e', "X : matrix(n, k); A : matrix(n, n); tr(X'*A*X)", '--wrt', 'X', '--dir', 'V']);
    expect(r.stdout.trim()).toBe("(A + A') * V");
  });

  it('a declared direction of another shape is bad input', async () => {
    const r = await cli(['directional', '-e', 'x : vector(n); y : vector(m); sum(exp(x))', '--wrt', 'x', '--dir', 'y']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--dir y is vector\(m\), but x is vector\(n\)/);
  });
});

describe('matdiff compile --target sql|python', () => {
  it('writes one aggregate query with a header naming columns, parameters and outputs', async () => {
    const r = await cli(['compile', '-e', SEED, '--wrt', 'x', '--target', 'sql', '--dims', 'n=3', '--dialect', 'postgres']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('-- Table data, one row per data row: a1, a2, a3, b.');
    expect(r.stdout).toContain('-- Returns one row: value, grad_x_1, grad_x_2, grad_x_3.');
    expect(r.stdout).toContain('CAST($1 AS DOUBLE PRECISION)');
  });

  it('needs the sizes of the other dimensions', async () => {
    const r = await cli(['compile', '-e', SEED, '--wrt', 'x', '--target', 'sql']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs the size of n/);
    expect(r.stderr).toContain('--dims n=');
  });

  it('a loss that is not row-separable is refused with the reason', async () => {
    const r = await cli(['compile', '-e', 'A : matrix(m, n); x : vector(n); logsumexp(A*x)', '--wrt', 'x', '--target', 'sql', '--dims', 'n=3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not row-separable/);
  });

  it('writes an array-API Python module', async () => {
    const r = await cli(['compile', '-e', SEED, '--wrt', 'x', '--target', 'python']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('def value_and_grad(xp, A, x, b):');
  });
});
