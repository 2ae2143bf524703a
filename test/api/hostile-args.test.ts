/**
 * Issue 8 finding 19: library calls with wrong arguments throw MatdiffErrors that name the
 * argument and say what would be right, never a raw TypeError from deep inside.
 */
import * as md from '../../src/internals';
import { MatdiffError } from '../../src/core/errors';

const SRC = 'A : matrix(m, n); x : vector(n); b : vector(m)\nnorm2(A*x - b)^2';
const p = md.parseProgram(SRC);
const x = p.scope.declaration('x')!.node;
const f = p.result!;
const any = (v: unknown) => v as never;

const CALLS: Array<[string, () => unknown, RegExp]> = [
  ['parseProgram(42)', () => md.parseProgram(any(42)), /source must be a string/],
  ['parseProgram(undefined)', () => md.parseProgram(any(undefined)), /source must be a string/],
  ['parseProgram(src, 5)', () => md.parseProgram(SRC, any(5)), /options/],
  ['parseExpression(1, scope, graph)', () => md.parseExpression(any(1), p.scope, p.graph), /must be a string/],
  ['parseExpression(text, {}, graph)', () => md.parseExpression('x', any({}), p.graph), /Scope/],
  ['parseExpression(text, scope, {})', () => md.parseExpression('x', p.scope, any({})), /Graph/],
  ["print(node, 'bogus')", () => md.print(f, any('bogus')), /format must be one of/],
  ["print(node, 'Unicode')", () => md.print(f, any('Unicode')), /did you mean 'unicode'/],
  ['print({}, text)', () => md.print(any({}), 'text'), /expression node/],
  ['print(null)', () => md.print(any(null)), /expression node/],
  ['grad(null, f, x)', () => md.grad(any(null), f, x), /Graph/],
  ["grad(g, 'f', x)", () => md.grad(p.graph, any('f'), x), /expression node/],
  ["grad(g, f, 'x')", () => md.grad(p.graph, f, any('x')), /variable must be an expression node/],
  ['simplify(g, 3)', () => md.simplify(p.graph, any(3)), /expression node/],
  ["derive(g, 'gradient', f, x)", () => md.derive(p.graph, any('gradient'), f, x), /kind of derivative/],
  ['compile(source)', () => md.compile(any(SRC)), /parseProgram\(source\)/],
  ['compile(p, { wrt: 42 })', () => md.compile(p, any({ wrt: 42 })), /wrt must be a variable name/],
  ['compile(p, { wrt: [1] })', () => md.compile(p, any({ wrt: [1] })), /wrt must be/],
  ['compile(p, "x")', () => md.compile(p, any('x')), /options/],
  ['compileProgram(7)', () => md.compileProgram(any(7)), /must be a string/],
  ["gradientOf(source, 'x')", () => md.gradientOf(any(SRC), 'x'), /parseProgram\(source\)/],
  ['gradientOf(p, 3)', () => md.gradientOf(p, any(3)), /variable must be a string/],
  ["checkGradient(source, 'x', claim)", () => md.checkGradient(any(SRC), 'x', "A' * (A*x - b)"), /program/],
  ['checkGradient(p, x-node, claim)', () => md.checkGradient(p, any(x), "A' * (A*x - b)"), /variable must be a string/],
  ['checkGradient(p, x, 12)', () => md.checkGradient(p, 'x', any(12)), /claim must be a string/],
  ['check(g, f, "claim")', () => md.check(p.graph, f, any('2*x')), /claim must be an expression node/],
  ['gradient(SRC, 7)', () => md.gradient(SRC, any(7)), /variable must be a string/],
  [
    'a throwing toArray()',
    () =>
      md.compile(p, { wrt: 'x' }).run(
        any({
          A: {
            toArray: () => {
              throw new Error('boom');
            },
            size: () => [2, 2],
          },
          x: [1, 2],
          b: [1, 2],
        }),
      ),
    /toArray\(\) threw: boom/,
  ],
];

describe('wrong arguments are MatdiffErrors naming the argument', () => {
  test.each(CALLS)('%s', (_label, call, message) => {
    let err: unknown;
    try {
      call();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MatdiffError);
    expect((err as MatdiffError).message + ' ' + ((err as MatdiffError).hint ?? '')).toMatch(message);
  });
});

test('print defaults to the text format', () => {
  expect(md.print(f)).toBe(md.print(f, 'text'));
});

describe('issue 8 finding 9: nodes of another program are refused, not read with the wrong ids', () => {
  const p1 = md.parseProgram('x : vector(n)\nsum(exp(x))');
  const p2 = md.parseProgram('x : vector(n)\nsum(x)');
  const x1 = p1.scope.declaration('x')!.node;
  const x2 = p2.scope.declaration('x')!.node;
  test.each([
    ['grad(p2.graph, p1.result, x1)', () => md.grad(p2.graph, p1.result!, x1)],
    ['grad(p1.graph, p1.result, x2)', () => md.grad(p1.graph, p1.result!, x2)],
    ['hessian(p2.graph, p1.result, x2)', () => md.hessian(p2.graph, p1.result!, x2)],
    ['simplify(p2.graph, p1.result)', () => md.simplify(p2.graph, p1.result!)],
    ['check(p1.graph, p1.result, p2.result)', () => md.check(p1.graph, p1.result!, p2.result!)],
  ])('%s', (_label, call) => {
    expect(call).toThrow(MatdiffError);
    expect(call).toThrow(/another program's graph/);
  });
  test('the same calls within one program work', () => {
    expect(md.print(md.simplify(p1.graph, md.grad(p1.graph, p1.result!, x1)), 'text')).toBe('exp(x)');
  });
});
