/**
 * Issue 8, as a hostile user would try it: one describe per numbered finding (and one for the
 * small items), each reproducing the finding as the issue states it, at the CLI level where the
 * finding was CLI-level and through the library where it was a library finding. Every expected
 * number is computed here independently (exact BigInt rationals, closed forms, or a plain-JS
 * forward/backward pass), never read back from matdiff. Errors must be clean: exit 2, a message
 * saying what is wrong, no stack trace, no raw control bytes. Sizes are modest, but large enough
 * that the old quadratic or explosive behaviour would fail the time or memory limits.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import * as md from '../../src/internals';
import { MatdiffError } from '../../src/core/errors';
import { Session, render } from '../../src/repl';
import { Run, cli, scratch } from '../cli/helpers';
import { drive } from '../repl/drive';

// ---------- helpers ----------

const isRoot = process.getuid?.() === 0;
const dirs: string[] = [];
/** A scratch directory of files, removed after the suite. */
const tmp = (files: Record<string, string> = {}) => {
  const d = scratch(files);
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** C0 controls other than tab and newline, DEL and C1 controls: never raw on a terminal. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
const STACK = /\n\s+at /;

/** No stack trace, no internal error, no raw control bytes. */
function clean(text: string): void {
  expect(text).not.toMatch(STACK);
  expect(text).not.toMatch(/internal error/i);
  expect(text).not.toMatch(CONTROL);
}

/** A clean, located bad-input failure: exit 2 and a message matching `message`. */
function badInput(r: Run, message: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).toMatch(/\nhint: /);
  clean(r.stderr);
}

async function timed<T>(f: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = Date.now();
  const r = await f();
  return [r, (Date.now() - t0) / 1000];
}

const json = (r: Run) => {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { value: number | null; gradient?: Record<string, unknown> };
};

/** Relative closeness, for numbers computed two independent ways. */
function near(actual: unknown, expected: number, rel = 1e-12): void {
  expect(typeof actual).toBe('number');
  const a = actual as number;
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  if (Math.abs(a - expected) > rel * scale) throw new Error(`expected ${expected}, got ${a} (relative error ${Math.abs(a - expected) / scale})`);
}
const nearAll = (actual: unknown, expected: readonly number[], rel = 1e-12) => {
  expect(Array.isArray(actual)).toBe(true);
  const a = (actual as unknown[]).flat(2) as number[];
  expect(a).toHaveLength(expected.length);
  a.forEach((v, i) => near(v, expected[i], rel));
};

/** The value of printed matdiff text (a program's last expression) on given numbers. */
function valueOf(decls: string, text: string, vars: Record<string, number | number[] | number[][]>, dims: Record<string, number> = {}): number[] {
  const p = md.parseProgram(`${decls}\n${text}`);
  return Array.from(md.evaluate(p.result!, md.envOf(vars, dims)).data);
}

/** An exact rational p/q with BigInt parts, enough for sums and products. */
type Q = readonly [bigint, bigint];
const qAdd = ([a, b]: Q, [c, d]: Q): Q => [a * d + c * b, b * d];
const qMul = ([a, b]: Q, [c, d]: Q): Q => [a * c, b * d];
const qNum = ([a, b]: Q): number => {
  // scale so that the float division is correctly rounded enough (both parts below 2^1000)
  const shift = (x: bigint) => (x < 0n ? -x : x).toString(2).length;
  const s = BigInt(Math.max(0, Math.max(shift(a), shift(b)) - 900));
  return Number(a >> s) / Number(b >> s);
};

// ---------- 1 ----------

