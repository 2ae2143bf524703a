/**
 * Every operation of the notation, alone and in typical combinations, compiled and compared
 * with the reference interpreter at 1e-12 relative, at odd sizes: 1×k, k×1, and sizes that
 * the 4-row blocking does not divide.
 */
import { Node } from '../../src/core/graph';
import { parseProgram } from '../../src/parse';
import { makeRng, randomEnv } from '../support/random';
import { OP_DECLS as DECLS, OP_SIZES as SIZES, checkAgainstReference } from './helpers';

const CASES: string[] = [
  // products, with every transpose combination, vectors and matrices
  'A*x',
  "A'*y",
  "y'*A",
  "x'*A'",
  'A*B',
  "A'*C",
  "B*A'",
  "A'*C'",
  'A*R',
  "R'*A'",
  "A'*R'",
  "x*u'",
  "x'*u",
  "x'*B*u",
  'A*B*x',
  "y'*A*B*x",
  "(A*x)'*(A*x)",
  'C*A*B',
  "x'*inv(B)*u",
  // elementwise algebra and broadcasts
  'A + 2',
  's*A + t',
  '-A',
  'A/s',
  '1 - b',
  'A .* A',
  'A ./ (A.*A + 1)',
  'A.^2',
  'A.^3',
  'A.^(-1)',
  'exp(A).^(1/2)',
  "A' + R",
  "B + B'",
  "B .* inv(B)'",
  "A .* R'",
  'x + u',
  "x' + u'",
  // elementwise functions
  'exp(A)',
  'log(A.*A + 1)',
  'sqrt(exp(A))',
  'sin(A)',
  'cos(A)',
  'tan(tanh(A))',
  'tanh(A)',
  'sigmoid(A)',
  'softplus(A)',
  'abs(A)',
  'sign(A)',
  'sigmoid(A*x)',
  'softplus(-(A*x))',
  // scalars
  's^2',
  's^t',
  "(x'*x)^(-1/2)",
  's/t',
  'exp(s) + log(t)',
  '1/m * s',
  'n * t',
  // reductions and matrix functions
  'sum(A)',
  'sum(x)',
  'norm2(A)',
  'norm2(x)',
  'norm1(A)',
  'norm1(A*x)',
  'tr(B)',
  'tr(A*R)',
  'det(B)',
  'logdet(S)',
  'inv(B)',
  "inv(B)'",
  'inv(B)*x',
  'diag(x)',
  'diag(B)',
  'diag(diag(B))',
  'dot(x, u)',
  'logsumexp(A*x)',
  'softmax(A*x)',
  "softmax(x)'",
  'ones(n)',
  'eye(n) + B',
  'sum(exp(A*x))',
  "b' * log(sigmoid(A*x))",
  // the seed and its textbook gradient
  "-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))",
  "1/m * A' * (sigmoid(A*x) - b)",
  "A' * (A*x - b) + s * x",
  "A' * softmax(A*x)",
  "x' * A' * (A*x - y)",
];

describe('every operation agrees with the reference interpreter', () => {
  for (const text of CASES)
    test(text, () => {
      const prog = parseProgram(`${DECLS}\n${text}`);
      const f: Node = prog.result!;
      const rng = makeRng(text.length * 7919 + 17);
      const failures: string[] = [];
      for (const [m, n] of SIZES) {
        const env = randomEnv(prog.graph, f, rng, {
          sizes: new Map([
            ['m', m],
            ['n', n],
          ]),
        });
        failures.push(...checkAgainstReference(prog.graph, [f], env, {}, `${text} at m=${m}, n=${n}`).failures);
      }
      expect(failures).toEqual([]);
    });
});

describe('row blocking and fusion switches do not change numbers', () => {
  const seed = "-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))";
  const grad = "1/m * A' * (sigmoid(A*x) - b)";
  for (const opts of [
    { rowBlock: 1 },
    { rowBlock: 3 },
    { rowBlock: 8 },
    { unrollMax: 16 },
    { unrollMax: 16, rowBlock: 3 },
    { rowFusion: false },
    { stabilize: false },
  ])
    test(JSON.stringify(opts), () => {
      const prog = parseProgram(`${DECLS}\nJ = ${seed}\nG = ${grad}\nJ`);
      const nodes = [prog.scope.definition('J')!.node, prog.scope.definition('G')!.node];
      const rng = makeRng(99);
      const failures: string[] = [];
      for (const [m, n] of SIZES) {
        const env = randomEnv(prog.graph, nodes, rng, {
          sizes: new Map([
            ['m', m],
            ['n', n],
          ]),
        });
        failures.push(...checkAgainstReference(prog.graph, nodes, env, opts, `m=${m}, n=${n}`).failures);
      }
      expect(failures).toEqual([]);
    });
});
