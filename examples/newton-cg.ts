/**
 * Logistic regression fitted by Newton-CG (truncated Newton) with compiled Hessian-vector products.
 *
 * The Newton system H p = −∇J is solved by conjugate gradients, which needs only products H·v.
 * compile(program, { wrt: 'x', outputs: ['hvp'] }) compiles
 *
 *     H·v = (1/m) Aᵀ(Av ⊙ σ(Ax) ⊙ (1 − σ(Ax)))
 *
 * (derived as the gradient of ∇J(x)ᵀv, simplified and verified by matdiff) into a kernel that never
 * forms H: one product Av and one fused pass over A per call, n-vectors and m-vectors only. The
 * direction v is the input named hvpInput('x') = 'v@x'. Each CG solve stops at the relative
 * residual η = min(0.5, √‖∇J‖) (Nocedal and Wright's forcing sequence): superlinear convergence.
 *
 *   npx ts-node examples/newton-cg.ts
 */
import { build, compile, hessianVectorProduct, hvpInput } from '../src/internals';
const { variable } = build;
import { parseProgram, print } from '../src';
import { LOSS, syntheticData } from './newton-logistic';

export interface NewtonCGResult {
  /** Outer (Newton) iterations. */
  readonly iterations: number;
  /** CG iterations (= HVP evaluations) of each outer iteration. */
  readonly cgIterations: number[];
  readonly gradientNorms: number[];
  readonly losses: number[];
  readonly weights: number[];
  readonly data: { readonly A: Float64Array; readonly b: Float64Array; readonly m: number; readonly n: number };
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

export function main(log: (line: string) => void = console.log, opts = { m: 2000, n: 8, tolerance: 1e-8, maxIterations: 20 }): NewtonCGResult {
  const program = parseProgram(LOSS, { file: 'logistic.mdf' });
  const x0 = program.scope.declaration('x')!.node;
  log(`HVP: ${print(hessianVectorProduct(program.graph, program.result!, x0, variable(program.graph, 'v', x0.shape)), 'unicode')}`);
  const lossAndGradient = compile(program, { wrt: 'x' });
  const hvp = compile(program, { wrt: 'x', outputs: ['hvp'] });
  const V = hvpInput('x');

  const { m, n } = opts;
  const { A, b } = syntheticData(m, n);
  const x = new Float64Array(n); // x₀ = 0
  const gradientNorms: number[] = [];
  const losses: number[] = [];
  const cgIterations: number[] = [];
  const r = new Float64Array(n),
    d = new Float64Array(n),
    p = new Float64Array(n);
  let iterations = 0;
  for (;;) {
    const { value, gradients } = lossAndGradient.run({ A, b, x }, { dims: { m } });
    const g = gradients.x.data;
    const gnorm = Math.sqrt(dot(g, g));
    losses.push(value!.data[0]);
    gradientNorms.push(gnorm);
    log(
      `newton-cg ${String(iterations).padStart(2)}  loss ${value!.data[0].toFixed(12)}  |grad| ${gnorm.toExponential(2)}${iterations ? `  (${cgIterations[iterations - 1]} HVPs)` : ''}`,
    );
    if (gnorm < opts.tolerance || iterations >= opts.maxIterations) break;
    // CG on H p = −g from p = 0, to ‖r‖ ≤ η‖g‖
    const eta = Math.min(0.5, Math.sqrt(gnorm));
    p.fill(0);
    for (let j = 0; j < n; j++) ((r[j] = -g[j]), (d[j] = r[j]));
    let rr = dot(r, r);
    let k = 0;
    while (Math.sqrt(rr) > eta * gnorm && k < 10 * n) {
      const Hd = hvp.run({ A, b, x, [V]: d }, { dims: { m } }).hvps.x.data;
      const dHd = dot(d, Hd);
      if (!(dHd > 0)) break; // not positive definite along d: stop with what we have
      const alpha = rr / dHd;
      for (let j = 0; j < n; j++) ((p[j] += alpha * d[j]), (r[j] -= alpha * Hd[j]));
      const rrNext = dot(r, r);
      for (let j = 0; j < n; j++) d[j] = r[j] + (rrNext / rr) * d[j];
      rr = rrNext;
      k++;
    }
    cgIterations.push(k);
    for (let j = 0; j < n; j++) x[j] += p[j];
    iterations++;
  }
  log(`weights   ${Array.from(x, (v) => v.toFixed(3)).join(' ')}`);
  return { iterations, cgIterations, gradientNorms, losses, weights: Array.from(x), data: { A, b, m, n } };
}

if (require.main === module) main();
