/**
 * What self-verification costs: grad + simplify against the verification of the result, side
 * by side, median of many runs each (npx ts-node --transpile-only bench/verify.ts).
 * Target (issue 8): verification under 20% of grad + simplify.
 */
import { grad, hessian } from '../src/ad';
import { verifySimplification } from '../src/derive';
import { parseProgram } from '../src/parse';
import { simplifyTraced } from '../src/simplify';

const CASES: Array<{ name: string; src: string; wrt: string; kind: 'grad' | 'hessian' }> = [
  {
    name: 'seed gradient',
    kind: 'grad',
    wrt: 'x',
    src: "A : matrix(m, n); x : vector(n); b : vector(m)\n-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))",
  },
  {
    name: 'seed Hessian',
    kind: 'hessian',
    wrt: 'x',
    src: "A : matrix(m, n); x : vector(n); b : vector(m)\n-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))",
  },
  { name: 'robust regression Hessian', kind: 'hessian', wrt: 'x', src: 'A : matrix(m, n); x : vector(n); b : vector(m)\nsum(log(1 + (A*x - b).^2))' },
  {
    name: 'softmax regression gradient',
    kind: 'grad',
    wrt: 'V',
    src: "V : matrix(k, n); z : vector(n); t : vector(k)\n-t' * log(softmax(V*z)) + norm2(V*z)^2 + logdet(eye(k) + V*V')",
  },
  {
    name: 'log-det barrier Hessian',
    kind: 'hessian',
    wrt: 'x',
    src: "A : matrix(m, n); B : matrix(n, n); x : vector(n); b : vector(m)\nsum(log(b - A*x)) + logdet(B*B' + eye(n) + diag(exp(x))) + x' * inv(B*B' + eye(n)) * x",
  },
  {
    name: 'two-layer network Hessian wrt x',
    kind: 'hessian',
    wrt: 'x',
    src: "W : matrix(h, n); V : matrix(k, h); x : vector(n); y : vector(k)\nlogsumexp(V * tanh(W*x)) - y' * V * tanh(W*x) + sum(softplus(W * x)) + norm2(V*sigmoid(W*x) - y)^2",
  },
  {
    name: 'three-layer network Hessian wrt x',
    kind: 'hessian',
    wrt: 'x',
    src: "W : matrix(h, n); V : matrix(k, h); U : matrix(k, k); x : vector(n); y : vector(k)\nlogsumexp(U * tanh(V * tanh(W*x))) - y' * U * tanh(V * tanh(W*x))",
  },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(f: () => void, runs: number): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return median(t);
}

console.log('case | result nodes | grad+simplify ms | verify ms | verify / (grad+simplify)');
for (const c of CASES) {
  const runs = 201;
  const p = parseProgram(c.src);
  const x = p.scope.declaration(c.wrt)!.node;
  // Each grad + simplify in a fresh graph (hash-consing would make repeats free), parse excluded.
  const fresh = () => {
    const q = parseProgram(c.src);
    return { q, x: q.scope.declaration(c.wrt)!.node };
  };
  const derive = (q: typeof p, v: typeof x) => simplifyTraced(q.graph, (c.kind === 'grad' ? grad : hessian)(q.graph, q.result!, v));
  const inputs = Array.from({ length: runs + 50 }, fresh);
  let k = 0;
  for (; k < 50; k++) derive(inputs[k].q, inputs[k].x); // warm up
  const tDerive = time(() => void (derive(inputs[k].q, inputs[k].x), k++), runs);
  const raw = (c.kind === 'grad' ? grad : hessian)(p.graph, p.result!, x);
  const s = simplifyTraced(p.graph, raw);
  const verify = () => verifySimplification(p.graph, [p.result!], raw, s.node, s.steps);
  for (let i = 0; i < 50; i++) verify();
  const tVerify = time(verify, runs);
  console.log(`${c.name} | ${s.node.size} | ${tDerive.toFixed(3)} | ${tVerify.toFixed(3)} | ${((100 * tVerify) / tDerive).toFixed(0)}%`);
}
