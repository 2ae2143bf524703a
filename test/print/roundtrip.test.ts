/**
 * Round trips through the parser: for random well-typed expressions over the whole notation,
 * parsing the text form (and the re-parseable Unicode form) gives back the very same node.
 */
import fc from 'fast-check';
import { Node } from '../../src/core/graph';
import { parseExpression, parseProgram } from '../../src/parse';
import { printText, printUnicode } from '../../src/print';
import { DECLARATIONS, makeContext } from '../support/arbitrary';
import { anyExpr, scalarExpr } from '../support/arbitrary';

const program = parseProgram(DECLARATIONS);
const ctx = makeContext(program.graph);
const reparse = (source: string): Node => parseExpression(source, program.scope, program.graph);

test('the arbitrary declares the same variable nodes as parsing DECLARATIONS', () => {
  for (const [name, node] of Object.entries(ctx.vars)) expect(program.scope.declaration(name)?.node).toBe(node);
});

describe.each([
  ['any expression', anyExpr(ctx, { maxDepth: 4 })],
  ['safe-domain expression', anyExpr(ctx, { maxDepth: 4, safe: true })],
  ['scalar expression', scalarExpr(ctx, { maxDepth: 4 })],
])('%s', (_what, arb) => {
  test('parse(printText(e)) is e', () => {
    fc.assert(
      fc.property(arb, (e) => {
        const text = printText(e);
        const back = reparse(text);
        if (back !== e) throw new Error(`${text} parsed back as ${printText(back)}`);
      }),
      { numRuns: 400 },
    );
  });

  test('the Unicode aliases (·, ⊙, −, ᵀ, σ) parse back to e too', () => {
    fc.assert(
      fc.property(arb, (e) => {
        const text = printUnicode(e, { parseable: true });
        const back = reparse(text);
        if (back !== e) throw new Error(`${text} parsed back as ${printText(back)}, not ${printText(e)}`);
      }),
      { numRuns: 200 },
    );
  });
});