describe('1: rule right sides are instantiated in the target dimensions', () => {
  const SRC = 'x : vector(n); t : scalar; t * sum(sigmoid(x) + sigmoid(-x))';

  test('grad wrt t is n, not a leaked rule dimension k', async () => {
    const r = await cli(['grad', '-e', SRC, '--wrt', 't']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('n');
  });

  test('with a k declared in the program the answer is still n', async () => {
    const r = await cli(['grad', '-e', 'y : vector(k); x : vector(n); t : scalar; t * sum(sigmoid(x) + sigmoid(-x)) + sum(y)', '--wrt', 't']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('n');
    const e = await cli([
      'eval',
      '-e',
      'y : vector(k); x : vector(n); t : scalar; t * sum(sigmoid(x) + sigmoid(-x)) + sum(y)',
      '--data',
      path.join(tmp({ 'd.json': JSON.stringify({ y: [1, 2], x: [0.5, -1, 3], t: 2 }) }), 'd.json'),
      '--grad',
      't',
    ]);
    near(json(e).gradient!.t, 3); // n = 3, k = 2
  });

  test('check calls the correct claim n equal', async () => {
    const r = await cli(['check', '-e', SRC, '--wrt', 't', '--expect', 'n']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^equal/);
  });

  test("sum(softplus(A*x) - softplus(-A*x)) differentiates to A'1, no invented shape error", async () => {
    const prog = 'A : matrix(m, n); x : vector(n); sum(softplus(A*x) - softplus(-A*x))';
    const g = await cli(['grad', '-e', prog, '--wrt', 'x']);
    expect(g.code).toBe(0);
    const A = [
      [1, 2, 3],
      [-4, 5, 0.5],
    ]; // m = 2, n = 3: the true gradient is the column sums of A
    const x = [0.3, -0.2, 0.1];
    expect(valueOf('A : matrix(m, n); x : vector(n)', g.stdout, { A, x }, { m: 2, n: 3 })).toEqual([-3, 7, 3.5]);
    const dir = tmp({ 'd.json': JSON.stringify({ A, x }) });
    const e = json(await cli(['eval', '-e', prog, '--data', 'd.json', '--grad', 'x'], { cwd: dir }));
    nearAll(e.gradient!.x, [-3, 7, 3.5]);
    // the value is sum(A*x) exactly: softplus(z) - softplus(-z) = z
    near(
      e.value,
      A.flat().reduce((s, a, i) => s + a * x[i % 3], 0),
      1e-12,
    );
  });

  test('rule-pattern names in the user program (k, l, z, u, X) do not confuse the rules', async () => {
    const r = await cli(['grad', '-e', 'z : vector(l); X : matrix(k, l); t : scalar; t * sum(sigmoid(X*z) + sigmoid(-X*z))', '--wrt', 't']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('k');
    const s = await cli(['grad', '-e', 'u : matrix(l, k); Z : matrix(l, k); sum(u .* Z)', '--wrt', 'Z']);
    expect(s.stdout.trim()).toBe('u');
  });
});

// ---------- 2 ----------

describe('2: products of linear factors are not expanded into a cancelling polynomial', () => {
  /** (t+1)(t+2)...(t+k) and its derivative at t = p/q, exactly. */
  function exactProduct(k: number, t: Q): { value: number; derivative: number } {
    const f = Array.from({ length: k }, (_, i) => qAdd(t, [BigInt(i + 1), 1n]));
    const value = f.reduce(qMul, [1n, 1n] as Q);
    let d: Q = [0n, 1n];
    for (let j = 0; j < k; j++)
      d = qAdd(
        d,
        f.reduce((acc, fi, i) => (i === j ? acc : qMul(acc, fi)), [1n, 1n] as Q),
      );
    return { value: qNum(value), derivative: qNum(d) };
  }
  const product = (k: number) => Array.from({ length: k }, (_, i) => `(t+${i + 1})`).join('*');

  test.each([10, 20, 30, 40])('eval --grad t of %i factors at t = -15.3 is right to 1e-12', async (k) => {
    const exact = exactProduct(k, [-153n, 10n]);
    const dir = tmp({ 't.json': '{"t": -15.3}' });
    const r = json(await cli(['eval', '-e', `t : scalar; ${product(k)}`, '--data', 't.json', '--grad', 't'], { cwd: dir }));
    // t = -15.3 is itself rounded; the condition number of each factor near -15 is about 50
    near(r.value, exact.value, 1e-12);
    near(r.gradient!.t, exact.derivative, 1e-12);
  });

  test('the printed derivative of 30 factors stays factored and evaluates accurately', async () => {
    const r = await cli(['grad', '-e', `t : scalar; ${product(30)}`, '--wrt', 't']);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeLessThan(20_000);
    expect(r.stdout).not.toMatch(/t\^(2[0-9]|30)\b/); // no t^29 of an expanded polynomial
    const [v] = valueOf('t : scalar', r.stdout, { t: -15.3 });
    near(v, exactProduct(30, [-153n, 10n]).derivative, 1e-12);
  });
});

// ---------- 3 ----------

describe('3: dimension sizes of 2^31 and more are exact in compiled kernels', () => {
  const SRC = 'y : vector(m); x : vector(n); sum(x) / m';

  test.each([3e9, 2 ** 31, 2 ** 32 + 1, 2 ** 40])('eval with m = %d in the data', async (m) => {
    const dir = tmp({ 'd.json': JSON.stringify({ x: [1, 2, 3], m }) });
    const r = json(await cli(['eval', '-e', SRC, '--data', 'd.json', '--grad', 'x'], { cwd: dir }));
    near(r.value, 6 / m, 1e-15);
    nearAll(r.gradient!.x, [1 / m, 1 / m, 1 / m], 1e-15);
  });

  test('the compiled module and the library evaluator take m = 3e9 in options.dims', async () => {
    const dir = tmp();
    const w = await cli(['compile', '-e', SRC, '--wrt', 'x', '-o', 'k.js'], { cwd: dir });
    expect(w.code).toBe(0);
    const mod = require(path.join(dir, 'k.js')) as { run: md.Evaluator['run'] };
    for (const run of [mod.run, md.compileProgram(SRC, { wrt: 'x' }).run]) {
      const r = run({ x: [1, 2, 3] }, { dims: { m: 3e9 } });
      near(r.value!.data[0], 2e-9, 1e-15);
      near(r.gradients.x.data[2], 1 / 3e9, 1e-15);
    }
  });
});

// ---------- 4 ----------

describe('4: check samples the real domain and does not call false identities equal', () => {
  test.each([
    ['x : vector(n); sum(x)', undefined, 'sum(sqrt(x.^2))'],
    ['t : scalar; sqrt(t^2)', undefined, 't'],
    ['t : scalar; log(t^2)', 't', '2/abs(t)'],
    ['t : scalar; (t^2)^(3/2)', 't', '3*t^2'],
  ])('%s (wrt %s) vs %s is different', async (prog, wrt, claim) => {
    const r = await cli(['check', '-e', prog, ...(wrt ? ['--wrt', wrt] : []), '--expect', claim]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^different/);
    expect(r.stdout).toMatch(/counterexample/);
    clean(r.stdout + r.stderr);
  });

  test.each([
    ['x : vector(n); sum(abs(x))', undefined, 'sum(sqrt(x.^2))'],
    ['t : scalar; log(t^2)', 't', '2/t'],
    ['t : scalar; (t^2)^(3/2)', 't', '3*t*abs(t)'],
  ])('the true identity %s (wrt %s) = %s is equal', async (prog, wrt, claim) => {
    const r = await cli(['check', '-e', prog, ...(wrt ? ['--wrt', wrt] : []), '--expect', claim]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^equal/);
  });
});

// ---------- 5 ----------

describe('5: a variable named __proto__ keeps its gradient', () => {
  const SRC = "__proto__ : vector(n); __proto__' * __proto__";

  test('eval --grad __proto__', async () => {
    const dir = tmp({ 'd.json': '{"__proto__": [1, 2, 3]}' });
    const r = json(await cli(['eval', '-e', SRC, '--data', 'd.json', '--grad', '__proto__'], { cwd: dir }));
    expect(r.value).toBe(14);
    expect(Object.keys(r.gradient!)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(r.gradient!, '__proto__')?.value).toEqual([2, 4, 6]);
  });

  test('compile --wrt __proto__: the module returns it as an own key', async () => {
    const dir = tmp();
    expect((await cli(['compile', '-e', SRC, '--wrt', '__proto__', '-o', 'p.js'], { cwd: dir })).code).toBe(0);
    const { run } = require(path.join(dir, 'p.js')) as { run: md.Evaluator['run'] };
    const r = run(JSON.parse('{"__proto__": [1, 2, 3]}'));
    expect(Object.keys(r.gradients)).toEqual(['__proto__']);
    expect(Array.from(Object.getOwnPropertyDescriptor(r.gradients, '__proto__')!.value.data as Float64Array)).toEqual([2, 4, 6]);
  });
});

// ---------- 6 ----------

describe('6: softplus(-z) keeps its relative precision for large z', () => {
  test('sum(log(softplus(-x))) at x = [40, 30, 5]', async () => {
    const x = [40, 30, 5];
    const sp = (z: number) => Math.log1p(Math.exp(-z)); // softplus(-z), accurate for z > 0
    const sigNeg = (z: number) => Math.exp(-z) / (1 + Math.exp(-z)); // sigmoid(-z)
    const value = x.reduce((s, z) => s + Math.log(sp(z)), 0);
    const gradient = x.map((z) => -sigNeg(z) / sp(z));
    expect(value).toBeCloseTo(-75.0034, 4); // NumPy's logaddexp figure in the issue
    const dir = tmp({ 'x.json': JSON.stringify({ x }) });
    const r = json(await cli(['eval', '-e', 'x : vector(n); sum(log(softplus(-x)))', '--data', 'x.json', '--grad', 'x'], { cwd: dir }));
    near(r.value, value, 1e-13);
    nearAll(r.gradient!.x, gradient, 1e-12);
  });
});

// ---------- 7 ----------

describe('7: compiled norm2 neither overflows nor underflows', () => {
  test.each([
    [[1e200, 1e200], Math.SQRT2 * 1e200, [Math.SQRT1_2, Math.SQRT1_2]],
    [[1e-200, 1e-200], Math.SQRT2 * 1e-200, [Math.SQRT1_2, Math.SQRT1_2]],
    [[3e200, -4e200], 5e200, [0.6, -0.8]],
    [[1e308, 1e308], Math.SQRT2 * 1e308, [Math.SQRT1_2, Math.SQRT1_2]],
  ])('norm2(%j)', async (x, value, gradient) => {
    const dir = tmp({ 'x.json': JSON.stringify({ x }) });
    const r = json(await cli(['eval', '-e', 'x : vector(n); norm2(x)', '--data', 'x.json', '--grad', 'x'], { cwd: dir }));
    near(r.value, value, 1e-15);
    nearAll(r.gradient!.x, gradient, 1e-12);
  });

  /** eval --grad x of norm2(x); the warning about non-finite results is allowed, the exit code is 0. */
  const norm2At = async (x: number[]) => {
    const dir = tmp({ 'x.json': JSON.stringify({ x }) });
    const r = await cli(['eval', '-e', 'x : vector(n); norm2(x)', '--data', 'x.json', '--grad', 'x'], { cwd: dir });
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as { value: number | null; gradient: { x: (number | null)[] } };
  };

  // Still broken: the gradient is computed as 1/norm2(x) * x, and 1/norm2(x) overflows to
  // Infinity once norm2(x) < 2^-1024 (a subnormal norm): the gradient prints [null, null] with a
  // warning that the data lies outside the domain, though the value 5e-310 is right.
  test.failing('a subnormal norm: norm2([3e-310, 4e-310]) has the gradient [0.6, 0.8]', async () => {
    const r = await norm2At([3e-310, 4e-310]);
    near(r.value, 5e-310, 1e-9); // subnormal: a few digits only
    nearAll(r.gradient.x, [0.6, 0.8], 1e-9);
  });

  // Still broken: when the value itself overflows (about 2.1e308 here, printed null, fine), the
  // gradient 1/norm2(x) * x becomes 0 * x and prints [0, 0] as numbers; the gradient is [0.707, 0.707].
  test.failing('an overflowing norm: norm2([1.5e308, 1.5e308]) still has the gradient [0.707, 0.707]', async () => {
    const r = await norm2At([1.5e308, 1.5e308]);
    nearAll(r.gradient.x, [Math.SQRT1_2, Math.SQRT1_2], 1e-12);
  });
});

// ---------- 8 ----------

describe('8: an identically zero divisor is an error, never a number', () => {
  test('eval -e "0/0"', async () => {
    const r = await cli(['eval', '-e', '0/0']);
    badInput(r, /^<-e>:1:1: division by zero/);
    expect(r.stdout).toBe('');
  });

  test('(c-c)/(c-c) in eval (with data), print and grad', async () => {
    const prog = 'c : scalar; (c-c)/(c-c)';
    const dir = tmp({ 'c.json': '{"c": 2}' });
    for (const args of [
      ['eval', '-e', prog, '--data', 'c.json'],
      ['eval', '-e', prog],
      ['print', '-e', prog],
      ['grad', '-e', prog, '--wrt', 'c'],
    ]) {
      const r = await cli(args, { cwd: dir });
      badInput(r, /^<-e>:1:13: division by zero/);
      expect(r.stdout).toBe('');
    }
  });
});

// ---------- 9 ----------

describe('9: run() validates dimensions and tensors; grad rejects nodes of another graph', () => {
  const ev = md.compileProgram('y : vector(m); x : vector(n); sum(x) / m', { wrt: 'x' });
  const thrown = (f: () => unknown): MatdiffError => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(MatdiffError);
      return e as MatdiffError;
    }
    throw new Error('expected a MatdiffError, got a result');
  };

  test.each([0, -2, 2.5, NaN, Infinity])('options.dims.m = %d is refused', (m) => {
    expect(thrown(() => ev.run({ x: [1, 2, 3] }, { dims: { m } })).message).toMatch(/options\.dims\.m .*whole number/);
  });

  test('m = 2^31 is a size, not garbage', () => {
    near(ev.run({ x: [1, 2, 3] }, { dims: { m: 2 ** 31 } }).value!.data[0], 6 / 2 ** 31, 1e-15);
  });

  test('a tensor with rows 1.5, or with too few numbers, is refused', () => {
    const e2 = md.compileProgram('A : matrix(m, n); x : vector(n); sum(A*x)', { wrt: 'x' });
    const bad = (A: unknown) => thrown(() => e2.run({ A: A as never, x: [1, 2] })).message;
    expect(bad({ rows: 1.5, cols: 2, data: new Float64Array(3) })).toMatch(/A\.rows is 1\.5/);
    expect(bad({ rows: 2, cols: 2, data: new Float64Array(3) })).toMatch(/A .*2×2.*3 numbers/);
  });

  test('grad(p2.graph, p1.result, x) is refused, not zeros', () => {
    const p1 = md.parseProgram('x : vector(n); sum(x)');
    const p2 = md.parseProgram("x : vector(n); x' * x");
    expect(thrown(() => md.grad(p2.graph, p1.result!, p1.scope.declaration('x')!.node)).message).toMatch(/another program's graph/);
    expect(thrown(() => md.grad(p2.graph, p2.result!, p1.scope.declaration('x')!.node)).message).toMatch(/another program's graph/);
  });
});

// ---------- 10 ----------

describe('10: files are written as regular files only, never over an input', () => {
  const PROGRAM = "x : vector(n)\nx' * x\n";
  /** A character device: /dev/null for a user (who cannot replace it), a private one for root. */
  const device = (dir: string) => {
    if (!isRoot) return '/dev/null';
    const p = path.join(dir, 'dev');
    expect(spawnSync('mknod', [p, 'c', '1', '3']).status).toBe(0);
    return p;
  };

  test('compile -o refuses a device, a FIFO, a directory, a symlink, its own input (also by a link)', async () => {
    const dir = tmp({ 'prog.md': PROGRAM, 'real.js': 'old\n' });
    const dev = device(dir);
    expect(spawnSync('mkfifo', [path.join(dir, 'fifo')]).status).toBe(0);
    fs.mkdirSync(path.join(dir, 'd'));
    fs.symlinkSync('real.js', path.join(dir, 'link.js'));
    fs.symlinkSync('prog.md', path.join(dir, 'plink'));
    fs.linkSync(path.join(dir, 'prog.md'), path.join(dir, 'hard.md'));
    const cases: Array<[string, RegExp]> = [
      [dev, /it is a character device, not a regular file/],
      ['fifo', /it is a FIFO/],
      ['d', /it is a directory/],
      ['link.js', /it is a symbolic link \(to real\.js\)/],
      ['plink', /symbolic link \(to prog\.md\)|program file/],
      ['prog.md', /it is the program file/],
      ['hard.md', /it is the program file/],
    ];
    const before = fs.readdirSync(dir).sort();
    for (const [target, message] of cases) {
      const r = await cli(['compile', 'prog.md', '--wrt', 'x', '-o', target], { cwd: dir });
      badInput(r, new RegExp(`^matdiff: cannot write ${target.replace(/[./]/g, '\\$&')}: `));
      expect(r.stderr).toMatch(message);
    }
    expect(fs.readFileSync(path.join(dir, 'prog.md'), 'utf8')).toBe(PROGRAM);
    expect(fs.readFileSync(path.join(dir, 'real.js'), 'utf8')).toBe('old\n');
    expect(fs.lstatSync(dev).isCharacterDevice()).toBe(true);
    expect(fs.lstatSync(path.join(dir, 'fifo')).isFIFO()).toBe(true);
    expect(fs.lstatSync(path.join(dir, 'link.js')).isSymbolicLink()).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(before); // no temporary file left behind
    expect(fs.readdirSync(path.join(dir, 'd'))).toEqual([]);
  });

  test('REPL :save to a device is refused with a located message and the device stays', () => {
    const dir = tmp();
    const dev = device(dir);
    const s = new Session({ cwd: dir });
    render(s.execute('x : vector(n)'), false);
    const out = render(s.execute(`:save ${dev}`), false);
    expect(out).toMatch(/^<repl>:1:7: cannot write .*: it is a character device, not a regular file/);
    clean(out);
    expect(fs.lstatSync(dev).isCharacterDevice()).toBe(true);
    if (isRoot) expect(fs.readdirSync(dir)).toEqual(['dev']);
  });

  test('a successful compile -o writes the file and nothing else', async () => {
    const dir = tmp({ 'prog.md': PROGRAM });
    const r = await cli(['compile', 'prog.md', '--wrt', 'x', '-o', 'out.js'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['out.js', 'prog.md']);
    expect(fs.readFileSync(path.join(dir, 'out.js'), 'utf8')).toMatch(/exports\.run|function run/);
  });
});

// ---------- 11 ----------

describe('11: file modes are kept and history failures are reported', () => {
  const mode = (f: string) => fs.statSync(f).mode & 0o777;

  test('compile -o and :save over a 0600 file keep it 0600', async () => {
    const dir = tmp({ 'prog.md': "x : vector(n)\nx' * x\n" });
    for (const f of ['out.js', 's.mdf']) {
      fs.writeFileSync(path.join(dir, f), 'old\n');
      fs.chmodSync(path.join(dir, f), 0o600);
    }
    expect((await cli(['compile', 'prog.md', '--wrt', 'x', '-o', 'out.js'], { cwd: dir })).code).toBe(0);
    expect(mode(path.join(dir, 'out.js'))).toBe(0o600);
    expect(fs.readFileSync(path.join(dir, 'out.js'), 'utf8')).not.toBe('old\n');
    const s = new Session({ cwd: dir });
    render(s.execute('x : vector(n)'), false);
    expect(render(s.execute(':save s.mdf'), false)).toMatch(/^saved /);
    expect(mode(path.join(dir, 's.mdf'))).toBe(0o600);
    expect(fs.readdirSync(dir).sort()).toEqual(['out.js', 'prog.md', 's.mdf']);
  });

  test('a REPL session that trims a 0600 history file keeps it 0600', async () => {
    const dir = tmp();
    const file = path.join(dir, 'history');
    fs.writeFileSync(file, Array.from({ length: 1500 }, (_, i) => `h${i} = ${i}`).join('\n') + '\n');
    fs.chmodSync(file, 0o600);
    const t = await drive(['x : vector(n)'], { historyFile: file });
    expect(t.raw).not.toMatch(/warning/);
    expect(mode(file)).toBe(0o600);
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(lines.length).toBeLessThan(1500);
    expect(lines).toContain('x : vector(n)');
  });

  test('a history file that cannot be written is reported, once, and the session goes on', async () => {
    const file = path.join(tmp(), 'missing-dir', 'history');
    const t = await drive(['x : vector(n)', 'sum(x)', 'x'], { historyFile: file });
    const warnings = t.raw.split('\n').filter((l) => /warning/.test(l));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cannot write the history file/);
    expect(t.raw).toContain('sum(x)  : scalar');
  });
});

// ---------- 12 ----------

describe('12: echoed text is escaped and capped', () => {
  test('ESC sequences in a data key are shown escaped', async () => {
    const dir = tmp({ 'd.json': '{"x": [1, 2], "\u001b]0;pwned\u0007\u001b[2J": 3}' });
    const r = await cli(['eval', '-e', 'x : vector(n); sum(x)', '--data', 'd.json'], { cwd: dir });
    badInput(r, /unknown name/);
    expect(r.stderr).toContain('\\x1b]0;pwned\\x07');
  });

  test('ESC sequences in a program file are shown escaped', async () => {
    const dir = tmp({ 'p.md': 'x : vector(n)\nsum(x) + \u001b[2J\u001b]0;t\u0007\n' });
    const r = await cli(['print', 'p.md'], { cwd: dir });
    badInput(r, /^p\.md:2:10: unknown character/);
    expect(r.stderr).toContain('\\x1b[2J');
  });

  test(':load /bin/ls is refused as not text, without dumping it', () => {
    const out = render(new Session().execute(':load /bin/ls'), false);
    expect(out).toMatch(/^<repl>:1:7: \/bin\/ls is not a text file/);
    expect(out.length).toBeLessThan(1000);
    clean(out);
  });

  test('a 10 MB string in the data gives a short message', async () => {
    const big = '\u001b'.repeat(10) + 'a'.repeat(10_000_000);
    const dir = tmp({ 'a.json': JSON.stringify({ x: [1, 2], s: big }), 'b.json': JSON.stringify({ x: big }) });
    for (const f of ['a.json', 'b.json']) {
      const r = await cli(['eval', '-e', 'x : vector(n); sum(x)', '--data', f], { cwd: dir });
      expect(r.code).toBe(2);
      clean(r.stderr);
      expect(r.stderr.length).toBeLessThan(5000);
    }
  });

  test("check's counterexample of a 200×200 matrix is printed in a few kB; 3000×3000 is refused cleanly", async () => {
    // written out in full, the three 200×200 matrices of the counterexample would be about 1 MB
    const r = await cli(['check', '-e', 'A : matrix(200, 200); sum(A .* A)', '--wrt', 'A', '--expect', 'A']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/off by a factor of 1\/2/);
    expect(r.stdout).toMatch(/200×200/);
    expect(r.stdout.length + r.stderr.length).toBeLessThan(10_000);
    const [big, seconds] = await timed(() => cli(['check', '-e', 'A : matrix(3000, 3000); sum(A .* A)', '--wrt', 'A', '--expect', 'A']));
    badInput(big, /too many to sample/);
    expect(big.stdout.length).toBeLessThan(1000);
    expect(seconds).toBeLessThan(10);
  });
});

// ---------- 13 ----------

describe("13: compiled kernels alias a vector's transpose (no 't18 is not defined')", () => {
  const SRC = 'x : vector(n); A : matrix(n, n); sum(A * diag(x) * diag(inv(A)))';
  const A = [
    [2, 1, 0],
    [0, 3, 1],
    [1, 0, 4],
  ];
  const x = [1, 2, 3];
  /** inverse of a 3×3 matrix by cofactors */
  const inv3 = (M: number[][]) => {
    const c = (i: number, j: number) => {
      const r = [0, 1, 2].filter((k) => k !== i);
      const s = [0, 1, 2].filter((k) => k !== j);
      return (M[r[0]][s[0]] * M[r[1]][s[1]] - M[r[0]][s[1]] * M[r[1]][s[0]]) * ((i + j) % 2 ? -1 : 1);
    };
    const det = M[0][0] * c(0, 0) + M[0][1] * c(0, 1) + M[0][2] * c(0, 2);
    return [0, 1, 2].map((i) => [0, 1, 2].map((j) => c(j, i) / det));
  };
  /** f(A) = Σ_i Σ_j A_ij x_j inv(A)_jj, straight from the definition */
  const f = (M: number[][]) => {
    const d = inv3(M);
    return M.reduce((s, row) => s + row.reduce((t, a, j) => t + a * x[j] * d[j][j], 0), 0);
  };
  const fd = () =>
    A.flatMap((row, i) =>
      row.map((_, j) => {
        const h = 1e-5;
        const Ap = A.map((r) => r.slice());
        const Am = A.map((r) => r.slice());
        Ap[i][j] += h;
        Am[i][j] -= h;
        return (f(Ap) - f(Am)) / (2 * h);
      }),
    );

  test('eval --grad A gives the value and the finite-difference gradient', async () => {
    const dir = tmp({ 'd.json': JSON.stringify({ x, A }) });
    const r = json(await cli(['eval', '-e', SRC, '--data', 'd.json', '--grad', 'A'], { cwd: dir }));
    near(r.value, f(A), 1e-13);
    nearAll(r.gradient!.A, fd(), 1e-8);
  });

  test('compile writes a module that runs', async () => {
    const dir = tmp();
    expect((await cli(['compile', '-e', SRC, '--wrt', 'A', '-o', 'k.js'], { cwd: dir })).code).toBe(0);
    const { run } = require(path.join(dir, 'k.js')) as { run: md.Evaluator['run'] };
    const r = run({ x, A });
    near(r.value!.data[0], f(A), 1e-13);
    nearAll(Array.from(r.gradients.A.data), fd(), 1e-8);
  });
});

// ---------- 14 ----------

describe('14: Jacobians of products whose trailing factors are 1×1', () => {
  const a = [0.5, -2];
  const b = [3, 1.5];
  const x = [1, -1, 2];
  const ab = a[0] * b[0] + a[1] * b[1];
  const eye = (n: number, s: number) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? s : 0))).flat();

  test.each([
    ['x : vector(n); a : vector(m); b : vector(m)', "x * a' * b", 'jacobian', () => eye(3, ab)],
    [
      'x : vector(n); a : vector(n)',
      "x * x' * a",
      'jacobian',
      () => {
        const a3 = [0.5, -2, 1];
        const xa = x.reduce((s, xi, i) => s + xi * a3[i], 0);
        return x.flatMap((xi, i) => a3.map((aj, j) => xi * aj + (i === j ? xa : 0)));
      },
    ],
    [
      'A : matrix(k, n); x : vector(n); a : vector(m); b : vector(m)',
      "A * x * a' * b",
      'jacobian',
      () =>
        [
          [1, 2, 3],
          [4, 5, 6],
        ]
          .flat()
          .map((v) => v * ab),
    ],
    ['x : vector(n); a : vector(m); b : vector(m)', "(x * a' * b)' * x", 'hessian', () => eye(3, 2 * ab)],
  ])('%s: %s', async (decls, expr, command, expected) => {
    const r = await cli([command as string, '-e', `${decls}; ${expr}`, '--wrt', 'x']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const vars = {
      x,
      a: expr === "x * x' * a" ? [0.5, -2, 1] : a,
      b,
      A: [
        [1, 2, 3],
        [4, 5, 6],
      ],
    };
    const used = Object.fromEntries(Object.entries(vars).filter(([k]) => new RegExp(`\\b${k} :`).test(decls as string)));
    expect(valueOf(decls as string, r.stdout, used, { n: 3, m: 2, k: 2 }).map((v) => v + 0)).toEqual((expected as () => number[])());
  });
});

// ---------- 15 ----------

describe('15: inputs that cannot be sampled or allocated are clean errors', () => {
  test.each([
    ['t : scalar; (-2)^t', 't', /no random inputs made/],
    ['t : scalar; log(-t^2-1)', 't', /no random inputs made/],
    ['A : matrix(100000, 100000); sum(A)', '2*sum(A)', /too many to sample/],
  ])('check -e "%s" --expect "%s"', async (prog, claim, message) => {
    const [r, seconds] = await timed(() => cli(['check', '-e', prog, '--expect', claim]));
    badInput(r, message);
    expect(seconds).toBeLessThan(10);
  });

  test('REPL :eval of the same, and of a 100000×100000 value', () => {
    const s = new Session();
    for (const l of ['t : scalar', 'A : matrix(m, n)']) render(s.execute(l), false);
    for (const [input, message] of [
      [':eval (-2)^t', /^<repl>:1:7: no random inputs made/],
      [':eval log(-t^2-1)', /^<repl>:1:7: no random inputs made/],
      [':eval A with m=100000, n=100000', /^<repl>:1:7: .*100000×100000.*too large/],
    ] as const) {
      const out = render(s.execute(input), false);
      expect(out).toMatch(message);
      clean(out);
    }
    expect(render(s.execute(':eval t^2 with seed=3'), false)).toMatch(/: scalar/);
  });
});

// ---------- 16 ----------

describe('16: a large JSON matrix is read straight into Float64Arrays', () => {
  test('eval of a 1500×1500 matrix (45 MB of JSON) with a 160 MB heap, in seconds', () => {
    const n = 1500;
    const entry = (i: number, j: number) => (((i * 7 + j * 13) % 17) - 8) / 8; // dyadic: sums are exact
    let sum = 0;
    let squares = 0;
    const rows: string[] = [];
    for (let i = 0; i < n; i++) {
      const row: number[] = [];
      for (let j = 0; j < n; j++) {
        const v = entry(i, j);
        row.push(v);
        sum += v;
        squares += v * v;
      }
      rows.push(`[${row.join(', ')}]`);
    }
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'A.json'), `{"A": [\n${rows.join(',\n')}\n]}\n`);
    // A child process with a capped heap: the old loader needed about 275 bytes per number (600 MB here).
    const script = `
      require(${JSON.stringify(require.resolve('../../src/cli/main'))}).main(process.argv.slice(1), {
        stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t),
        readStdin: async () => '', cwd: process.cwd(),
      }).then((code) => { process.exitCode = code; });`;
    const t0 = Date.now();
    const child = spawnSync(
      process.execPath,
      [
        '--max-old-space-size=160',
        '-r',
        require.resolve('ts-node/register/transpile-only'),
        '-e',
        script,
        'eval',
        '-e',
        'A : matrix(n, n); sum(A) + norm2(A)^2 / 1000000',
        '--data',
        'A.json',
      ],
      { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 20, env: { ...process.env, TS_NODE_PROJECT: path.resolve(__dirname, '../../tsconfig.json') } },
    );
    const elapsed = (Date.now() - t0) / 1000;
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    near(JSON.parse(child.stdout).value, sum + squares / 1e6, 1e-14);
    expect(elapsed).toBeLessThan(30);
  }, 90_000);
});

