/**
 * Programs the Examples menu loads, each with the derivative to show and a claim to check (a
 * derivation of several lines is checked step by step). test/web/examples.test.ts runs every
 * one through the engine: it derives, and its claim holds.
 */
import type { State } from './state';
import { SEED, SEED_CLAIM } from './seed';

export interface Example {
  readonly title: string;
  readonly state: Partial<State> & Pick<State, 'program' | 'kind' | 'wrt' | 'claim'>;
  /** The claim has a slip on purpose, to show a diagnosis. */
  readonly wrongClaim?: true;
}

export const EXAMPLES: readonly Example[] = [
  { title: 'Logistic regression (the seed)', state: { program: SEED, kind: 'grad', wrt: 'x', claim: SEED_CLAIM }, wrongClaim: true },
  {
    title: 'Least squares, with a derivation',
    state: {
      program: 'A : matrix(m, n)\nx : vector(n)\nb : vector(m)\nf = norm2(A*x - b)^2\nf\n',
      kind: 'grad',
      wrt: 'x',
      // examples/least-squares-derivation.matdiff: the function restated, then the gradient step by step.
      claim: "(A*x - b)' * (A*x - b)\n2 * jacobian(A*x - b, x)' * (A*x - b)\n2 * A' * (A*x - b)\n2 * A' * A * x - 2 * A' * b",
      rate: 0.0025,
      binary: '',
    },
  },
  {
    title: 'Ridge regression: the Hessian',
    state: {
      program: 'A : matrix(m, n)\nx : vector(n)\nb : vector(m)\nλ : positive\nf = 1/2 * norm2(A*x - b)^2 + λ/2 * norm2(x)^2\nf\n',
      kind: 'hessian',
      wrt: 'x',
      claim: "A' * A + λ * eye(n)",
      rate: 0.005,
      binary: '',
    },
  },
  {
    title: 'Logistic loss as softplus',
    state: {
      program: "A : matrix(m, n)\nx : vector(n)\nb : vector(m)\nf = 1/m * (sum(softplus(A*x)) - b' * A * x)\nf\n",
      kind: 'grad',
      wrt: 'x',
      claim: "1/m * A' * (sigmoid(A*x) - b)",
    },
  },
  {
    title: 'Softmax cross-entropy: a matrix gradient',
    state: {
      program: "W : matrix(k, n)\nx : vector(n)\ny : simplex(k)\nf = logsumexp(W*x) - y' * W * x\nf\n",
      kind: 'grad',
      wrt: 'W',
      claim: "(softmax(W*x) - y) * x'",
      sizes: 'k=4, n=6',
      binary: '',
      rate: 0.5,
    },
  },
  {
    title: 'Quadratic form: gradient and Hessian',
    state: {
      program: "S : spd(n)\nx : vector(n)\nb : vector(n)\nf = 1/2 * x' * S * x - b' * x\nf\n",
      kind: 'grad',
      wrt: 'x',
      claim: 'S * x',
      sizes: 'n=5',
      binary: '',
      rate: 0.1,
    },
    wrongClaim: true,
  },
  {
    title: 'Trace and log-determinant, with a derivation',
    state: {
      program: 'X : matrix(n, n)\nA : matrix(n, n)\nf = tr(A * X) - logdet(X)\nf\n',
      kind: 'grad',
      wrt: 'X',
      // examples/logdet-derivation.matdiff
      claim: "grad(f, X)\ngrad(tr(A * X), X) - grad(logdet(X), X)\nA' - inv(X)'\n(A - inv(X))'",
      sizes: 'n=4',
      binary: '',
      rate: 0.05,
      steps: 20,
    },
  },
  {
    title: 'Gaussian log-likelihood wrt the covariance',
    state: {
      program:
        "# m samples, the columns of X; the minimum is at S = X X'/m.\nS : spd(n)\nX : matrix(n, m)\nf = 1/2 * (m * logdet(S) + tr(inv(S) * X * X'))\nf\n",
      kind: 'grad',
      wrt: 'S',
      claim: "1/2 * (m * inv(S) - inv(S) * X * X' * inv(S))",
      sizes: 'n=3, m=50',
      binary: '',
      rate: 0.02,
      steps: 200,
    },
  },
  {
    title: 'A Jacobian: σ(Ax)',
    state: {
      program: 'A : matrix(m, n)\nx : vector(n)\nsigmoid(A*x)\n',
      kind: 'jacobian',
      wrt: 'x',
      claim: 'diag(sigmoid(A*x) .* (1 - sigmoid(A*x))) * A',
      binary: '',
    },
  },
];
