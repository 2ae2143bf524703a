/**
 * The REPL as a finished tool (issue 11, item 4): Ctrl-C stops long work and the session goes
 * on; large values are summarized (and can be seen in full); aliases; none of node:repl's
 * dot-commands or messages; `ans`; :load over identical declarations; multi-line inputs as one
 * history entry; completion inside calls; :help NAME; piped input without prompts and with an
 * exit status; NO_COLOR; :eval with given values and 0/1 labels.
 */
import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { Session, complete, render, startRepl } from '../../src/repl';
import { drive } from './drive';

const SEED_LINES = ['A : matrix(m, n)', 'x : vector(n)', 'b : vector(m)', "J = -1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))"];

const root = path.join(__dirname, '..', '..');

function run(session: Session, ...inputs: string[]): string[] {
  return inputs.map((i) => render(session.execute(i), false));
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'matdiff-repl-finish-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The REPL as its own process (`matdiff repl` from the sources), stdin piped. */
function spawnRepl(env: NodeJS.ProcessEnv = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), path.join(root, 'src/cli/main.ts'), 'repl', '--no-history'], {
    cwd: dir,
    env: { ...process.env, ...env, TS_NODE_PROJECT: path.join(root, 'tsconfig.json') },
  });
}

/** Resolves with the output once `until` matches it (or rejects after `ms`). */
function waitFor(out: () => string, until: RegExp, ms: number): Promise<number> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const iv = setInterval(() => {
      if (until.test(out())) {
        clearInterval(iv);
        resolve(Date.now() - t0);
      } else if (Date.now() - t0 > ms) {
        clearInterval(iv);
        reject(new Error(`timed out waiting for ${until}; output so far:\n${out()}`));
      }
    }, 10);
  });
}

describe('Ctrl-C', () => {
  test('a Hessian at a large size, interrupted by SIGINT: back within a second, the session intact', async () => {
    const child = spawnRepl();
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdin.write(SEED_LINES.join('\n') + '\n');
    await waitFor(() => out, /J = /, 60000);
    // 2000×1500 data and an n×n Hessian: minutes of work if left alone.
    child.stdin.write(':eval hessian(J, x) with m=2000, n=1500\n');
    await new Promise((r) => setTimeout(r, 1500));
    expect(out).not.toMatch(/interrupted/);
    child.kill('SIGINT');
    const took = await waitFor(() => out, /interrupted \(Ctrl-C\)/, 5000);
    expect(took).toBeLessThan(1000);
    child.stdin.write('grad(J, x)\n');
    await waitFor(() => out, /\(1\/m\) Aᵀ\(σ\(Ax\) − b\)  : vector\(n\)/, 10000);
    child.stdin.end();
    // Piped input: an interrupted input makes the exit status 130 (128 + SIGINT).
    expect(await exited).toBe(130);
    expect(err).toBe('');
    expect(out).not.toContain('matdiff> ');
  }, 120000);
});

describe('piped input', () => {
  test('no prompts, no banner; the exit status says an input was bad', async () => {
    const child = spawnRepl();
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdin.end('x : vector(n)\nA * x\nsum(x)\n');
    expect(await exited).toBe(2);
    expect(out.split('\n')[0]).toBe('x : vector(n)');
    expect(out).toContain('<repl>:1:1: undeclared name `A`');
    expect(out).toContain('sum(x)  : scalar');
    expect(out).not.toContain('matdiff>');
    expect(out).not.toContain(':help for the commands');
  }, 60000);

  test('all well: exit 0; a check that finds a difference: exit 1', async () => {
    const go = (input: string) => {
      const child = spawnRepl();
      child.stdout.resume();
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.stdin.end(input);
      return exited;
    };
    const [ok, different] = await Promise.all([go('x : vector(n)\nsum(x)\n'), go("x : vector(n)\ncheck grad(x' * x, x) == x\n")]);
    expect(ok).toBe(0);
    expect(different).toBe(1);
  }, 60000);
});