// ---------- 17 ----------

describe('17: :load is transactional and copes with a large file', () => {
  const N = 20_000;

  test(`a ${N}-line file loads, in seconds`, () => {
    const lines = ['x : vector(n)', ...Array.from({ length: N - 1 }, (_, i) => `d${i} = sum(x) * ${i + 2}`)];
    const dir = tmp({ 'big.mdf': lines.join('\n') + '\n' });
    const s = new Session({ cwd: dir });
    const t0 = Date.now();
    const reply = render(s.execute(':load big.mdf'), false);
    expect((Date.now() - t0) / 1000).toBeLessThan(15);
    expect(reply).toMatch(new RegExp(`^loaded big\\.mdf: 1 declaration, ${N - 1} definitions`));
    expect(reply).not.toMatch(/Maximum call stack|unchanged/);
    expect(reply.length).toBeLessThan(20_000);
    expect(s.scope.definitions.size).toBe(N - 1);
    const data = tmp({ 'x.json': '{"x": [1, 2, 4]}' });
    fs.copyFileSync(path.join(data, 'x.json'), path.join(dir, 'x.json'));
    expect(render(s.execute(`:eval d${N - 2} with x.json`), false)).toMatch(new RegExp(`^with the data in x\\.json\\n${7 * N}  : scalar`));
  }, 60_000);

  test('a large file that fails on its last line changes nothing', () => {
    const lines = ['y : vector(m)', ...Array.from({ length: N - 2 }, (_, i) => `e${i} = sum(y) + ${i}`), 'bad = y * y'];
    const dir = tmp({ 'bad.mdf': lines.join('\n') + '\n' });
    const s = new Session({ cwd: dir });
    render(s.execute('x : vector(n)'), false);
    render(s.execute('J = sum(x)'), false);
    const out = render(s.execute(':load bad.mdf'), false);
    expect(out).toMatch(new RegExp(`^bad\\.mdf:${N}:7: `));
    clean(out);
    expect([...s.scope.declarations.keys()]).toEqual(['x']);
    expect([...s.scope.definitions.keys()]).toEqual(['J']);
    expect(render(s.execute('y'), false)).toMatch(/^<repl>:1:1: undeclared name `y`/);
  }, 60_000);
});

