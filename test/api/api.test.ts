/**
 * The main entry's API (docs/api.md): verbs take source text or a Program, options are checked,
 * every mistake is a MatdiffError that says what was expected, nodes print themselves, tensors
 * convert to plain arrays, and positions in messages count from 0.
 */
import * as md from '../../src';
import { MatdiffError } from '../../src';
import * as internals from '../../src/internals';

const SRC = 'A : matrix(m, n); x : vector(n); b : vector(m)\nr = A*x - b\nJ = norm2(r)^2\nJ';
const p = md.parse(SRC);
const VALUES = {
  A: [
    [1, 2],
    [3, 4],
    [5, 6],
  ],
  x: [1, -1],
  b: [0, 1, 0],
};
const any = (v: unknown) => v as never;

function thrown(f: () => unknown): MatdiffError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(MatdiffError);
    return e as MatdiffError;
  }
  throw new Error('expected a MatdiffError');
}

test('the main entry exports a small set; internals are in matdiff/internals', () => {
  const names = Object.keys(md).sort();
  expect(names.length).toBeLessThanOrEqual(36);
  for (const verb of [
    'parse',
    'grad',
    'jacobian',
    'hessian',
    'simplify',
    'print',
    'toText',
    'toUnicode',
    'toTex',
    'check',
    'compile',
    'evaluate',
    'emitModule',
    'formatError',
    'formatVerdict',
    'MatdiffError',
    'explain',
    'checkSteps',
    'hvp',
    'directional',
    'toSql',
    'toPython',
  ])
    expect(names).toContain(verb);
  for (const inner of ['build', 'topoOrder', 'mapBottomUp', 'OPS', 'Session', 'startRepl', 'compileNodes', 'Scope']) {
    expect(names).not.toContain(inner);
  }
  for (const inner of ['build', 'topoOrder', 'mapBottomUp', 'OPS', 'compileNodes', 'Scope']) expect(Object.keys(internals)).toContain(inner);
});

describe('source text and Programs are interchangeable', () => {
  test.each([
    ['grad', () => md.toText(md.grad(SRC, 'x')), () => md.toText(md.grad(p, 'x'))],
    ['hessian', () => md.toText(md.hessian(SRC, 'x')), () => md.toText(md.hessian(p, 'x'))],
    ['jacobian of r', () => md.toText(md.jacobian(SRC, 'x', { of: 'r' })), () => md.toText(md.jacobian(p, 'x', { of: 'r' }))],
    ['simplify', () => md.toText(md.simplify(SRC)), () => md.toText(md.simplify(p))],
    ['print', () => md.print(SRC, 'latex'), () => md.print(p, 'latex')],
    ['check', () => md.check(SRC, "2*A'*(A*x - b)", { wrt: 'x' }).equal, () => md.check(p, "2*A'*(A*x - b)", { wrt: 'x' }).equal],
    ['evaluate', () => md.evaluate(SRC, VALUES).toNumber(), () => md.evaluate(p, VALUES).toNumber()],
    ['compile', () => md.compile(SRC, { wrt: 'x' }).run(VALUES).gradients.x.toArray(), () => md.compile(p, { wrt: 'x' }).run(VALUES).gradients.x.toArray()],
  ])('%s', (_name, fromText, fromProgram) => expect(fromText()).toEqual(fromProgram()));

  test('parse(program) is the program', () => expect(md.parse(p)).toBe(p));

  test('a node where a program is wanted says so', () => {
    const e = thrown(() => md.grad(any(p.result), 'x'));
    expect(e.kind).toBe('usage');
    expect(e.message).toMatch(/wants a program .* not an expression node/);
  });

  test.each([
    ['grad(42)', () => md.grad(any(42), 'x'), /source text or a Program/],
    ['grad(p, 3)', () => md.grad(p, any(3)), /variable must be a string/],
    ["grad(p, 'y')", () => md.grad(p, 'y'), /y is not a declared variable/],
    ["grad(p, 'x', { of: 'K' })", () => md.grad(p, 'x', { of: 'K' }), /K is not defined.*definitions: r, J/],
    ["grad(p, 'x', { simplify: 'no' })", () => md.grad(p, 'x', any({ simplify: 'no' })), /simplify must be true or false/],
    ['grad(p, x, 5)', () => md.grad(p, 'x', any(5)), /options/],
    ['check(p, 5)', () => md.check(p, any(5)), /claim must be a string/],
    ['compile(p, { backnd })', () => md.compile(p, any({ backnd: 'js' })), /unknown option backnd.*the options are wrt, outputs/],
    ["grad(p, 'x', { wrt: 'x' })", () => md.grad(p, 'x', any({ wrt: 'x' })), /grad: unknown option wrt.*the options are of, simplify, verify/],
    ["print(g, 'text', { format })", () => md.print(p, 'text', any({ format: 'unicode' })), /print: unknown option format/],
    ["check(p, c, { WRT: 'x' })", () => md.check(p, 'x', any({ WRT: 'x' })), /did you mean wrt\?/],
    ['evaluate(p, v, { dim })', () => md.evaluate(p, VALUES, any({ dim: { n: 2 } })), /unknown option dim/],
    ["emitModule(f, { targt: 'ts' })", () => md.emitModule(md.compile(p), any({ targt: 'ts' })), /unknown option targt/],
    ["compile(p, { backend: 'gpu' })", () => md.compile(p, any({ backend: 'gpu' })), /backend must be one of/],
    ['evaluate(p, [1])', () => md.evaluate(p, any([1])), /values must be an object/],
    ['evaluate(p, { y })', () => md.evaluate(p, { ...VALUES, y: 1 }), /y is not a variable of the program/],
    [
      'simplify(foreign node)',
      () => md.simplify(internals.build.variable(new internals.Graph(), 'q', { rows: 1, cols: 1 })),
      /which program this node belongs to/,
    ],
  ])('%s', (_label, call, message) => {
    const e = thrown(call);
    expect(`${e.message} ${e.hint ?? ''}`).toMatch(message);
  });
});

