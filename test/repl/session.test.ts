/**
 * The REPL as a person uses it: a full scripted session through piped streams (declare, define,
 * grad, check, an error, the state intact after it, :save then :load), and the session commands.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Session, complete, render } from '../../src/repl';
import { drive } from './drive';

const SEED_LINES = ['A : matrix(m, n)', 'x : vector(n)', 'b : vector(m)', "J = -1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))"];

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'matdiff-repl-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Run inputs in one Session and return each reply as plain text. */
function run(session: Session, ...inputs: string[]): string[] {
  return inputs.map((i) => render(session.execute(i), false));
}

describe('a full scripted session through the REPL', () => {
  test('declare, define, grad, check, an error, state kept, :save, :load, :vars', async () => {
    const t = await drive(
      [
        ...SEED_LINES,
        'grad(J, x)',
        "check grad(J, x) == 1/m * A' * (sigmoid(A*x) - b)",
        "check grad(J, x) == A' * (sigmoid(A*x) - b)",
        'A * b',
        'y : vector(k); z = A * b',
        'g = grad(J, x)',
        ':vars',
        ':save session.matdiff',
      ],
      { cwd: dir },
    );
    const [banner, ...r] = t.replies;
    expect(banner).toContain(':help');
    expect(r[0]).toBe('A : matrix(m, n)');
    expect(r[3]).toBe('J = −(1/m)(bᵀ log(σ(Ax)) + (1 − b)ᵀ log(1 − σ(Ax)))  : scalar');
    expect(r[4]).toBe('(1/m) Aᵀ(σ(Ax) − b)  : vector(n)');
    expect(r[5]).toBe('equal, symbolically');
    expect(r[6]).toMatch(/^different/);
    expect(r[6]).toContain('diagnosis: missing 1/m');
    expect(r[6]).toContain('counterexample (m = ');
    // The error: located message, the line, a caret under the product, a hint.
    expect(r[7].split('\n')).toEqual([
      '<repl>:1:1: cannot multiply matrix(m, n) (m×n) by vector(m): inner dimensions n and m differ',
      'A * b',
      '^~~~~',
      "hint: did you mean to transpose the left factor (X' * Y)?",
    ]);
    // A failing line changes nothing: y is not declared by the line whose second half failed.
    expect(r[8]).toContain('<repl>:1:20:');
    expect(r[9]).toBe('g = (1/m) Aᵀ(σ(Ax) − b)  : vector(n)');
    const vars = r[10];
    expect(vars).toContain('dimensions: m, n');
    expect(vars).not.toContain('y :');
    expect(vars).not.toContain('k');
    expect(vars).toContain('J = ');
    expect(r[11]).toBe('saved 3 declarations and 2 definitions to session.matdiff');

    // A fresh session that loads the file has the same state.
    const u = await drive([':load session.matdiff', ':vars', 'grad(J, x)'], { cwd: dir });
    expect(u.replies[1]).toMatch(/^loaded session.matdiff: 3 declarations, 2 definitions/);
    expect(u.replies[2]).toBe(vars);
    expect(u.replies[3]).toBe('(1/m) Aᵀ(σ(Ax) − b)  : vector(n)');
    // Nothing but the saved file in the directory (no temp files left behind).
    expect(fs.readdirSync(dir)).toEqual(['session.matdiff']);
  });

  test('multi-line input while a parenthesis is open', async () => {
    const t = await drive(['x : vector(n)', 'sum(exp(x', ') + 1)', 'x']);
    expect(t.raw).toContain('... ');
    expect(t.replies[2]).toMatch(/sum\(exp\(x\) \+ 1\)  : scalar$/);
    expect(t.replies[3]).toBe('x  : vector(n)');
  });

  test('colour only when asked or when the output is a terminal', async () => {
    const plain = await drive(['x : vector(n)', 'x * x']);
    expect(plain.raw).not.toContain('\x1b[');
    const coloured = await drive(['x : vector(n)', 'x * x'], { colour: true });
    expect(coloured.replies[2]).toMatch(/^\x1b\[31m<repl>:1:1:/);
  });
});

describe('session commands', () => {
  test('grad inside larger expressions; hessian', () => {
    const s = new Session();
    run(s, ...SEED_LINES, 't : scalar');
    expect(run(s, 'x - t * grad(J, x)')[0]).toBe('x − (t/m) Aᵀ(σ(Ax) − b)  : vector(n)');
    expect(run(s, "hessian(x' * x, x)")[0]).toMatch(/: matrix\(n, n\)$/);
  });

  test(':format changes how everything prints; an unknown format is an error that changes nothing', () => {
    const s = new Session();
    run(s, ...SEED_LINES);
    expect(run(s, ':format text', 'grad(J, x)')).toEqual(['format: text', "1/m * A' * (sigmoid(A*x) - b)  : vector(n)"]);
    expect(run(s, ':format latex', 'grad(J, x)')[1]).toBe('\\frac{1}{m} A^{\\top} \\left(\\sigma(A x) - b\\right)  : vector(n)');
    expect(run(s, ':format fancy')[0]).toContain('unknown format fancy');
    expect(s.format).toBe('latex');
    expect(run(s, ':format unicode', ':latex grad(J, x)')[1]).toBe('\\frac{1}{m} A^{\\top} \\left(\\sigma(A x) - b\\right)');
  });

  test(':trace lists the rules that fired', () => {
    const s = new Session();
    run(s, ...SEED_LINES);
    const out = run(s, ':trace grad(J, x)')[0];
    expect(out).toMatch(/^\d+ rules? fired:/);
    expect(out).toMatch(/result: \(1\/m\) Aᵀ\(σ\(Ax\) − b\)  : vector\(n\)$/);
  });

  test(':eval with sizes gives random data of those sizes; with a data file, the file', () => {
    const s = new Session({ cwd: dir });
    run(s, 'A : matrix(m, n)', 'x : vector(n)');
    const out = run(s, ':eval A*x with m=3, n=2')[0];
    expect(out).toContain('with random data for m = 3, n = 2 (seed 1):');
    expect(out.trim().split('\n').pop()).toMatch(/^\[[^;\]]+; [^;\]]+; [^;\]]+\]  : vector\(m\)$/);
    fs.writeFileSync(
      path.join(dir, 'd.json'),
      JSON.stringify({
        A: [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
        x: [1, -1],
      }),
    );
    expect(run(s, ':eval A*x with d.json')[0].split('\n')).toEqual(['with the data in d.json', '[-1; -1; -1]  : vector(m)']);
    expect(run(s, ':eval A*x with m=0')[0]).toContain('m = 0 is not a positive integer');
    expect(run(s, ':eval A*x with missing.json')[0]).toContain('cannot read missing.json (ENOENT)');
  });

  test(':load reports errors in the file with its name and a caret, and changes nothing', () => {
    const s = new Session({ cwd: dir });
    fs.writeFileSync(path.join(dir, 'bad.matdiff'), 'A : matrix(m, n)\nx : vector(m)\nA * x\n');
    const out = run(s, ':load bad.matdiff')[0];
    expect(out.split('\n')[0]).toBe('bad.matdiff:3:1: cannot multiply matrix(m, n) (m×n) by vector(m): inner dimensions n and m differ');
    expect(out.split('\n')[2]).toBe('^~~~~');
    expect(s.scope.declarations.size).toBe(0);
  });

  test(':save is atomic: a failed write leaves the target as it was and no temp file', () => {
    const s = new Session({ cwd: dir });
    run(s, 'x : vector(n)');
    fs.mkdirSync(path.join(dir, 'target'));
    expect(run(s, ':save target')[0]).toMatch(/cannot write target/);
    expect(fs.readdirSync(dir)).toEqual(['target']);
    expect(run(s, ':save nodir/x.matdiff')[0]).toMatch(/cannot write nodir\/x.matdiff \(ENOENT\)/);
  });

  test(':save refers to earlier definitions by name where that parses back to the same thing', () => {
    const s = new Session({ cwd: dir });
    run(s, 'A : matrix(m, n)', 'x : vector(n)', 'r = A*x', 'J = sum(exp(A*x)) + 1', ':save s.matdiff');
    const text = fs.readFileSync(path.join(dir, 's.matdiff'), 'utf8');
    expect(text).toContain('J = sum(exp(r)) + 1');
    const t = new Session({ cwd: dir });
    run(t, ':load s.matdiff');
    expect(run(t, ':vars')).toEqual(run(s, ':vars'));
  });

  test('definitions may be redefined; :clear forgets everything', () => {
    const s = new Session();
    run(s, 'x : vector(n)', 'J = sum(x)', 'J = sum(exp(x))');
    expect(run(s, 'J')[0]).toBe('sum(exp(x))  : scalar');
    expect(run(s, ':clear', ':vars')).toEqual(['cleared', 'nothing declared yet (try  x : vector(n))']);
  });

  test('unknown commands suggest the nearest one; :help lists every command', () => {
    const s = new Session();
    expect(run(s, ':hlp')[0]).toContain('did you mean :help?');
    const help = run(s, ':help')[0];
    for (const c of ['help', 'vars', 'format', 'latex', 'trace', 'eval', 'load', 'save', 'clear', 'quit']) expect(help).toContain(`:${c}`);
  });

  test('an internal error is reported as such and leaves the session usable', () => {
    const s = new Session();
    run(s, 'x : vector(n)');
    const original = s.parseExpr.bind(s);
    s.parseExpr = () => {
      throw new Error('boom');
    };
    expect(run(s, ':latex x')[0]).toMatch(/^internal error: boom/);
    s.parseExpr = original;
    expect(run(s, ':latex x')[0]).toBe('x');
  });
});

describe('tab completion', () => {
  const s = new Session();
  run(s, ...SEED_LINES);
  test.each([
    ['gr', ['grad'], 'gr'],
    ['x - t * gr', ['grad'], 'gr'],
    ['sig', ['sigmoid', 'sign'], 'sig'],
    ['2 * J', ['J'], 'J'],
    ['che', ['check'], 'che'],
    [':fo', [':format'], ':fo'],
    [':', [':clear', ':derivation', ':eval', ':format', ':help', ':latex', ':load', ':quit', ':save', ':set', ':steps', ':trace', ':vars'], ':'],
    [':format la', ['latex'], 'la'],
  ])('%s', (line, hits, word) => {
    expect(complete(s, line)).toEqual([hits, word]);
  });

  test('file names after :load', () => {
    const t = new Session({ cwd: dir });
    fs.writeFileSync(path.join(dir, 'prog.matdiff'), '');
    expect(complete(t, ':load pr')).toEqual([['prog.matdiff'], 'pr']);
  });
});