// ---------- 18 ----------

describe('18: oversized results are bounded, and eval prints no formula', () => {
  test('grad of a 300-level tower t^t^...^t prints in bounded size; eval --grad is right', async () => {
    const L = 300;
    const tower = Array(L).fill('t').join('^');
    const [r, seconds] = await timed(() => cli(['grad', '-e', `t : scalar; ${tower}`, '--wrt', 't']));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeLessThan(16_000_000);
    expect(seconds).toBeLessThan(20);
    // u₁ = t, u_{k+1} = t^u_k, u'_{k+1} = u_{k+1} (u'_k log t + u_k / t)
    const t = 1.2;
    let u = t;
    let du = 1;
    for (let k = 1; k < L; k++) {
      const next = Math.pow(t, u);
      du = next * (du * Math.log(t) + u / t);
      u = next;
    }
    const [printed] = valueOf('t : scalar', r.stdout, { t });
    near(printed, du, 1e-10);
    const dir = tmp({ 't.json': JSON.stringify({ t }) });
    const e = json(await cli(['eval', '-e', `t : scalar; ${tower}`, '--data', 't.json', '--grad', 't'], { cwd: dir }));
    near(e.value, u, 1e-12);
    near(e.gradient!.t, du, 1e-10);
  }, 60_000);

  test('print of a 20,000-factor product', async () => {
    const factors = Array.from({ length: 20_000 }, (_, i) => `x${i % 3}`);
    const [r, seconds] = await timed(() => cli(['print', '-e', `x0 : scalar; x1 : scalar; x2 : scalar; ${factors.join('*')}`]));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeLessThan(200_000);
    expect(seconds).toBeLessThan(15);
    // whatever form it takes, it is the same number: x0^6667 x1^6667 x2^6666 at x = 1.0001, 0.9999, 1
    const [v] = valueOf('x0 : scalar; x1 : scalar; x2 : scalar', r.stdout, { x0: 1.0001, x1: 0.9999, x2: 1 });
    near(v, Math.pow(1.0001 * 0.9999, 6667), 1e-10);
  });

  test('eval of a 21-deep softmax chain: right numbers, and only JSON on stdout', async () => {
    const depth = 21;
    let chain = 'x';
    for (let i = 0; i < depth; i++) chain = `softmax(${chain})`;
    const x = [0.1, -0.4, 0.7];
    const a = [1, 2, 3];
    const softmax = (v: number[]) => {
      const m = Math.max(...v);
      const e = v.map((z) => Math.exp(z - m));
      const s = e.reduce((p, q) => p + q, 0);
      return e.map((z) => z / s);
    };
    const levels = [x];
    for (let i = 0; i < depth; i++) levels.push(softmax(levels[i]));
    const out = levels[depth];
    let g = a.slice(); // backward: J' g = s .* g - s (s' g)
    for (let i = depth; i >= 1; i--) {
      const s = levels[i];
      const sg = s.reduce((p, si, j) => p + si * g[j], 0);
      g = s.map((si, j) => si * g[j] - si * sg);
    }
    const dir = tmp({ 'd.json': JSON.stringify({ x, a }) });
    const [r, seconds] = await timed(() => cli(['eval', '-e', `x : vector(n); a : vector(n); a' * ${chain}`, '--data', 'd.json', '--grad', 'x'], { cwd: dir }));
    const e = json(r);
    expect(r.stdout.length).toBeLessThan(500);
    expect(r.stdout).not.toMatch(/softmax/);
    expect(seconds).toBeLessThan(20);
    near(
      e.value,
      out.reduce((p, o, j) => p + o * a[j], 0),
      1e-13,
    );
    // the gradient is about 1e-10 and cancels: compare it at the scale of its terms
    const got = e.gradient!.x as number[];
    got.forEach((v, j) => expect(Math.abs(v - g[j])).toBeLessThan(1e-14));
  });
});

