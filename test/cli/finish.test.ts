/**
 * The CLI as a finished tool (issue 11, item 5): --wrt everywhere (--grad kept as eval's older
 * name), one default format, --of NAME, Greek names in --wrt, a BOM accepted, `.matdiff` and
 * `npx matdiff` in hints that paste into a POSIX shell, exit 1 for a transposed check claim, no
 * stack traces.
 */
import { spawnSync } from 'child_process';
import { writeFileSync } from 'fs';
import { join } from 'path';
import { SEED, cli, scratch } from './helpers';

const LSQ = 'A : matrix(m, n); x : vector(n); b : vector(m); r = A*x - b; J = norm2(r)^2; J';
const DATA = JSON.stringify({ x: [1, 2] });

describe('--wrt everywhere', () => {
  test('eval --wrt, and --grad as its older name (hidden from --help)', async () => {
    const dir = scratch({ 'd.json': DATA });
    const wrt = await cli(['eval', '-e', "x : vector(n); x' * x", '--data', 'd.json', '--wrt', 'x'], { cwd: dir });
    expect(wrt).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(wrt.stdout)).toEqual({ value: 5, gradient: { x: [2, 4] } });
    const grad = await cli(['eval', '-e', "x : vector(n); x' * x", '--data', 'd.json', '--grad', 'x'], { cwd: dir });
    expect(grad.stdout).toBe(wrt.stdout);
    const help = (await cli(['eval', '--help'])).stdout;
    expect(help).toContain('--wrt <variables>');
    expect(help).not.toContain('--grad');
  });
});

describe('one default format', () => {
  test('text when piped, unicode on a terminal, for print, grad and check alike', async () => {
    const program = ['-e', "S : symmetric(n); x : vector(n); x' * S * x"];
    for (const [isTTY, grad, printed] of [
      [false, '2 * S * x', "x' * S * x"],
      [true, '2Sx', 'xᵀSx'],
    ] as const) {
      expect((await cli(['grad', ...program, '--wrt', 'x'], { isTTY })).stdout).toBe(grad + '\n');
      expect((await cli(['print', ...program], { isTTY })).stdout).toBe(printed + '\n');
      const check = await cli(['check', ...program, '--wrt', 'x', '--expect', 'S * x'], { isTTY });
      expect(check.code).toBe(1);
      expect(check.stdout).toContain(`the gradient is ${grad}\n`);
    }
    // --format still wins.
    expect((await cli(['grad', ...program, '--wrt', 'x', '--format', 'latex'], { isTTY: true })).stdout).toBe('2 S x\n');
    expect((await cli(['grad', '--help'])).stdout.replace(/\s+/g, ' ')).toContain('unicode on a terminal, text when piped');
  });
});

describe('--of NAME', () => {
  test('picks a definition other than the last, for every command', async () => {
    const dir = scratch({
      'lsq.matdiff': LSQ.replace(/; /g, '\n'),
      'd.json': JSON.stringify({
        A: [
          [1, 0],
          [0, 1],
          [1, 1],
        ],
        x: [1, 2],
        b: [0, 0, 0],
      }),
    });
    expect((await cli(['print', 'lsq.matdiff', '--of', 'r'])).code).toBe(2); // relative to cwd: not found here
    expect((await cli(['print', 'lsq.matdiff', '--of', 'r'], { cwd: dir })).stdout).toBe('A*x - b\n');
    expect((await cli(['jacobian', 'lsq.matdiff', '--of', 'r', '--wrt', 'x'], { cwd: dir })).stdout).toBe('A\n');
    expect((await cli(['grad', 'lsq.matdiff', '--wrt', 'x'], { cwd: dir })).stdout).toBe("2 * A' * (A*x - b)\n");
    const check = await cli(['check', 'lsq.matdiff', '--of', 'r', '--expect', 'A*x - b'], { cwd: dir });
    expect(check).toMatchObject({ code: 0, stdout: 'equal, symbolically\n' });
    const ev = await cli(['eval', 'lsq.matdiff', '--of', 'r', '--data', 'd.json'], { cwd: dir });
    expect(JSON.parse(ev.stdout)).toEqual({ value: [1, 2, 3] });
    const compiled = await cli(['compile', 'lsq.matdiff', '--of', 'r', '--emit', 'ir'], { cwd: dir });
    expect(compiled.code).toBe(0);
  });

  test('a name that is not a definition: what it is, and what the definitions are', async () => {
    const nope = await cli(['grad', '-e', LSQ, '--of', 'j', '--wrt', 'x']);
    expect(nope.code).toBe(2);
    expect(nope.stderr).toBe('<-e>: --of j: the program has no definition j\nhint: did you mean J? the program defines r, J\n');
    const decl = await cli(['grad', '-e', LSQ, '--of', 'x', '--wrt', 'x']);
    expect(decl.stderr).toMatch(
      /^<-e>: --of x: x is a declared variable, not a definition\nhint: --of names a definition \(NAME = EXPR\); the program defines r, J\n$/,
    );
  });
});

describe('Greek names', () => {
  test('--wrt λ for a variable declared λ (read as lambda), in grad, eval and check', async () => {
    const program = ['-e', "λ : scalar; x : vector(n); λ * x' * x"];
    expect((await cli(['grad', ...program, '--wrt', 'λ'])).stdout).toBe("x' * x\n");
    expect((await cli(['grad', ...program, '--wrt', 'lambda'])).stdout).toBe("x' * x\n");
    const dir = scratch({ 'd.json': JSON.stringify({ lambda: 2, x: [1, 2] }) });
    expect(JSON.parse((await cli(['eval', ...program, '--data', 'd.json', '--wrt', 'λ'], { cwd: dir })).stdout)).toEqual({
      value: 10,
      gradient: { lambda: 5 },
    });
    expect((await cli(['check', ...program, '--wrt', 'λ', '--expect', "x' * x"])).code).toBe(0);
    expect((await cli(['grad', '-e', 'λ : scalar; λ^2', '--of', 'λ', '--wrt', 'λ'])).stderr).toContain('--of λ: λ is a declared variable');
  });
});

