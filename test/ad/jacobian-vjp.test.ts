/**
 * Jacobians and Hessians read off the VJP rules (one derivative definition, issue 8 item 5):
 * the shapes that the hand-written Jacobian table got wrong (finding 14) and matrix-valued
 * intermediates, each against column-by-column finite differences.
 */
import { hessian, jacobian } from '../../src/ad';
import { Node } from '../../src/core/graph';
import { evaluate } from '../../src/eval/reference';
import { parseProgram } from '../../src/parse';
import { compareTensors, fdJacobian } from '../support/finite-diff';
import { makeRng, randomEnv } from '../support/random';
import { cli } from '../cli/helpers';

const DECLS = 'x : vector(n); a : vector(m); b : vector(m); c : vector(n); A : matrix(n, n); B : matrix(n, n); M : matrix(m, n); t : scalar';

function expectMatches(kind: 'jacobian' | 'hessian', expr: string, wrt = 'x') {
  const p = parseProgram(`${DECLS}\n${expr}`);
  const f = p.result!;
  const v = p.scope.declaration(wrt)!.node;
  const D = kind === 'jacobian' ? jacobian(p.graph, f, v) : hessian(p.graph, f, v);
  const inner: Node = kind === 'jacobian' ? f : require('../../src/ad').grad(p.graph, f, v);
  for (const seed of [1, 2, 3]) {
    const env = randomEnv(p.graph, [f, D], makeRng(seed));
    expect(compareTensors(evaluate(D, env), fdJacobian(inner, v, env))).toEqual([]);
  }
}

describe('finding 14: products whose factors after the varying column multiply to a scalar', () => {
  test.each(["x * a' * b", "x * x' * c", "A * x * a' * b", "M' * a * x' * c", "(a' * b) * A * x"])('jacobian of %s', (e) => expectMatches('jacobian', e));
  test("hessian of (x * a' * b)' * x", () => expectMatches('hessian', "(x * a' * b)' * x"));
});

describe('matrix-valued intermediates', () => {
  test.each([
    'diag(x) * A * x',
    "inv(A + x * x') * c",
    'diag(A * diag(x) * B)',
    "(x' * c) * A * x",
    'inv(A + t * B) * c',
    'softmax(A * x) .* x',
    "diag(x * x') + A * x",
    'tr(A * diag(x)) * c',
    'sum(diag(x) .* A) * c',
    "x' * A * diag(x)",
  ])('jacobian of %s', (e) => expectMatches('jacobian', e, e.includes('t *') ? 't' : 'x'));
  test.each(["norm2(x * x')", 'logdet(A + diag(x))', "x' * inv(A + diag(x)) * c", 'sum(log(1 + (M*x - a).^2))', 'logsumexp(A * x) + sum(softplus(x))'])(
    'hessian of %s',
    (e) => expectMatches('hessian', e),
  );
});

describe('the CLI answers them (exit 0), verified', () => {
  test.each([
    ['jacobian', "x : vector(n); a : vector(m); b : vector(m); x * a' * b"],
    ['jacobian', 'x : vector(n); A : matrix(n,n); diag(x) * A * x'],
    ['hessian', "x : vector(n); a : vector(m); b : vector(m); (x * a' * b)' * x"],
  ])('%s %s', async (cmd, prog) => {
    const r = await cli([cmd, '-e', prog, '--wrt', 'x']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