// ---------- 19 ----------

describe('19: library calls with wrong types throw MatdiffErrors', () => {
  const p = md.parseProgram('A : matrix(m, n); x : vector(n); b : vector(m)\nnorm2(A*x - b)^2');
  const f = p.result!;
  const any = (v: unknown) => v as never;
  const errorOf = (call: () => unknown): unknown => {
    try {
      call();
    } catch (e) {
      return e;
    }
    return undefined;
  };

  test.each([
    ["print(node, 'bogus')", () => md.print(f, any('bogus'))],
    ['compile(p, { wrt: 42 })', () => md.compile(p, any({ wrt: 42 }))],
    ['parseProgram(42)', () => md.parseProgram(any(42))],
    [
      'a throwing toArray()',
      () =>
        md.compile(p, { wrt: 'x' }).run(
          any({
            A: {
              toArray: () => {
                throw new Error('boom');
              },
              size: () => [1, 2],
            },
            x: [1, 2],
            b: [1],
          }),
        ),
    ],
    ['rowBlock: 1e6', () => md.compile(p, { wrt: 'x', rowBlock: 1e6 }).run({ A: [[1, 2]], x: [1, 2], b: [1] })],
    ['gradientOf(null, x)', () => md.gradientOf(any(null), 'x')],
    ["checkGradient(p, 7, 'x')", () => md.checkGradient(p, any(7), 'x')],
    ['run(5)', () => md.compile(p, { wrt: 'x' }).run(any(5))],
  ])('%s', (_label, call) => {
    const e = errorOf(call);
    expect(e).toBeInstanceOf(MatdiffError);
    expect((e as MatdiffError).message.length).toBeGreaterThan(10);
  });

  // Public exports (src/index.ts) that threw raw TypeErrors on wrong argument types.
  test.each([
    ['evaluate(node, {})', () => md.evaluate(f, any({}))],
    ['evaluate(42, env)', () => md.evaluate(any(42), md.envOf({ x: [1] }))],
    ['loadData(42, program)', () => md.loadData(any(42), p)],
    ["loadData('{}', 42)", () => md.loadData('{}', any(42))],
    ['printLatex(42)', () => md.printLatex(any(42))],
    ['printJson(42)', () => md.printJson(any(42))],
    ['formatVerdict(42)', () => md.formatVerdict(any(42))],
    ['new Session().execute(42)', () => new Session().execute(any(42))],
    ['tensor(-1, 2)', () => md.tensor(-1, 2)],
    ['formatError(42)', () => md.formatError(any(42))],
    ["emitModule(ev, { target: 'py' })", () => md.emitModule(md.compile(p, { wrt: 'x' }), any({ target: 'py' }))],
    ['emitModule(5)', () => md.emitModule(any(5))],
    ['evaluateAll(5, env)', () => md.evaluateAll(any(5), md.envOf({ x: [1] }))],
    ['verdictToJSON(5)', () => md.verdictToJSON(any(5))],
    ['formatTensor(5)', () => md.formatTensor(any(5))],
  ])('checked: %s', (_label, call) => {
    expect(errorOf(call)).toBeInstanceOf(MatdiffError);
  });
});

