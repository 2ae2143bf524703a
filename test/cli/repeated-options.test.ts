/**
 * An option given twice is never silently the last one (issue 8, small items): grad, hessian,
 * jacobian and check take one --wrt variable and say so (exit 2); eval --grad and compile --wrt
 * take lists, so repeating them adds to the list. REPL `:eval ... with m=3, m=4` is an error.
 */
import { Session, render } from '../../src/repl';
import { cli } from './helpers';

const PROGRAM = 'x : scalar; b : scalar; x^2 * b';

describe('one-variable commands refuse a second --wrt', () => {
  test.each(['grad', 'hessian', 'jacobian'])('%s --wrt x --wrt b', async (kind) => {
    const r = await cli([kind, '-e', PROGRAM, '--wrt', 'x', '--wrt', 'b']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `matdiff: --wrt is given 2 times (x, b), but ${kind} differentiates with respect to one variable\n` +
        'hint: give one, e.g. --wrt x, and run the command once per variable; for gradients with respect to several variables at once use npx matdiff eval --wrt x,b or npx matdiff compile --wrt x,b\n',
    );
  });

  test('grad --wrt x,b names two variables', async () => {
    const r = await cli(['grad', '-e', PROGRAM, '--wrt', 'x,b']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^matdiff: --wrt x,b names 2 variables, but grad differentiates with respect to one variable/);
  });

  test('check --wrt x --wrt b', async () => {
    const r = await cli(['check', '-e', PROGRAM, '--wrt', 'x', '--wrt', 'b', '--expect', '2*x*b']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^matdiff: --wrt is given 2 times \(x, b\), but check --wrt compares the claim with the gradient/);
  });

  test('one --wrt still works, and --help says one', async () => {
    expect(await cli(['grad', '-e', PROGRAM, '--wrt', 'b'])).toMatchObject({ code: 0, stdout: 'x^2\n' });
    const help = await cli(['grad', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('--wrt <variable> the variable to differentiate with respect to (one; give --wrt once)');
  });
});

describe('list options accumulate', () => {
  test('eval --grad x --grad b gives both gradients', async () => {
    const dir = require('./helpers').scratch({ 'd.json': '{"x": 2, "b": 3}' });
    const r = await cli(['eval', '-e', PROGRAM, '--data', 'd.json', '--grad', 'x', '--grad', 'b'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ value: 12, gradient: { x: 12, b: 4 } });
  });

  test('compile --wrt x --wrt b compiles both gradients', async () => {
    const r = await cli(['compile', '-e', PROGRAM, '--wrt', 'x', '--wrt', 'b']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\/\/ gradient x: 2 \* b \* x\n/);
    expect(r.stdout).toMatch(/\/\/ gradient b: x\^2\n/);
  });

  test('--help says the lists may be repeated', async () => {
    expect((await cli(['eval', '--help'])).stdout.replace(/\s+/g, ' ')).toContain('--wrt may also be repeated');
    expect((await cli(['compile', '--help'])).stdout.replace(/\s+/g, ' ')).toContain('--wrt may also be repeated');
  });
});

test('REPL :eval with a size given twice is an error pointing at the second', () => {
  const s = new Session();
  s.execute('A : matrix(m, n)');
  expect(render(s.execute(':eval A with m=3, m=4'), false).split('\n')).toEqual([
    '<repl>:1:19: m is given twice (m=3 and m=4)',
    ':eval A with m=3, m=4',
    '                  ^~~',
    'hint: give each size, value (and the seed) once, e.g. :eval A*x with m=3, n=2, seed=7',
  ]);
  expect(render(s.execute(':eval A with seed=2, n=2, seed=5'), false)).toMatch(/seed is given twice \(seed=2 and seed=5\)/);
  expect(render(s.execute(':eval A with m=2, n=3'), false)).toMatch(/^with random data for m = 2, n = 3/);
});