describe('commands and messages', () => {
  test(':q, :h and :exit are aliases; Node dot-commands are not there, and say what is', async () => {
    for (const quit of [':q', ':exit', ':quit']) {
      const input = new PassThrough();
      const output = new PassThrough();
      output.resume();
      const server = startRepl({ input, output, terminal: false, historyFile: null });
      const exited = new Promise<void>((resolve) => server.on('exit', () => resolve()));
      input.write(quit + '\n');
      await exited;
    }
    const s = new Session();
    expect(run(s, ':h')[0]).toContain('Commands:');
    expect(run(s, ':h')[0]).toContain(':quit');
    const dot = run(s, '.help')[0].split('\n');
    expect(dot[0]).toBe('<repl>:1:1: .help is not a matdiff command: commands start with a colon');
    expect(dot[3]).toBe('hint: did you mean :help? type :help for the commands');
    expect(run(s, '.exit')[0]).toContain('did you mean :quit?');
    expect(run(s, '.editor')[0]).toContain('is not a matdiff command');
  });

  test('the transcript has none of node:repl: no "Invalid REPL keyword", no "press Ctrl+C again", no .editor', async () => {
    const t = await drive(['.break', '.editor', 'x : vector(n)']);
    expect(t.raw).not.toMatch(/Invalid REPL keyword|Ctrl\+C again|\.exit|Entering editor mode/);
    expect(t.replies[3]).toBe('x : vector(n)');
  });

  test(':help NAME: commands, functions, calculus, keywords and names of the session', () => {
    const s = new Session();
    run(s, ...SEED_LINES);
    expect(run(s, ':help eval')[0]).toMatch(/^:eval EXPR \[with \.\.\.\]\n  evaluate .*\nAfter `with`/);
    expect(run(s, ':help :eval')[0]).toContain('b=labels');
    expect(run(s, ':help q')[0]).toMatch(/^:quit/);
    expect(run(s, ':help logdet')[0]).toBe('logdet(X): log of the determinant of a square matrix');
    expect(run(s, ':help grad')[0]).toMatch(/^grad\(f, x\): the gradient/);
    expect(run(s, ':help check')[0]).toMatch(/^check TRUTH == CLAIM/);
    expect(run(s, ':help x')[0]).toBe('x : vector(n)  (a declared variable)');
    expect(run(s, ':help J')[0]).toMatch(/^J = .*: scalar  \(a definition\)$/);
    expect(run(s, ':help m')[0]).toMatch(/^m: a dimension symbol/);
    const bad = run(s, ':help lgodet')[0];
    expect(bad).toContain('no help on lgodet');
    expect(bad).toContain('did you mean logdet?');
    expect(run(s, ':help constructor')[0]).toContain('no help on constructor');
  });

  test('NO_COLOR turns colour off even on a terminal', async () => {
    const input = new PassThrough();
    const output = Object.assign(new PassThrough(), { isTTY: true });
    let raw = '';
    output.on('data', (d: Buffer) => (raw += d.toString('utf8')));
    const server = startRepl({ input, output, terminal: false, prompts: false, historyFile: null, env: { NO_COLOR: '1' } });
    const exited = new Promise<void>((resolve) => server.on('exit', () => resolve()));
    input.end('A * b\n');
    await exited;
    expect(raw).toContain('undeclared name');
    expect(raw).not.toContain('\x1b[');
    // Without NO_COLOR, a TTY gets colour.
    const input2 = new PassThrough();
    const output2 = Object.assign(new PassThrough(), { isTTY: true });
    let raw2 = '';
    output2.on('data', (d: Buffer) => (raw2 += d.toString('utf8')));
    const server2 = startRepl({ input: input2, output: output2, terminal: false, prompts: false, historyFile: null, env: {} });
    const exited2 = new Promise<void>((resolve) => server2.on('exit', () => resolve()));
    input2.end('A * b\n');
    await exited2;
    expect(raw2).toContain('\x1b[31m');
  });
});

describe('ans', () => {
  test('the last expression, usable like any name; not saved, not listed by :vars', () => {
    const s = new Session({ cwd: dir });
    run(s, ...SEED_LINES);
    expect(run(s, 'grad(J, x)')[0]).toBe('(1/m) Aᵀ(σ(Ax) − b)  : vector(n)');
    expect(run(s, 'ans')[0]).toBe('(1/m) Aᵀ(σ(Ax) − b)  : vector(n)');
    expect(run(s, "x' * ans")[0]).toMatch(/: scalar$/);
    expect(run(s, 'ans')[0]).toMatch(/: scalar$/);
    // Declarations, definitions and commands leave it alone.
    run(s, 'g = grad(J, x)', ':vars');
    expect(run(s, 'ans')[0]).toMatch(/: scalar$/);
    expect(run(s, ':vars')[0]).not.toContain('ans');
    run(s, ':save s.matdiff');
    expect(fs.readFileSync(path.join(dir, 's.matdiff'), 'utf8')).not.toContain('ans');
  });

  test("the user's own ans is theirs: not overwritten", () => {
    const s = new Session();
    run(s, 'x : vector(n)', 'ans = sum(x)', "x' * x");
    expect(run(s, 'ans')[0]).toBe('sum(x)  : scalar');
  });
});