// ---------- 20 ----------

describe('20: huge exact exponents neither hang nor turn into Infinity', () => {
  test.each([
    ['t^(10^400)', () => `${10n ** 400n} * t^${10n ** 400n - 1n}`],
    ['2^2^2^2^2^2*t', () => '2^2^65536'],
    ['(t^1000000)^1000000', () => '1000000000000 * t^999999999999'],
    ['t^(10^4000)', () => '10^4000 * t^(10^4000 - 1)'],
  ])('grad of %s', async (expr, expected) => {
    const [r, seconds] = await timed(() => cli(['grad', '-e', `t : scalar; ${expr}`, '--wrt', 't']));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(seconds).toBeLessThan(15);
    expect(r.stdout.trim()).toBe(expected());
  });

  test('eval of (t^1000000)^1000000 near t = 1 gives the float answer', async () => {
    const dir = tmp({ 't.json': '{"t": 1}' });
    const r = json(await cli(['eval', '-e', 't : scalar; (t^1000000)^1000000', '--data', 't.json', '--grad', 't'], { cwd: dir }));
    expect(r.value).toBe(1);
    expect(r.gradient!.t).toBe(1e12);
  });

  // The float of 10^400 is Infinity and Math.pow(±1, Infinity) is NaN; evaluators keep a huge
  // integer exponent's parity instead (exponentToNumber), so 1^(10^400) = (-1)^(10^400) = 1.
  test.each([1, -1])('eval of t^(10^400) at t = %d is 1', async (t) => {
    const dir = tmp({ 't.json': JSON.stringify({ t }) });
    const r = await cli(['eval', '-e', 't : scalar; t^(10^400)', '--data', 't.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).value).toBe(1);
  });
});

// ---------- 21 ----------

describe('21: no quadratic :save, bounded evaluator caches, fast long chains', () => {
  test(':save of 20,000 definitions takes seconds and loads back', () => {
    const N = 20_000;
    const dir = tmp({ 'in.mdf': ['x : vector(n)', ...Array.from({ length: N }, (_, i) => `d${i} = sum(x) + ${i}`)].join('\n') + '\n' });
    const s = new Session({ cwd: dir });
    expect(render(s.execute(':load in.mdf'), false)).toMatch(/^loaded /);
    const t0 = Date.now();
    expect(render(s.execute(':save out.mdf'), false)).toBe(`saved 1 declaration and ${N} definitions to out.mdf`);
    expect((Date.now() - t0) / 1000).toBeLessThan(10);
    const again = new Session({ cwd: dir });
    expect(render(again.execute(':load out.mdf'), false)).toMatch(new RegExp(`^loaded out\\.mdf: 1 declaration, ${N} definitions`));
    expect(render(again.execute(`d${N - 1}`), false)).toBe(`sum(x) + ${N - 1}  : scalar`);
  }, 60_000);

  test('an evaluator run at 200 sizes keeps the buffers of a few, not all', () => {
    setFlagsFromString('--expose_gc');
    const gc = runInNewContext('gc') as () => void;
    const ev = md.compileProgram('A : matrix(m, n); x : vector(n); sum(exp(A*x))', { wrt: ['A', 'x'] });
    const data = new Float64Array(400 * 400);
    for (let i = 0; i < data.length; i++) data[i] = ((i % 17) - 8) / 800;
    gc();
    const before = process.memoryUsage().arrayBuffers;
    let last: md.EvalResult | undefined;
    for (let n = 200; n < 400; n++) last = ev.run({ A: { rows: n, cols: n, data: data.subarray(0, n * n) }, x: data.subarray(0, n) } as never);
    gc();
    const retainedMB = (process.memoryUsage().arrayBuffers - before) / 1e6;
    // all 200 signatures would hold over 150 MB of n×n gradient buffers alone
    expect(retainedMB).toBeLessThan(60);
    // and the last result is right: d/dA sum(exp(Ax)) = exp(Ax) x'
    const n = 399;
    const Ax0 = Array.from({ length: n }, (_, j) => data[j] * data[j]).reduce((s, v) => s + v, 0);
    near(last!.gradients.A.data[1], Math.exp(Ax0) * data[1], 1e-12);
  });

  test("eval --grad A,x of b' * A*(A*(...(A*x))) at 1500 levels: exact, and in seconds", async () => {
    const L = 1500;
    let e = 'x';
    for (let i = 0; i < L; i++) e = `A*(${e})`;
    // A is a rotation by 90°: A^4 = I, so everything is exact in integers
    const A = [
      [0, -1],
      [1, 0],
    ];
    const x = [1, 2];
    const b = [3, 5];
    const mat = (M: number[][], v: number[]) => M.map((r) => r[0] * v[0] + r[1] * v[1]);
    const At = [
      [A[0][0], A[1][0]],
      [A[0][1], A[1][1]],
    ];
    // value b' A^L x; gradient wrt x (A')^L b; wrt A Σ_k (A')^k b ((A^(L-1-k)) x)'
    const powers = [x];
    for (let k = 1; k < L; k++) powers.push(mat(A, powers[k - 1]));
    let u = b;
    const G = [
      [0, 0],
      [0, 0],
    ];
    for (let k = 0; k < L; k++) {
      const v = powers[L - 1 - k];
      for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) G[i][j] += u[i] * v[j];
      u = mat(At, u);
    }
    const Alx = mat(A, powers[L - 1]);
    const dir = tmp({ 'd.json': JSON.stringify({ A, x, b }) });
    const [r, seconds] = await timed(() =>
      cli(['eval', '-e', `A : matrix(n, n); x : vector(n); b : vector(n); b' * ${e}`, '--data', 'd.json', '--grad', 'A,x'], { cwd: dir }),
    );
    const out = json(r);
    expect(out.value).toBe(b[0] * Alx[0] + b[1] * Alx[1]);
    expect(out.gradient!.x).toEqual(u);
    expect(out.gradient!.A).toEqual(G);
    expect(seconds).toBeLessThan(30); // it took 34 s (extrapolated) before; 2000 levels took 102 s
  }, 90_000);

  test('hessian of (t+1)*...*(t+64): exact at t = -15.3, and in seconds', async () => {
    const k = 64;
    const [r, seconds] = await timed(() =>
      cli(['hessian', '-e', `t : scalar; ${Array.from({ length: k }, (_, i) => `(t+${i + 1})`).join('*')}`, '--wrt', 't']),
    );
    expect(r.code).toBe(0);
    expect(seconds).toBeLessThan(16);
    // P'' = Σ_{i≠j} Π_{l≠i,j} (t+l), exactly with t = -153/10
    const num = Array.from({ length: k }, (_, i) => BigInt(10 * (i + 1) - 153));
    let s = 0n;
    for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) s += 2n * num.reduce((p, v, l) => (l === i || l === j ? p : p * v), 1n);
    const [v] = valueOf('t : scalar', r.stdout, { t: -15.3 });
    near(v, qNum([s, 10n ** BigInt(k - 2)]), 1e-12);
  }, 60_000);
});