describe('a UTF-8 byte order mark', () => {
  test('is accepted in a program file, on standard input, in -e and in --expect', async () => {
    const bom = '\ufeff';
    const dir = scratch({ 'seed.matdiff': bom + SEED });
    expect((await cli(['grad', 'seed.matdiff', '--wrt', 'x'], { cwd: dir })).stdout).toBe("1/m * A' * (sigmoid(A*x) - b)\n");
    expect((await cli(['grad', '-', '--wrt', 'x'], { stdin: bom + SEED })).stdout).toBe("1/m * A' * (sigmoid(A*x) - b)\n");
    expect((await cli(['print', '-e', bom + 'x : vector(n); sum(x)'])).stdout).toBe('sum(x)\n');
    expect((await cli(['check', 'seed.matdiff', '--wrt', 'x', '--expect', bom + "1/m * A' * (sigmoid(A*x) - b)"], { cwd: dir })).code).toBe(0);
  });
});

describe('hints', () => {
  test('name .matdiff files and npx matdiff, and their examples paste into a POSIX shell', async () => {
    const none = await cli(['print']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('model.matdiff');
    const both = await cli(['print', 'f.matdiff', '-e', 'x : scalar; x']);
    expect(both.stderr).toContain('npx matdiff print model.matdiff');
    const example = /(-e ".*")$/m.exec(both.stderr)![1];
    // The shell splits the example into -e and the program, intact.
    const sh = spawnSync('sh', ['-c', `for a in ${example}; do printf '[%s]' "$a"; done`], { encoding: 'utf8' });
    expect(sh.stdout).toBe("[-e][x : vector(n); x' * x]");
    const unknown = await cli(['grad', '--wrt']);
    expect(unknown.stderr).toContain('npx matdiff grad --help');
    for (const r of [none, both, unknown]) {
      expect(r.stderr).not.toMatch(/\.mdf\b|\.md\b|model\.txt/);
      expect(r.stderr).not.toMatch(/(^|[^x] )matdiff (print|grad|eval|check|compile|--help)/m);
    }
  });

  test('the demo suggests npx matdiff and nothing outside the repository', async () => {
    const demo = await cli(['demo']);
    expect(demo.code).toBe(0);
    expect(demo.stdout).not.toMatch(/shared\/seed|issue/);
    expect(demo.stdout).toContain('npx matdiff grad');
    expect(demo.stdout).not.toMatch(/(^|[^x] )matdiff (grad|check) /m);
  });
});

describe('check: a transposed claim is a wrong answer (exit 1) with its diagnosis', () => {
  test('the transpose of the gradient', async () => {
    const r = await cli(['check', '-e', LSQ, '--wrt', 'x', '--expect', "2*(A*x - b)'*A"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')).toEqual([
      'different: the claim is row vector(n) (1×n) but the gradient is vector(n) (n×1)',
      "diagnosis: the claim is the transpose of the gradient (equal to it symbolically); transpose it: (...)'",
      "the gradient is 2 * A' * (A*x - b)",
      '',
    ]);
    const json = await cli(['check', '-e', LSQ, '--wrt', 'x', '--expect', "2*(A*x - b)'*A", '--format', 'json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ equal: false, diagnosis: { kind: 'transpose' } });
  });

  test('transposed and wrong besides: both said', async () => {
    const r = await cli(['check', '-e', LSQ, '--wrt', 'x', '--expect', "(A*x - b)'*A"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^different: the claim is row vector\(n\)/);
    expect(r.stdout).toContain('not the transpose of the gradient either');
    expect(r.stdout).toContain('off by a factor of 1/2');
  });

  test('a claim of an unrelated shape is still bad input (exit 2), located in the claim', async () => {
    const r = await cli(['check', '-e', LSQ, '--wrt', 'x', '--expect', 'A']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^<--expect>:1:1: the claim is matrix\(m, n\)/);
  });

  test('in the REPL too', async () => {
    const { Session, render } = await import('../../src/repl');
    const s = new Session();
    for (const l of ['A : matrix(m, n)', 'x : vector(n)', 'b : vector(m)']) s.execute(l);
    const reply = s.execute("check grad(norm2(A*x - b)^2, x) == 2*(A*x - b)'*A");
    expect(reply.outcome).toBe('different');
    expect(render(reply, false)).toMatch(
      /^different: the claim is row vector\(n\) \(1×n\) but the gradient is vector\(n\) \(n×1\)\ndiagnosis: the claim is the transpose of the gradient/,
    );
  });
});

describe('errors', () => {
  test('say what, where and what would be right; never a stack trace; control bytes escaped', async () => {
    const dir = scratch({ 'bad.matdiff': 'A : matrix(m, n)\nx : vector(m)\nA * x\x1b[31m\n' });
    const r = await cli(['print', 'bad.matdiff'], { cwd: dir });
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toMatch(/^bad\.matdiff:\d+:\d+: /);
    expect(r.stderr).toMatch(/\n *\^/);
    expect(r.stderr).toMatch(/\nhint: /);
    expect(r.stderr).not.toContain('\x1b');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    writeFileSync(join(dir, 'ok.matdiff'), 'x : vector(n)\nsum(x)\n');
    expect((await cli(['grad', 'ok.matdiff', '--wrt', 'y'], { cwd: dir })).stderr).toBe(
      'ok.matdiff: --wrt y: no variable y is declared\nhint: declared variables: x\n',
    );
  });
});
