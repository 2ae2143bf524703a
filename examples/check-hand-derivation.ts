/**
 * Checking hand derivations of the seed's logistic-loss gradient. The right answer is
 * (1/m) Aᵀ(σ(Ax) − b); each wrong attempt below has a classic slip, and matdiff names it:
 * a forgotten 1/m, a flipped sign, a dropped term, a claim of the wrong shape.
 *
 *   npx ts-node examples/check-hand-derivation.ts
 */
import { MatdiffError, checkGradient, formatError, formatVerdict, parseProgram } from '../src';

const LOSS = `
A : matrix(m, n)
x : vector(n)
b : vector(m)
-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))
`;

export const ATTEMPTS: ReadonlyArray<readonly [string, string]> = [
  ['the textbook answer', "1/m * A' * (sigmoid(A*x) - b)"],
  ['a step of the derivation', "-1/m * A' * (b - sigmoid(A*x))"],
  ['forgot the 1/m', "A' * (sigmoid(A*x) - b)"],
  ['flipped the sign', "1/m * A' * (b - sigmoid(A*x))"],
  ['dropped the b term', "1/m * A' * sigmoid(A*x)"],
  ['forgot a transpose', "1/m * (sigmoid(A*x) - b)' * A"],
];

export function main(log: (line: string) => void = console.log): string[] {
  const outputs: string[] = [];
  for (const [what, claim] of ATTEMPTS) {
    const program = parseProgram(LOSS, { file: 'loss.mdf' });
    let text: string;
    try {
      text = formatVerdict(checkGradient(program, 'x', claim), 'unicode');
    } catch (err) {
      if (!(err instanceof MatdiffError)) throw err;
      text = formatError(err, claim, 'claim');
    }
    outputs.push(text);
    log(`── ${what}: ${claim}\n${text}\n`);
  }
  return outputs;
}

if (require.main === module) main();