describe(':load again after an edit', () => {
  test('identical declarations are accepted, definitions replaced; a conflicting declaration is a clear error', () => {
    const file = path.join(dir, 'model.matdiff');
    fs.writeFileSync(file, 'A : matrix(m, n)\nx : vector(n)\nJ = sum(A*x)\n');
    const s = new Session({ cwd: dir });
    expect(run(s, ':load model.matdiff')[0]).toMatch(/^loaded model.matdiff: 2 declarations, 1 definition/);
    fs.writeFileSync(file, 'A : matrix(m, n)\nx : vector(n)\nJ = norm2(A*x)^2\n');
    expect(run(s, ':load model.matdiff')[0]).toMatch(/^loaded model.matdiff/);
    expect(run(s, 'J')[0]).toBe('‖Ax‖²  : scalar');
    fs.writeFileSync(file, 'A : matrix(m, n)\nx : vector(m)\nJ = 1\n');
    const err = run(s, ':load model.matdiff')[0].split('\n');
    expect(err[0]).toBe('model.matdiff:2:1: `x` is already declared (at line 2, column 1)');
    expect(err[3]).toMatch(/^hint: it is declared x : vector\(n\); declaring it again is allowed only with the same type/);
    // Nothing changed.
    expect(run(s, 'J')[0]).toBe('‖Ax‖²  : scalar');
    // At the prompt too.
    expect(run(s, 'x : vector(n)')[0]).toBe('x : vector(n)');
    expect(run(s, 'x : symmetric(n)')[0]).toContain('already declared');
  });
});

describe('history', () => {
  test('a multi-line input is one history entry, in the file and in line editing', async () => {
    const file = path.join(dir, 'history');
    await drive(['x : vector(n)', 'sum(exp(x  # the exponentials', ') + 1)', 'x'], { historyFile: file });
    expect(fs.readFileSync(file, 'utf8')).toBe('x : vector(n)\nsum(exp(x ) + 1)\nx\n:quit\n');
    const input = new PassThrough();
    const output = new PassThrough();
    output.resume();
    const server = startRepl({ input, output, terminal: true, historyFile: file });
    const exited = new Promise<void>((resolve) => server.on('exit', () => resolve()));
    input.write('sum(x,\n');
    input.write('x)\n');
    input.write(':quit\n');
    await exited;
    expect(server.history.slice(0, 2)).toEqual([':quit', 'sum(x, x)']);
  });
});

describe('completion', () => {
  const s = new Session();
  run(s, ...SEED_LINES, 't : scalar');
  test.each([
    ['grad(J, ', ['A', 'b', 't', 'x']],
    ['grad(J, x', ['x']],
    ['hessian(J,', ['A', 'b', 't', 'x']],
    ['grad(', ['A', 'J', 'b', 't', 'x']],
    ['x - t * grad(J', ['J']],
    ['sum(A*', ['A', 'J', 'b', 't', 'x']],
  ] as const)('%s', (line, hits) => {
    expect(complete(s, line)[0]).toEqual(hits);
  });
  test(':eval ... with: names to give (name=), and data files first', () => {
    const t = new Session({ cwd: dir });
    run(t, 'A : matrix(m, n)', 'x : vector(n)');
    fs.writeFileSync(path.join(dir, 'data.json'), '{}');
    expect(complete(t, ':eval A*x with ')[0]).toEqual(['A=', 'm=', 'n=', 'seed=', 'x=', 'data.json']);
    expect(complete(t, ':eval A*x with m=3, ')[0]).toEqual(['A=', 'm=', 'n=', 'seed=', 'x=']);
    expect(complete(t, ':eval A*x with m=3, s')).toEqual([['seed='], 's']);
    expect(complete(t, ':eval A*x with da')).toEqual([['data.json'], 'da']);
  });
  test('help topics and settings', () => {
    expect(complete(s, ':help log')[0]).toEqual(['log', 'log1p', 'logdet', 'logsumexp']);
    expect(complete(s, ':set p')[0]).toEqual(['print']);
    expect(complete(s, ':set print f')[0]).toEqual(['full']);
  });
});