describe('print', () => {
  const g = md.grad(p, 'x');
  test('without a format, or a misspelled one: a MatdiffError listing the formats', () => {
    const none = thrown(() => md.print(g, any(undefined)));
    expect(none.message).toMatch(/text, unicode, latex, json/);
    const wrong = thrown(() => md.print(g, any('Unicode')));
    expect(wrong.message).toMatch(/one of text, unicode, latex, json/);
    expect(wrong.hint).toMatch(/did you mean 'unicode'/);
    expect(thrown(() => md.print(any({}), 'text')).message).toMatch(/node, source text or a Program/);
  });
  test('nodes print themselves as re-parseable text', () => {
    expect(String(g)).toBe("2 * A' * (A*x - b)");
    expect(`${g}`).toBe(md.toText(g));
    expect(md.toText(md.parse(`${SRC.split('\nJ')[0]}\n${g}`))).toBe(String(g));
    expect(md.toUnicode(g)).toBe('2Aᵀ(Ax − b)');
    expect(md.toTex(g)).toBe('2 A^{\\top} \\left(A x - b\\right)');
  });
});

describe('numbers', () => {
  test('evaluate: tensors with toArray() and toNumber()', () => {
    expect(md.evaluate(p, VALUES).toNumber()).toBeCloseTo(6, 12);
    expect(md.evaluate(md.grad(p, 'x'), VALUES).toArray()).toEqual([-24, -32]);
    expect(md.evaluate(p, VALUES, { of: 'r' }).toArray()).toEqual([-1, -2, -1]);
    expect(md.evaluate(md.hessian(p, 'x'), VALUES).toArray()).toEqual([
      [70, 88],
      [88, 112],
    ]);
    expect(thrown(() => md.evaluate(md.grad(p, 'x'), VALUES).toNumber()).message).toMatch(/not a scalar/);
  });

  test('toArray follows the declared shape: a matrix(m, n) at m = 1 is still rows', () => {
    const r = md.compile(p, { wrt: ['x', 'A'] }).run({ A: [[1, 2]], x: [3, 4], b: [10] });
    expect(r.gradients.A.toArray()).toEqual([[6, 8]]);
    expect(r.gradients.x.toArray()).toEqual([2, 4]);
    expect(md.evaluate(md.grad(p, 'A'), { A: [[1, 2]], x: [3, 4], b: [10] }).toArray()).toEqual([[6, 8]]);
  });

  test('data errors count from 0, as JavaScript does', () => {
    const nan = thrown(() => md.evaluate(p, { ...VALUES, x: [1, NaN] }));
    expect([nan.kind, nan.message]).toEqual(['data', 'x[1] is NaN, not a finite number']);
    expect(nan.hint).toMatch(/count from 0/);
    expect(thrown(() => md.evaluate(p, { ...VALUES, A: [[1, 2], [3], [5, 6]] })).message).toBe('A: row 1 has 1 entries, row 0 has 2');
    expect(
      thrown(() =>
        md.evaluate(p, {
          ...VALUES,
          A: [
            [1, 2],
            [3, Infinity],
            [5, 6],
          ],
        }),
      ).message,
    ).toBe('A[1][1] is Infinity, not a finite number');
    expect(thrown(() => md.evaluate(p, { ...VALUES, x: [1, 2, 3] })).message).toBe('x has 3 rows, but n = 2 (from A)');
    expect(thrown(() => md.evaluate(p, { A: VALUES.A, x: VALUES.x })).message).toMatch(/no value for b/);
  });

  test('evaluate takes Float64Arrays, tensors and mathjs-like matrices', () => {
    const A = { toArray: () => VALUES.A, size: () => [3, 2] };
    expect(md.evaluate(p, { A, x: Float64Array.of(1, -1), b: { rows: 3, cols: 1, data: Float64Array.of(0, 1, 0) } }).toNumber()).toBeCloseTo(6, 12);
    expect(md.evaluate(p, { A: Float64Array.from(VALUES.A.flat()), x: VALUES.x, b: VALUES.b }).toNumber()).toBeCloseTo(6, 12);
  });

  test('compiled results are typed by wrt, reused per call, and copied on request', () => {
    const f = md.compile(p, { wrt: 'x' });
    const r1 = f.run(VALUES);
    const r2 = f.run({ ...VALUES, x: [2, 2] });
    expect(r2).toBe(r1);
    expect(r1.gradients.x.toArray()).toEqual(md.evaluate(md.grad(p, 'x'), { ...VALUES, x: [2, 2] }).toArray());
    const kept = f.run(VALUES, { copy: true });
    expect(kept).not.toBe(r1);
    f.run({ ...VALUES, x: [5, 5] });
    expect(kept.gradients.x.toArray()).toEqual([-24, -32]);
    expect(f.spec.inputs.map((i) => i.name).sort()).toEqual(['A', 'b', 'x']);
    expect(md.emitModule(f, { target: 'js' })).toMatch(/module\.exports = \{ run/);
  });
});

test('the 0.1 names still work', () => {
  expect(md.print(md.gradientOf(md.parseProgram(SRC), 'x'), 'unicode')).toBe('2Aᵀ(Ax − b)');
  expect(md.gradient(SRC, 'x')).toBe('2Aᵀ(Ax − b)');
  expect(md.checkGradient(p, 'x', "2*A'*(A*x - b)").equal).toBe(true);
});
