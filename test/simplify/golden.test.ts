/**
 * The one golden test of the simplifier: the documented textbook forms of issue 3's table.
 * Everything else about simplification is checked numerically (numeric.test.ts).
 */
import { grad } from '../../src/ad';
import { parseProgram } from '../../src/parse';
import { printLatex, printText, printUnicode } from '../../src/print';
import { simplify } from '../../src/simplify';
import { TABLE } from './textbook-table';

function textbookGradient(decls: string, f: string, wrt: string) {
  const p = parseProgram(`${decls}\n${f}`);
  const x = p.scope.declarations.get(wrt)!.node;
  return simplify(p.graph, grad(p.graph, p.result!, x));
}

describe('textbook gradients', () => {
  test.each(TABLE.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    expect(printText(textbookGradient(row.decls, row.f, row.wrt))).toBe(row.textbook);
  });

  test('the seed prints as the textbook in all three notations', () => {
    const row = TABLE[0];
    const g = textbookGradient(row.decls, row.f, row.wrt);
    expect(printText(g)).toBe("1/m * A' * (sigmoid(A*x) - b)");
    expect(printUnicode(g)).toBe('(1/m) Aᵀ(σ(Ax) − b)');
    expect(printLatex(g)).toBe('\\frac{1}{m} A^{\\top} \\left(\\sigma(A x) - b\\right)');
  });
});
