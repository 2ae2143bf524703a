import katex from 'katex';
import { parseProgram } from '../../src/parse';
import { SEED, cli, scratch } from './helpers';

describe('matdiff print', () => {
  const dir = scratch({ 'seed.matdiff': SEED });

  test('text (the default) re-parses to the same expression', async () => {
    const r = await cli(['print', 'seed.matdiff'], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const printed = r.stdout.trim();
    const decls = SEED.split('\n')
      .filter((l) => l.includes(' : '))
      .join('\n');
    const again = parseProgram(`${decls}\n${printed}`);
    const original = parseProgram(SEED, { graph: again.graph });
    expect(again.result).toBe(original.result);
  });

  test('unicode prints the textbook loss', async () => {
    const r = await cli(['print', 'seed.matdiff', '--format', 'unicode'], { cwd: dir });
    expect(r.stdout).toBe('−(1/m)(bᵀ log(σ(Ax)) + (1 − b)ᵀ log(1 − σ(Ax)))\n');
  });

  test('latex is valid KaTeX', async () => {
    const r = await cli(['print', 'seed.matdiff', '-f', 'latex'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\\sigma/);
    expect(() => katex.renderToString(r.stdout.trim(), { throwOnError: true })).not.toThrow();
  });

  test('json is the graph with a root', async () => {
    const r = await cli(['print', 'seed.matdiff', '--format', 'json'], { cwd: dir });
    const g = JSON.parse(r.stdout);
    expect(g.nodes.find((n: { id: number }) => n.id === g.root)).toBeDefined();
    expect(g.nodes.some((n: { op: string; name?: string }) => n.op === 'var' && n.name === 'A')).toBe(true);
  });

  test('inline with -e, and from standard input with -', async () => {
    const inline = await cli(['print', '-e', "x : vector(n); x' * x", '-f', 'unicode']);
    expect(inline).toMatchObject({ code: 0, stdout: 'xᵀx\n' });
    const piped = await cli(['print', '-', '-f', 'unicode'], { stdin: 'x : vector(n)\nnorm2(x)' });
    expect(piped).toMatchObject({ code: 0, stdout: '‖x‖\n' });
  });

  test('an unknown format is refused by the option parser (exit 2)', async () => {
    const r = await cli(['print', '-e', 'x : scalar; x', '--format', 'html']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/html.*invalid|Allowed choices are text, unicode, latex, json/);
  });
});

describe('bad input: located messages, exit 2, no stack traces', () => {
  const dir = scratch({ 'bad.matdiff': 'A : matrix(m, n)\nx : vector(m)\ny = A * x\ny\n', 'good.matdiff': SEED });

  test('a shape error in a file shows file:line:col, the line and a caret', async () => {
    const r = await cli(['print', 'bad.matdiff'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n');
    expect(lines[0]).toMatch(/^bad\.matdiff:3:5: cannot multiply matrix\(m, n\)/);
    expect(lines[1]).toBe('y = A * x');
    expect(lines[2]).toBe('    ^~~~~');
    expect(r.stderr).toMatch(/\nhint: /);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack
  });

  test('a syntax error from standard input', async () => {
    const r = await cli(['print', '-'], { stdin: 'x : vector(n)\n(x + x' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^<stdin>:2:/);
    expect(r.stderr.split('\n')[1]).toBe('(x + x');
    expect(r.stderr.split('\n')[2]).toMatch(/^\s*\^/);
  });

  test('an unknown character inline points at it', async () => {
    const r = await cli(['print', '-e', 'x : scalar\nx + $']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^<-e>:2:5: unknown character/);
    expect(r.stderr.split('\n')[2]).toBe('    ^');
  });

  test('a missing file, both a file and -e, no program at all', async () => {
    const missing = await cli(['print', 'nope.matdiff'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read program file nope\.matdiff: no such file/);
    expect((await cli(['print', 'good.matdiff', '-e', 'x : scalar; x'], { cwd: dir })).stderr).toMatch(/not both/);
    expect((await cli(['print'])).stderr).toMatch(/no program given/);
  });

  test('a program without an expression', async () => {
    const r = await cli(['print', '-e', 'x : vector(n)']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has no expression/);
  });

  test("unknown command and unknown option: the option parser's message, exit 2", async () => {
    const cmd = await cli(['frobnicate']);
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toMatch(/unknown command 'frobnicate'/);
    const opt = await cli(['print', '-e', 'x : scalar; x', '--bogus']);
    expect(opt.code).toBe(2);
    expect(opt.stderr).toMatch(/unknown option '--bogus'/);
  });

  test('--help and --version exit 0', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['print', 'grad', 'hessian', 'jacobian', 'eval', 'compile', 'check', 'repl', 'demo']) expect(help.stdout).toContain(c);
    const version = await cli(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: `${require('../../package.json').version}\n` });
  });
});
