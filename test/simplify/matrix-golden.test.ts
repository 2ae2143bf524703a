/**
 * Issue 9's matrix-algebra table: the rows whose textbook form matdiff reaches are pinned;
 * every row's result is checked against finite differences (through the self-verifying derive,
 * whose raw derivative the fuzz wall checks against finite differences).
 */
import { derive } from '../../src/derive';
import { parseProgram } from '../../src/parse';
import { printUnicode } from '../../src/print';
import { checkGradient, compareTensors, fdJacobian } from '../support/finite-diff';
import { makeRng, randomEnv } from '../support/random';
import { evaluate } from '../../src/eval/reference';
import { grad } from '../../src/ad';
import { MATRIX_TABLE } from './matrix-table';

test('the table has unique names and at least 100 rows', () => {
  const names = MATRIX_TABLE.map((r) => r.name);
  expect(new Set(names).size).toBe(names.length);
  expect(names.length).toBeGreaterThanOrEqual(100);
});

describe('matrix table: textbook forms', () => {
  test.each(MATRIX_TABLE.filter((r) => r.reached).map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const p = parseProgram(row.program);
    const d = derive(p.graph, row.kind, p.result!, p.scope.declaration(row.wrt)!.node);
    expect(printUnicode(d.node)).toBe(row.textbook);
  });
});

describe('matrix table: every row agrees with finite differences', () => {
  test.each(MATRIX_TABLE.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const p = parseProgram(row.program);
    const x = p.scope.declaration(row.wrt)!.node;
    const d = derive(p.graph, row.kind, p.result!, x);
    const rng = makeRng(9);
    // m > n: the Gram matrices AᵀA of the table are then invertible (for m < n they are singular).
    const sizes = new Map([
      ['m', 6],
      ['n', 3],
      ['k', 4],
    ]);
    for (let k = 0; k < 3; k++) {
      const env = randomEnv(p.graph, [p.result!, d.node], rng, { sizes });
      if (row.kind === 'grad') expect(checkGradient(p.result!, x, d.node, env, rng).failures).toEqual([]);
      else {
        // A Hessian is the Jacobian of the gradient; a Jacobian row differentiates the result itself.
        const f = row.kind === 'hessian' ? grad(p.graph, p.result!, x) : p.result!;
        expect(compareTensors(evaluate(d.node, env), fdJacobian(f, x, env), { rtol: 1e-6, atol: 1e-7 })).toEqual([]);
      }
    }
  });
});
