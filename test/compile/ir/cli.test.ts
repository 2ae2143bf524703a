/** `matdiff compile PROGRAM --wrt x --emit ir`: the evaluator's IR as text; errors exit 2. */
import { readFileSync } from 'fs';
import { join } from 'path';
import { SEED, cli, scratch } from '../../cli/helpers';

describe('matdiff compile --emit ir', () => {
  const dir = scratch({ 'seed.md': SEED });

  test("the seed's value and gradient", async () => {
    const r = await cli(['compile', 'seed.md', '--wrt', 'x', '--emit', 'ir'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^\{ lambda A:f64\[m,n\] b:f64\[m\] x:f64\[n\] ; let\n/);
    expect(r.stdout).toContain(' = rows[block=4] A x {\n');
    expect(r.stdout).toMatch(/ {2}in \(value: [a-z]+@b\d+, gradient x: [a-z]+@b\d+\) \}\n$/);
  });

  test('the value alone, from -e', async () => {
    const r = await cli(['compile', '-e', "x : vector(n); x'*x", '--emit', 'ir']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('{ lambda x:f64[n] ; let\n    a:f64[] = loop[n] {\n        b = load x\n      in (dot b b) }\n  in (value: a@b0) }\n');
  });

  test('-o writes the text', async () => {
    const r = await cli(['compile', 'seed.md', '--wrt', 'x', '--emit', 'ir', '-o', 'seed.ir'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('matdiff: wrote seed.ir (the IR: value and gradient wrt x)\n');
    expect(readFileSync(join(dir, 'seed.ir'), 'utf8')).toContain('rows[block=4] A x');
  });

  test('bad input exits 2', async () => {
    const unknown = await cli(['compile', 'seed.md', '--emit', 'wasm'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--emit <kind>.*'wasm' is invalid/);
    const wrt = await cli(['compile', 'seed.md', '--wrt', 'q', '--emit', 'ir'], { cwd: dir });
    expect(wrt.code).toBe(2);
    expect(wrt.stdout).toBe('');
    expect(wrt.stderr).toMatch(/q/);
  });

  test('the module is still the default', async () => {
    const r = await cli(['compile', 'seed.md', '--wrt', 'x'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('module.exports');
  });
});