describe(':eval', () => {
  test('given values fix their dimensions; the rest is drawn', () => {
    const s = new Session();
    run(s, ...SEED_LINES);
    const out = run(s, ':eval J with x=[1, 2], m=3')[0].split('\n');
    expect(out[0]).toBe('with the values given and random data for m = 3, n = 2 (seed 1):');
    expect(out).toContain('  x = [1; 2]');
    expect(out[out.length - 1]).toMatch(/^[\d.]+  : scalar$/);
    const all = run(s, ':eval A*x with A=[[1, 2], [3, 4]], x=[1, -1]')[0].split('\n');
    expect(all[0]).toBe('with the values given for m = 2, n = 2:');
    expect(all[all.length - 1]).toBe('[-1; -1]  : vector(m)');
  });

  test('values that disagree, or do not fit, are located errors', () => {
    const s = new Session();
    run(s, ...SEED_LINES, 'S : spd(k)');
    const clash = run(s, ':eval J with x=[1, 2], n=3')[0].split('\n');
    expect(clash[0]).toBe('<repl>:1:24: n=3 makes n = 3, but x=[1,2] makes it 2');
    expect(clash[2]).toBe('                       ^~~');
    expect(run(s, ':eval J with x=[1, 2')[0]).toContain('is not a number or an array');
    expect(run(s, ':eval J with x=[[1, 2]]')[0]).toMatch(/<repl>:1:14:/);
    expect(run(s, ':eval logdet(S) with S=[[1, 2], [2, 1]]')[0]).toMatch(/^<repl>:1:22: S is declared spd/);
    expect(run(s, ':eval J with J=3')[0]).toContain('J is a definition');
    expect(run(s, ':eval J with xx=3')[0]).toContain('did you mean x?');
    // Values outside the expression's domain: said as such, not as a failure of random data.
    expect(run(s, ':eval sum(log(x)) with x=[-1, 2]')[0].split('\n')[0]).toBe('<repl>:1:7: log(x) is not finite with the values given for x');
  });

  test('0/1 labels only when asked for: b=labels; otherwise b is normal data', () => {
    const s = new Session();
    run(s, ...SEED_LINES);
    const entries = (text: string) => {
      const line = text.split('\n').find((l) => l.startsWith('  b = '))!;
      return line
        .replace(/^ {2}b = \[|\].*$/g, '')
        .split('; ')
        .filter((e) => e !== '…')
        .map(Number);
    };
    const labelled = entries(run(s, ':eval J with m=40, n=3, b=labels')[0]);
    expect(labelled.every((v) => v === 0 || v === 1)).toBe(true);
    expect(new Set(labelled).size).toBe(2);
    const plain = entries(run(s, ':eval J with m=40, n=3, b=labels'.replace(', b=labels', ''))[0]);
    expect(plain.some((v) => v !== 0 && v !== 1)).toBe(true);
  });

  test('large values are summarized; :eval! and :set print full show every entry', () => {
    const s = new Session();
    run(s, 'A : matrix(m, n)');
    const short = run(s, ':eval A with m=40, n=30')[0];
    expect(short).toContain('…');
    expect(short).toContain('⋮');
    expect(short).toContain('(40×30)');
    const full = run(s, ':eval! A with m=40, n=30')[0];
    expect(full).not.toMatch(/[…⋮]/);
    expect(full.split('\n').length).toBe(1 + 40 + 40);
    expect(run(s, ':set print full')[0]).toBe('print full');
    expect(run(s, ':eval A with m=40, n=30')[0]).toBe(full);
    expect(run(s, ':set')[0]).toBe('format unicode\nprint full');
    expect(run(s, ':set print all')[0]).toContain('unknown print mode all');
    expect(run(s, ':set colour on')[0]).toContain('unknown setting colour');
    expect(run(s, ':set format text')[0]).toBe('format: text');
    // print full reaches check's counterexample too.
    run(s, 'B : matrix(30, 30)', 'y : vector(30)');
    expect(run(s, 'check B*y == 2*B*y')[0]).not.toMatch(/[…⋮]/);
    run(s, ':set print short');
    expect(run(s, 'check B*y == 2*B*y')[0]).toContain('(30×30)');
  });
});
