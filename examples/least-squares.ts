/**
 * Least squares: the gradient of ‖Ax − b‖², set to zero, gives the normal equations AᵀAx = Aᵀb.
 * matdiff derives the gradient 2Aᵀ(Ax − b), and the compiled evaluator drives it to zero by
 * gradient descent; the result is compared with the exact solution of the normal equations.
 *
 *   npx ts-node examples/least-squares.ts
 */
import { compile, gradientOf, parseProgram, print } from '../src';
import { makeRng } from '../src/internals';

const PROGRAM = `
A : matrix(m, n)
x : vector(n)
b : vector(m)
norm2(A*x - b)^2
`;

/** Solve the n×n system M y = r by Gaussian elimination with partial pivoting. */
function solve(M: number[][], r: number[]): number[] {
  const n = r.length;
  const a = M.map((row, i) => [...row, r[i]]);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i][k]) > Math.abs(a[p][k])) p = i;
    [a[k], a[p]] = [a[p], a[k]];
    for (let i = k + 1; i < n; i++) {
      const f = a[i][k] / a[k][k];
      for (let j = k; j <= n; j++) a[i][j] -= f * a[k][j];
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = a[i][n];
    for (let j = i + 1; j < n; j++) s -= a[i][j] * y[j];
    y[i] = s / a[i][i];
  }
  return y;
}

export interface LeastSquaresResult {
  readonly residuals: number[];
  readonly solution: number[];
  readonly exact: number[];
  readonly maxError: number;
}

export function main(log: (line: string) => void = console.log, opts = { m: 50, n: 4, steps: 500 }): LeastSquaresResult {
  const program = parseProgram(PROGRAM, { file: 'least-squares.mdf' });
  log(`gradient: ${print(gradientOf(program, 'x'), 'unicode')}`);
  const evaluator = compile(program, { wrt: 'x' });

  const rng = makeRng(7);
  const { m, n } = opts;
  const A = Array.from({ length: m }, () => Array.from({ length: n }, () => rng.normal()));
  const b = Array.from({ length: m }, () => rng.normal());

  // The step 1/(2·‖A‖²_F) is below 1/L for L = 2·λmax(AᵀA), so the descent converges.
  const frob2 = A.flat().reduce((s, v) => s + v * v, 0);
  const rate = 1 / (2 * frob2);
  const x = new Array<number>(n).fill(0);
  const residuals: number[] = [];
  for (let step = 0; step <= opts.steps; step++) {
    const { value, gradients } = evaluator.run({ A, b, x });
    residuals.push(value!.data[0]);
    if (step % 100 === 0) log(`step ${String(step).padStart(4)}  ‖Ax − b‖² = ${value!.data[0].toFixed(6)}`);
    for (let j = 0; j < n; j++) x[j] -= rate * gradients.x.data[j];
  }

  // The normal equations AᵀA x = Aᵀ b, solved directly.
  const AtA = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => A.reduce((s, row) => s + row[i] * row[j], 0)));
  const Atb = Array.from({ length: n }, (_, i) => A.reduce((s, row, k) => s + row[i] * b[k], 0));
  const exact = solve(AtA, Atb);
  const maxError = Math.max(...x.map((v, i) => Math.abs(v - exact[i])));
  log(`descent   ${x.map((v) => v.toFixed(4)).join(' ')}`);
  log(`normal eq ${exact.map((v) => v.toFixed(4)).join(' ')}`);
  log(`max difference ${maxError.toExponential(2)}`);
  return { residuals, solution: x, exact, maxError };
}

if (require.main === module) main();
