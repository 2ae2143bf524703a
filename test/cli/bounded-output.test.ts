/**
 * Printed matrices are bounded (issue 8, finding 12: `check` with a 3000×3000 counterexample
 * printed 106 MB): a large tensor shows its first rows and columns and its shape, in `check` on
 * the command line and in the REPL's `check` and `:eval`; small ones print as before.
 */
import { formatTensorBounded, MATRIX_HEAD, VECTOR_HEAD } from '../../src/cli/bounded-output';
import { formatTensor } from '../../src/check';
import { tensor } from '../../src/eval/tensor';
import { Session, render } from '../../src/repl';
import { cli } from './helpers';

const filled = (rows: number, cols: number) => tensor(rows, cols, Float64Array.from({ length: rows * cols }, (_, k) => k + 1));

describe('formatTensorBounded', () => {
  test('small tensors print exactly as formatTensor prints them', () => {
    for (const [r, c] of [[1, 1], [5, 1], [1, 7], [3, 4], [12, 12], [50, 1]]) expect(formatTensorBounded(filled(r, c), 3)).toBe(formatTensor(filled(r, c), 3));
  });

  test('a 3000×3000 matrix: the first rows and columns, ⋯ and ⋮ where it was cut, and its shape', () => {
    const t0 = Date.now();
    const out = formatTensorBounded(filled(3000, 3000), 4);
    expect(Date.now() - t0).toBeLessThan(1000);
    const lines = out.split('\n');
    expect(lines).toHaveLength(MATRIX_HEAD + 1);
    expect(lines[0]).toMatch(/^\[ +1 +2 +3 .* 8  ⋯$/);
    expect(lines[1]).toMatch(/^ {5} +3001 .* 3008  ⋯$/);
    expect(lines[MATRIX_HEAD]).toBe('     ⋮]  (3000×3000: the first 8 rows and 8 columns)');
    expect(out.length).toBeLessThan(1000);
  });

  test('long vectors: the first entries and the count', () => {
    expect(formatTensorBounded(filled(1000, 1))).toBe(`[${Array.from({ length: VECTOR_HEAD }, (_, k) => k + 1).join('; ')}; …]  (1000×1: the first 20 of 1000 entries)`);
    expect(formatTensorBounded(filled(1, 60))).toMatch(/^\[1, 2, .*, 20, …\]  \(1×60: the first 20 of 60 entries\)$/);
    expect(formatTensorBounded(filled(20, 5))).toMatch(/ ⋮\]  \(20×5: the first 8 rows and 5 columns\)$/);
  });
});

describe('check on the command line', () => {
  test('a 300×300 counterexample prints in a few kilobytes, with its shape', async () => {
    const r = await cli(['check', '-e', 'A : matrix(300, 300); x : vector(300); A*x', '--expect', '2*A*x']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^different/);
    expect(r.stdout).toContain('diagnosis: off by a factor of 2');
    expect(r.stdout).toContain('(300×300: the first 8 rows and 8 columns)');
    expect(r.stdout).toContain('(300×1: the first 20 of 300 entries)');
    expect(r.stdout.length).toBeLessThan(5000);
  });
});

describe('the REPL', () => {
  test(':eval of a large result, and a check with a large counterexample, are bounded', () => {
    const s = new Session();
    s.execute('A : matrix(m, n)');
    s.execute('x : vector(n)');
    const out = render(s.execute(':eval A*x with m=2000, n=30'), false);
    expect(out).toContain('(2000×30: the first 8 rows and 8 columns)');
    expect(out).toContain('(2000×1: the first 20 of 2000 entries)  : vector(m)');
    expect(out.length).toBeLessThan(5000);
    s.execute('B : matrix(200, 200)');
    s.execute('y : vector(200)');
    const verdict = render(s.execute('check B*y == 3*B*y'), false);
    expect(verdict).toMatch(/^different/);
    expect(verdict).toContain('(200×200: the first 8 rows and 8 columns)');
    expect(verdict.length).toBeLessThan(5000);
  });
});
