import { readFileSync } from 'fs';
import { join } from 'path';
import { SEED, cli, scratch } from './helpers';

const DATA = '{"A": [[1, 2], [3, -4], [0.5, 6]], "x": [0.1, -0.2], "b": [1, 0, 1]}';

describe('matdiff compile', () => {
  const dir = scratch({ 'seed.matdiff': SEED, 'data.json': DATA });

  test('--target js -o writes a module that computes what eval prints', async () => {
    const r = await cli(['compile', 'seed.matdiff', '--wrt', 'x', '--target', 'js', '-o', 'seed.js'], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toMatch(/wrote seed\.js/);
    const mod = require(join(dir, 'seed.js'));
    const data = JSON.parse(DATA);
    const out = mod.run(data);
    const evaluated = JSON.parse((await cli(['eval', 'seed.matdiff', '--data', 'data.json', '--grad', 'x'], { cwd: dir })).stdout);
    expect(out.value.data[0]).toBeCloseTo(evaluated.value, 12);
    Array.from(out.gradients.x.data as Float64Array).forEach((v, i) => expect(v).toBeCloseTo(evaluated.gradient.x[i], 12));
    // The formula it computes heads the file.
    expect(readFileSync(join(dir, 'seed.js'), 'utf8')).toMatch(/gradient x:\s+1\/m \* A' \* \(sigmoid\(A\*x\) - b\)/);
  });

  test('--target ts to standard output', async () => {
    const r = await cli(['compile', 'seed.matdiff', '--wrt', 'x', '--target', 'ts'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/export const run/);
    expect(r.stdout).toMatch(/: Float64Array/);
  });

  test('an unknown target is refused', async () => {
    const r = await cli(['compile', 'seed.matdiff', '--target', 'c'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Allowed choices are js, ts/);
  });
});

describe('matdiff check', () => {
  const dir = scratch({ 'seed.matdiff': SEED });

  test("the seed's hand derivation is equal: exit 0", async () => {
    const r = await cli(['check', 'seed.matdiff', '--wrt', 'x', '--expect', "1/m * A' * (sigmoid(A*x) - b)"], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stdout: 'equal, symbolically\n', stderr: '' });
  });

  test('a claim missing 1/m is different, diagnosed, with a counterexample: exit 1', async () => {
    const r = await cli(['check', 'seed.matdiff', '--wrt', 'x', '--expect', "A' * (sigmoid(A*x) - b)"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^different/);
    expect(r.stdout).toMatch(/missing 1\/m/);
    expect(r.stdout).toMatch(/counterexample/);
  });

  test('without --wrt the claim is compared with the expression', async () => {
    const r = await cli(['check', '-e', 'x : vector(n); norm2(x)^2', '--expect', "x' * x"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^equal/);
  });

  test('a bad claim is located in the claim text: exit 2', async () => {
    const r = await cli(['check', 'seed.matdiff', '--wrt', 'x', '--expect', 'A * (sigmoid(A*x) - b)'], { cwd: dir });
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toMatch(/^<--expect>:1:1: /);
    expect(lines[1]).toBe('A * (sigmoid(A*x) - b)');
    expect(lines[2]).toMatch(/^\^/);
    const typo = await cli(['check', 'seed.matdiff', '--wrt', 'x', '--expect', "A' * (sigmod(A*x) - b)"], { cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^<--expect>:1:7: .*sigmod/);
    expect(typo.stderr).toMatch(/sigmoid/);
  });
});
