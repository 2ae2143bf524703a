/**
 * REPL `:eval` on inputs it cannot allocate or sample (issue 8, finding 15, REPL part): a clean,
 * located error saying what is too large (or undefined), never an internal error or a stack, and
 * the session goes on.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Session, render } from '../../src/repl';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'matdiff-evallim-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = (s: Session, input: string) => render(s.execute(input), false);
const clean = (out: string) => {
  expect(out).not.toMatch(/internal error/);
  expect(out).not.toMatch(/\n\s+at /);
};

test('sizes that make matrix(100000, 100000) are refused before anything is allocated', () => {
  const s = new Session();
  run(s, 'A : matrix(m, n)');
  run(s, 'x : vector(n)');
  const t0 = Date.now();
  const out = run(s, ':eval A*x with m=100000, n=100000');
  expect(Date.now() - t0).toBeLessThan(2000);
  clean(out);
  expect(out.split('\n')).toEqual([
    '<repl>:1:7: A would be 100000×100000 (1.00e+10 numbers): too large to evaluate here',
    ':eval A*x with m=100000, n=100000',
    '      ^~~',
    'hint: :eval computes values of up to 50 million numbers; give smaller sizes (e.g. :eval ... with m=3, n=2), or use npx matdiff eval (or compile) for large data',
  ]);
  expect(run(s, ':eval A*x with m=2, n=3')).toMatch(/^with random data for m = 2, n = 3/);
});

test('a declared large literal size, and an intermediate too large for the data given', () => {
  const s = new Session({ cwd: dir });
  run(s, 'y : vector(100000)');
  const out = run(s, ":eval y*y'");
  clean(out);
  expect(out).toMatch(/^<repl>:1:7: the value would be 100000×100000 \(1\.00e\+10 numbers\): too large to evaluate here/);

  run(s, 'x : vector(n)');
  fs.writeFileSync(path.join(dir, 'x.json'), JSON.stringify({ x: Array.from({ length: 100000 }, (_, i) => i % 7) }));
  const mid = run(s, ":eval sum(x*x') with x.json");
  clean(mid);
  expect(mid).toMatch(/^<repl>:1:7: x \* x' would be 100000×100000/);
  expect(run(s, ':eval sum(x) with x.json')).toBe('with the data in x.json\n299995  : scalar');
});

test('an expression with no real inputs is a clean error too', () => {
  const s = new Session();
  run(s, 't : scalar');
  const out = run(s, ':eval log(-t^2 - 1)');
  clean(out);
  expect(out).toMatch(/^<repl>:1:7: /);
});
