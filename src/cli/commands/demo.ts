/**
 * `matdiff demo` (what `npm start` runs): the seed example end to end. Logistic regression's loss
 * goes in; its gradient comes out in textbook form (text, Unicode, LaTeX) with the rules that
 * made it; the hand derivation from the seed is checked (and a wrong one diagnosed); the compiled
 * evaluator computes value and gradient on synthetic data, compared with finite differences of
 * the reference interpreter; and a few steps of gradient descent show the loss falling.
 */
import { grad } from '../../ad';
import { checkGradient, formatVerdict } from '../../check';
import { compile } from '../../compile';
import { formatNumber } from '../../check';
import { makeRng } from '../../eval/random';
import { evaluateScalar } from '../../eval/reference';
import { Env, Tensor, tensor } from '../../eval/tensor';
import { parseProgram } from '../../parse';
import { print } from '../../print';
import { simplifyTraced } from '../../simplify';
import { EXIT_OK } from '../failure';
import { Io } from '../io';
import { traceText } from '../trace';

export const SEED_PROGRAM = `# Logistic regression: m examples (rows of A), n features, labels b in {0, 1}
A : matrix(m, n)
x : vector(n)
b : vector(m)
J = -1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))
J`;

/** The textbook hand derivation of the seed's gradient ends with this. */
export const SEED_CLAIM = "1/m * A' * (sigmoid(A*x) - b)";
/** The same derivation with the 1/m dropped: a typical slip, for the diagnosis. */
export const WRONG_CLAIM = "A' * (sigmoid(A*x) - b)";

const indent = (text: string, by = '    ') =>
  text
    .split('\n')
    .map((l) => (l ? by + l : l))
    .join('\n');
const vec = (v: ArrayLike<number>) => '[' + Array.from(v, (x) => formatNumber(x)).join(', ') + ']';

interface Dataset {
  readonly A: Tensor;
  readonly b: Tensor;
  readonly xTrue: Float64Array;
}

/** Labels drawn from the logistic model with known weights, so that descent has something to find. */
function synthetic(m: number, n: number, seed: number): Dataset {
  const rng = makeRng(seed);
  const A = tensor(m, n);
  for (let i = 0; i < A.data.length; i++) A.data[i] = rng.normal();
  const xTrue = Float64Array.from({ length: n }, () => Math.round(rng.uniform(-2, 2) * 10) / 10);
  const b = tensor(m, 1);
  for (let i = 0; i < m; i++) {
    let z = 0;
    for (let j = 0; j < n; j++) z += A.data[i * n + j] * xTrue[j];
    b.data[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { A, b, xTrue };
}

export async function runDemo(io: Io): Promise<number> {
  const out = (s = '') => io.stdout(s + '\n');
  const heading = (s: string) => out(`\n── ${s} ${'─'.repeat(Math.max(3, 72 - s.length))}`);

  out('matdiff demo: the logistic loss of examples/seed.matdiff, end to end.');

  heading('1. The program (matdiff notation)');
  out(indent(SEED_PROGRAM));
  const program = parseProgram(SEED_PROGRAM, { file: 'seed' });
  const J = program.result!;
  const x = program.scope.declaration('x')!.node;
  out(`\n    J = ${print(J, 'unicode')}`);

  heading('2. Its gradient wrt x   (npx matdiff grad examples/seed.matdiff --wrt x --trace)');
  const { node: g, steps } = simplifyTraced(program.graph, grad(program.graph, J, x));
  out(`    text      ${print(g, 'text')}`);
  out(`    unicode   ${print(g, 'unicode')}`);
  out(`    latex     ${print(g, 'latex')}`);
  out('');
  out(indent(traceText(steps, 'unicode').trimEnd()));

  heading('3. Checking hand derivations   (npx matdiff check ... --wrt x --expect CLAIM)');
  out(`    the seed's answer:  ${SEED_CLAIM}`);
  out(indent(formatVerdict(checkGradient(program, 'x', SEED_CLAIM), 'unicode'), '      '));
  out(`    a slip (no 1/m):    ${WRONG_CLAIM}`);
  const wrong = formatVerdict(checkGradient(program, 'x', WRONG_CLAIM), 'unicode').split('\n');
  // The verdict, the diagnosis and the right answer; the full counterexample is in `matdiff check`.
  out(indent(wrong.filter((l) => /^(different|diagnosis|the gradient)/.test(l)).join('\n'), '      '));

  const m = 400;
  const n = 5;
  const data = synthetic(m, n, 7);
  heading(`4. Value and gradient on synthetic data (m = ${m}, n = ${n}), compiled evaluator`);
  const evaluator = compile(program, { wrt: 'x' });
  const x0 = Float64Array.from({ length: n }, (_, j) => (j % 2 === 0 ? 0.5 : -0.25));
  const at = (xs: Float64Array) => evaluator.run({ A: data.A, b: data.b, x: xs });
  const r0 = at(x0);
  const value = r0.value!.data[0];
  const gradient = Float64Array.from(r0.gradients.x.data);
  out(`    x0       = ${vec(x0)}`);
  out(`    J(x0)    = ${value.toPrecision(10)}`);
  out(`    ∇J(x0)   = ${vec(gradient)}`);
  // Central differences of the reference interpreter: an independent check of the whole pipeline.
  const env = (xs: Float64Array): Env => ({
    vars: new Map([
      ['A', data.A],
      ['b', data.b],
      ['x', tensor(n, 1, xs)],
    ]),
    dims: new Map([
      ['m', m],
      ['n', n],
    ]),
  });
  const h = 1e-6;
  const fd = Float64Array.from({ length: n }, (_, j) => {
    const up = Float64Array.from(x0);
    const down = Float64Array.from(x0);
    up[j] += h;
    down[j] -= h;
    return (evaluateScalar(J, env(up)) - evaluateScalar(J, env(down))) / (2 * h);
  });
  const refValue = evaluateScalar(J, env(x0));
  let worst = 0;
  for (let j = 0; j < n; j++) worst = Math.max(worst, Math.abs(fd[j] - gradient[j]) / Math.max(1e-12, Math.abs(fd[j])));
  out(`    finite differences of the reference interpreter: ${vec(fd)}`);
  out(`    max relative difference ${worst.toExponential(1)}; value differs by ${Math.abs(refValue - value).toExponential(1)}`);
  if (!(worst < 1e-5)) throw new Error(`internal: compiled gradient and finite differences disagree (${worst})`);

  heading('5. Gradient descent  x ← x − t ∇J(x), t = 1');
  let xs = new Float64Array(n);
  const iterations = 60;
  out('    step   J(x)');
  for (let k = 0; k <= iterations; k++) {
    const r = at(xs);
    if (k % 10 === 0) out(`    ${String(k).padStart(4)}   ${r.value!.data[0].toFixed(6)}`);
    const gk = r.gradients.x.data;
    xs = Float64Array.from(xs, (v, j) => v - gk[j]);
  }
  out(`    learned x = ${vec(xs)}`);
  out(`    true x    = ${vec(data.xTrue)}   (the labels were drawn from σ(A x_true))`);
  out('\nMore: npx matdiff --help, README.md. Try: npx matdiff grad -e "x : vector(n); A : matrix(n, n); x\' * A * x" --wrt x');
  return EXIT_OK;
}
