// The README's library example (test/api keeps the two identical): parse, differentiate,
// print, check a hand derivation, compile and run, and report an error with a caret.
import { MatdiffError, checkGradient, compile, formatError, formatVerdict, gradientOf, parseProgram, print } from '../src';

const program = parseProgram(`
A : matrix(m, n)
x : vector(n)
b : vector(m)
J = -1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))
J
`);

// The gradient, simplified to textbook form, in every notation.
const g = gradientOf(program, 'x');
console.log(print(g, 'unicode')); // (1/m) Aᵀ(σ(Ax) − b)
console.log(print(g, 'text')); //    1/m * A' * (sigmoid(A*x) - b)
console.log(print(g, 'latex')); //   \frac{1}{m} A^{\top} \left(\sigma(A x) - b\right)

// Check a hand derivation: equal or not, and if not, what is wrong.
const verdict = checkGradient(program, 'x', "A' * (sigmoid(A*x) - b)");
console.log(verdict.equal, verdict.diagnosis?.summary); // false missing 1/m: the claim is m times the gradient
console.log(formatVerdict(verdict, 'unicode'));

// Compile the loss and its gradient into one fast function over plain arrays.
const f = compile(program, { wrt: 'x' });
const { value, gradients } = f.run({ A: [[1, 2], [3, 4], [5, 6]], b: [1, 0, 1], x: [0.1, -0.2] });
console.log(value!.data[0], Array.from(gradients.x.data));

// Errors are typed, located, and print with a caret.
const source = 'x : vector(n)\nx * x';
try {
  parseProgram(source);
} catch (err) {
  if (!(err instanceof MatdiffError)) throw err;
  console.log(err.kind, err.span?.start); // shape { offset: 14, line: 2, col: 1 }
  console.log(formatError(err, source, 'example.mdf'));
}
