/**
 * Logistic regression, trained by gradient descent with the compiled evaluator.
 *
 * The loss is the one from the seed (a hand derivation on Cross Validated); matdiff derives its
 * gradient, simplifies it to the textbook (1/m) Aᵀ(σ(Ax) − b), and compiles value and gradient
 * into one fused, allocation-free function over Float64Arrays. The data are synthetic: labels
 * drawn from a known weight vector, which training should approximately recover.
 *
 *   npx ts-node examples/logistic-regression.ts
 */
import { compile, gradientOf, parseProgram, print } from '../src';
import { makeRng } from '../src/internals';

const LOSS = `
A : matrix(m, n)
x : vector(n)
b : vector(m)
J = -1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))
J
`;

export interface TrainingResult {
  readonly losses: number[];
  readonly accuracy: number;
  readonly weights: number[];
  readonly trueWeights: number[];
  /** The training data, for checking the result independently. */
  readonly data: { readonly A: number[][]; readonly b: number[] };
}

export function main(log: (line: string) => void = console.log, opts = { m: 400, n: 5, steps: 300, rate: 1 }): TrainingResult {
  const program = parseProgram(LOSS, { file: 'logistic.mdf' });
  log(`gradient: ${print(gradientOf(program, 'x'), 'unicode')}`);
  const evaluator = compile(program, { wrt: 'x' });

  // Synthetic data: rows of A standard normal, labels b_i ~ Bernoulli(σ(a_iᵀ x*)).
  const rng = makeRng(42);
  const { m, n } = opts;
  const trueWeights = Array.from({ length: n }, () => 2 * rng.normal());
  const A = Array.from({ length: m }, () => Array.from({ length: n }, () => rng.normal()));
  const b = A.map((row) => {
    const z = row.reduce((s, a, j) => s + a * trueWeights[j], 0);
    return rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  });

  // Gradient descent: x ← x − rate · ∇J(x). One evaluator call gives J and ∇J together.
  const x = new Array<number>(n).fill(0);
  const losses: number[] = [];
  for (let step = 0; step <= opts.steps; step++) {
    const { value, gradients } = evaluator.run({ A, b, x });
    losses.push(value!.data[0]);
    if (step % 50 === 0) log(`step ${String(step).padStart(4)}  loss ${value!.data[0].toFixed(4)}`);
    const g = gradients.x.data;
    for (let j = 0; j < n; j++) x[j] -= opts.rate * g[j];
  }

  const correct = A.filter((row, i) => (row.reduce((s, a, j) => s + a * x[j], 0) > 0 ? 1 : 0) === b[i]).length;
  const accuracy = correct / m;
  log(`training accuracy ${(100 * accuracy).toFixed(1)}%`);
  log(`weights   ${x.map((v) => v.toFixed(2)).join(' ')}`);
  log(`true      ${trueWeights.map((v) => v.toFixed(2)).join(' ')}`);
  return { losses, accuracy, weights: x, trueWeights, data: { A, b } };
}

if (require.main === module) main();
