/**
 * Printed matrices are bounded (issue 8, finding 12: `check` with a 3000×3000 counterexample
 * printed 106 MB): a large tensor shows, as NumPy does, its first and last rows and columns with
 * … and ⋮ where the rest was left out, and its shape, in `check` on the command line and in the
 * REPL's `check` and `:eval`; small ones print as before; `full` prints everything.
 */
import { EDGE_ITEMS, formatTensorBounded } from '../../src/cli/bounded-output';
import { formatTensor } from '../../src/check';
import { tensor } from '../../src/eval/tensor';
import { Session, render } from '../../src/repl';
import { cli } from './helpers';

const filled = (rows: number, cols: number) =>
  tensor(
    rows,
    cols,
    Float64Array.from({ length: rows * cols }, (_, k) => k + 1),
  );

describe('formatTensorBounded', () => {
  test('small tensors print exactly as formatTensor prints them', () => {
    for (const [r, c] of [
      [1, 1],
      [5, 1],
      [1, 7],
      [3, 4],
      [12, 12],
      [20, 1],
    ])
      expect(formatTensorBounded(filled(r, c), 3)).toBe(formatTensor(filled(r, c), 3));
  });

  test('a 3000×3000 matrix: the first and last rows and columns, … and ⋮ where it was cut, and its shape', () => {
    const t0 = Date.now();
    const out = formatTensorBounded(filled(3000, 3000), 4);
    expect(Date.now() - t0).toBeLessThan(1000);
    const lines = out.split('\n');
    expect(lines).toHaveLength(2 * EDGE_ITEMS + 1);
    expect(lines[0]).toMatch(/^\[ +1 +2 +3 +… +2998 +2999 +3000$/);
    expect(lines[1]).toMatch(/^ {5} +3001 +3002 +3003 +… +5998 +5999 +6000$/);
    expect(lines[3]).toMatch(/^ {5} +⋮ +⋮ +⋮ +… +⋮ +⋮ +⋮$/);
    expect(lines[6]).toMatch(/ 9000000\]  \(3000×3000\)$/);
    expect(out.length).toBeLessThan(1000);
  });

  test('long vectors: the first and last entries, and the shape', () => {
    expect(formatTensorBounded(filled(1000, 1))).toBe('[1; 2; 3; …; 998; 999; 1000]  (1000×1)');
    expect(formatTensorBounded(filled(1, 60))).toBe('[1, 2, 3, …, 58, 59, 60]  (1×60)');
    expect(formatTensorBounded(filled(20, 5)).split('\n')).toHaveLength(7);
    expect(formatTensorBounded(filled(20, 5))).toMatch(/ 100\]  \(20×5\)$/);
  });

  test('full: every entry, laid out as formatTensor lays it out', () => {
    expect(formatTensorBounded(filled(1000, 1), 0, true)).toBe(formatTensor(filled(1000, 1)));
    expect(formatTensorBounded(filled(30, 14), 2, true)).toBe(formatTensor(filled(30, 14), 2));
  });
});

describe('check on the command line', () => {
  test('a 300×300 counterexample prints in a few kilobytes, with its shape', async () => {
    const r = await cli(['check', '-e', 'A : matrix(300, 300); x : vector(300); A*x', '--expect', '2*A*x']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^different/);
    expect(r.stdout).toContain('diagnosis: off by a factor of 2');
    expect(r.stdout).toContain('(300×300)');
    expect(r.stdout).toContain('(300×1)');
    expect(r.stdout.length).toBeLessThan(5000);
  });
});

describe('the REPL', () => {
  test(':eval of a large result, and a check with a large counterexample, are bounded', () => {
    const s = new Session();
    s.execute('A : matrix(m, n)');
    s.execute('x : vector(n)');
    const out = render(s.execute(':eval A*x with m=2000, n=30'), false);
    expect(out).toContain('(2000×30)');
    expect(out).toContain('(2000×1)  : vector(m)');
    expect(out.length).toBeLessThan(5000);
    s.execute('B : matrix(200, 200)');
    s.execute('y : vector(200)');
    const verdict = render(s.execute('check B*y == 3*B*y'), false);
    expect(verdict).toMatch(/^different/);
    expect(verdict).toContain('(200×200)');
    expect(verdict.length).toBeLessThan(5000);
  });
});