// ---------- 22 ----------

describe('22: printed gradients of softmax chains grow linearly', () => {
  const chain = (d: number) => {
    let e = 'x';
    for (let i = 0; i < d; i++) e = `softmax(${e})`;
    return `x : vector(n); a : vector(n); a' * ${e}`;
  };

  test('8, 16 and 17 levels: size about proportional to depth, and the printed text is right', async () => {
    const size = async (d: number) => {
      const r = await cli(['grad', '-e', chain(d), '--wrt', 'x']);
      expect(r.code).toBe(0);
      return r;
    };
    const [r8, r16, r17] = [await size(8), await size(16), await size(17)];
    expect(r16.stdout.length / r8.stdout.length).toBeLessThan(3); // 2.1× per level would be 380×
    expect(r17.stdout.length).toBeLessThan(100_000); // it was 59 MB
    // the printed 16-level gradient evaluates to the backward pass
    const x = [0.3, -0.1, 0.5, 0.2];
    const a = [1, -2, 0.5, 3];
    const sm = (v: number[]) => {
      const e = v.map((z) => Math.exp(z));
      const s = e.reduce((p, q) => p + q, 0);
      return e.map((z) => z / s);
    };
    const levels = [x];
    for (let i = 0; i < 16; i++) levels.push(sm(levels[i]));
    let g = a.slice();
    for (let i = 16; i >= 1; i--) {
      const s = levels[i];
      const sg = s.reduce((p, si, j) => p + si * g[j], 0);
      g = s.map((si, j) => si * (g[j] - sg));
    }
    const got = valueOf('x : vector(n); a : vector(n)', r16.stdout, { x, a }, { n: 4 });
    got.forEach((v, j) => expect(Math.abs(v - g[j])).toBeLessThan(1e-13));
  });
});

