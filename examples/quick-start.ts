// The Quick start of docs/api.md (test/api/readme.test.ts keeps the two identical; the docs test
// runs it and checks each `// =>` comment): parse, differentiate, print, check, compile.
import { check, compile, grad, parse, toTex, toUnicode } from '../src';

const program = parse(`
A : matrix(m, n)
x : vector(n)
b : vector(m)
J = norm2(A*x - b)^2
J
`);

const g = grad(program, 'x');
console.log(toUnicode(g)); // => 2Aᵀ(Ax − b)
console.log(toTex(g)); // => 2 A^{\top} \left(A x - b\right)
console.log(`${g}`); // => 2 * A' * (A*x - b)

const verdict = check(program, "A' * (A*x - b)", { wrt: 'x' });
console.log(verdict.equal, verdict.diagnosis?.summary); // => false off by a factor of 1/2: the claim is 1/2 times the gradient

const f = compile(program, { wrt: 'x' });
const { value, gradients } = f.run({ A: [[1, 2], [3, 4], [5, 6]], b: [0, 1, 0], x: [1, -1] });
console.log(value?.toNumber().toFixed(6), gradients.x.toArray()); // => 6.000000 [ -24, -32 ]
