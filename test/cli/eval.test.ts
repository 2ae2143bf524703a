import { grad } from '../../src/ad';
import { loadData } from '../../src/eval/data';
import { evaluate } from '../../src/eval/reference';
import { parseProgram } from '../../src/parse';
import { simplify } from '../../src/simplify';
import { SEED, cli, scratch } from './helpers';

const DATA = `{
  "A": [[1, 2], [3, -4], [0.5, 6]],
  "x": [0.1, -0.2],
  "b": [1, 0, 1]
}
`;

describe('matdiff eval', () => {
  const dir = scratch({
    'seed.matdiff': SEED,
    'data.json': DATA,
    'ragged.json': '{\n  "A": [[1, 2], [3]],\n  "x": [1, 2],\n  "b": [1, 0]\n}\n',
    'disagree.json': '{\n  "A": [[1, 2], [3, 4], [5, 6]],\n  "x": [1, 2, 3],\n  "b": [1, 0, 1]\n}\n',
    'nan.json': '{"A": [[1, 2]], "x": ["NaN", 2], "b": [1]}',
    'null.json': '{"A": [[1, null]], "x": [1, 2], "b": [1]}',
    'text.json': '{"A": [[1, "two"]], "x": [1, 2], "b": [1]}',
    'bare-nan.json': '{"A": [[1, NaN]], "x": [1, 2], "b": [1]}',
    'invalid.json': '{\n  "A": [[1, 2]]\n  "x": [1, 2]\n}',
    'unknown.json': '{"A": [[1, 2]], "x": [1, 2], "b": [1], "lamda": 3}',
    'missing.json': '{"A": [[1, 2]], "x": [1, 2]}',
    'flat.json': '{"A": [1, 2], "x": [1, 2], "b": [1]}',
    'A.json': '{"A": [[1, 2], [3, -4], [0.5, 6]]}',
    'x.json': '{"x": [0.1, -0.2]}',
    'asym.json': '{"S": [[1, 2], [3, 4]]}',
  });

  /** The value and gradient by the reference interpreter, as an independent oracle. */
  function oracle() {
    const p = parseProgram(SEED);
    const env = loadData(DATA, p);
    const g = simplify(p.graph, grad(p.graph, p.result!, p.scope.declaration('x')!.node));
    return { value: evaluate(p.result!, env).data[0], gradient: Array.from(evaluate(g, env).data) };
  }

  test('value and gradient of the seed on a data file', async () => {
    const r = await cli(['eval', 'seed.matdiff', '--data', 'data.json', '--grad', 'x'], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const out = JSON.parse(r.stdout);
    const want = oracle();
    expect(out.value).toBeCloseTo(want.value, 12);
    expect(out.gradient.x).toHaveLength(2);
    out.gradient.x.forEach((v: number, i: number) => expect(v).toBeCloseTo(want.gradient[i], 12));
  });

  test('the value alone; matrices print as arrays of rows; several gradients', async () => {
    const value = JSON.parse((await cli(['eval', 'seed.matdiff', '-d', 'data.json'], { cwd: dir })).stdout);
    expect(Object.keys(value)).toEqual(['value']);
    const both = await cli(['eval', 'seed.matdiff', '-d', 'data.json', '--grad', 'x,A'], { cwd: dir });
    const out = JSON.parse(both.stdout);
    expect(out.gradient.A).toHaveLength(3);
    expect(out.gradient.A[0]).toHaveLength(2);
    const mat = await cli(['eval', '-e', 'A : matrix(m, n); 2 * A', '-d', 'A.json'], { cwd: dir });
    expect(JSON.parse(mat.stdout).value).toEqual([
      [2, 4],
      [6, -8],
      [1, 12],
    ]);
  });

  test('a program without variables needs no data; a program with variables does', async () => {
    expect(JSON.parse((await cli(['eval', '-e', '2^10'])).stdout)).toEqual({ value: 1024 });
    const r = await cli(['eval', 'seed.matdiff'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the program uses .*A.*: give their values with --data FILE\.json/);
  });

  test('non-finite results are printed as null with a warning', async () => {
    const r = await cli(['eval', '-e', 'x : vector(n); sum(log(x))', '-d', 'x.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ value: null });
    expect(r.stderr).toMatch(/not finite/);
  });

  test.each([
    ['ragged.json', /^ragged\.json:2:17: ragged rows in A: A\[1\] has 1 entries, A\[0\] has 2\n  "A": \[\[1, 2\], \[3\]\],\n {16}\^~~\n/],
    ['disagree.json', /^disagree\.json:3:8: dimension n disagrees: A has 2 columns, so n = 2, but x has 3 entries, so n = 3\n/],
    ['nan.json', /^nan\.json:1:23: x\[0\] is the string "NaN": NaN and Infinity are not allowed/],
    ['null.json', /^null\.json:1:12: A\[0\]\[1\] is null, not a number/],
    ['text.json', /^text\.json:1:12: A\[0\]\[1\] is the string "two", not a number/],
    ['bare-nan.json', /^bare-nan\.json:1:12: NaN is not valid JSON/],
    ['invalid.json', /^invalid\.json:3:3: expected , or \} after the value of "A", found `"`/],
    ['unknown.json', /^unknown\.json:1:40: unknown name "lamda".*\n.*\n.*\nhint: .*the program declares A, x, b/],
    ['missing.json', /^missing\.json: no value for b \(declared vector\(m\)\) in missing\.json\nhint: add "b"/],
    ['flat.json', /^flat\.json:1:7: A is declared matrix\(m, n\), but its value is a flat array of 2 numbers/],
  ])('data error in %s: located message, exit 2', async (file, message) => {
    const r = await cli(['eval', 'seed.matdiff', '--data', file, '--grad', 'x'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  test('a symmetric variable given an asymmetric matrix', async () => {
    const r = await cli(['eval', '-e', 'S : symmetric(n); logdet(S)', '--data', 'asym.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^asym\.json:1:12: S is declared symmetric, but S\[0\]\[1\] = 2 differs from S\[1\]\[0\] = 3/);
  });

  test('a missing data file, and --grad of an undeclared name', async () => {
    expect((await cli(['eval', 'seed.matdiff', '--data', 'nope.json'], { cwd: dir })).stderr).toMatch(/cannot read data file nope\.json: no such file/);
    const g = await cli(['eval', 'seed.matdiff', '--data', 'data.json', '--grad', 'z'], { cwd: dir });
    expect(g.code).toBe(2);
    expect(g.stderr).toMatch(/--wrt z: no variable z is declared/);
  });
});