// ---------- small items ----------

describe('small items', () => {
  test('a UTF-8 BOM at the start of a program file is dropped', async () => {
    const dir = tmp({ 'p.md': '\ufeffx : vector(n)\nsum(x)\n' });
    const r = await cli(['grad', 'p.md', '--wrt', 'x'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('ones(n)');
  });

  test('x : vector(1) takes the data [5]', async () => {
    const dir = tmp({ 'd.json': '{"x": [5]}' });
    const r = json(await cli(['eval', '-e', "x : vector(1); x' * x", '--data', 'd.json', '--grad', 'x'], { cwd: dir }));
    expect(r.value).toBe(25);
    expect([r.gradient!.x].flat()).toEqual([10]);
  });

  test('--wrt x --wrt b: an error for grad, both for eval and compile', async () => {
    const prog = "x : vector(n); b : vector(n); x' * b";
    for (const cmd of ['grad', 'hessian', 'check']) {
      const r = await cli([cmd, '-e', prog, '--wrt', 'x', '--wrt', 'b', ...(cmd === 'check' ? ['--expect', 'b'] : [])]);
      badInput(r, /--wrt is given 2 times/);
    }
    const dir = tmp({ 'd.json': '{"x": [1, 2], "b": [3, 5]}' });
    const e = json(await cli(['eval', '-e', prog, '--data', 'd.json', '--grad', 'x', '--grad', 'b'], { cwd: dir }));
    expect(e.gradient).toEqual({ x: [3, 5], b: [1, 2] });
    expect((await cli(['compile', '-e', prog, '--wrt', 'x', '--wrt', 'b', '-o', 'k.js'], { cwd: dir })).stderr).toMatch(/wrt x, b/);
  });

  test(':eval … with m=3, m=4 is an error, not the last', () => {
    const s = new Session();
    render(s.execute('x : vector(m)'), false);
    const out = render(s.execute(':eval x with m=3, m=4'), false);
    expect(out).toMatch(/^<repl>:1:\d+: m is given twice \(m=3 and m=4\)/);
    clean(out);
  });
});
