/**
 * Display rules as properties over random expressions (no output strings pinned here: the
 * golden test pins the documented forms; the round-trip test proves the text form exact).
 */
import fc from 'fast-check';
import * as b from '../../src/core/build';
import { printLatex, printText, printUnicode } from '../../src/print';
import { anyExpr, makeContext } from '../support/arbitrary';

const ctx = makeContext();
const { graph: g } = ctx;
const { s, u, v, A } = ctx.vars;

test('text: subtraction, negation and division instead of -1 factors and negative powers', () => {
  fc.assert(
    fc.property(anyExpr(ctx, { maxDepth: 4 }), (e) => {
      const text = printText(e);
      expect(text).not.toMatch(/-1 \*|\+ -|- -|\* ?\(-1\)|\^\(-[0-9/]+\)/);
    }),
    { numRuns: 300 },
  );
});

test('unicode and LaTeX use their own symbols throughout', () => {
  fc.assert(
    fc.property(anyExpr(ctx, { maxDepth: 4 }), (e) => {
      expect(printUnicode(e)).not.toMatch(/['*]|sigmoid|\.\*|\.\/| - |inv\(|norm2\(/);
      expect(printLatex(e)).not.toMatch(/['*]|sigmoid/);
    }),
    { numRuns: 300 },
  );
});

test("a sum whose terms are all transposed is shown as (sum)'", () => {
  const e = b.transpose(g, b.sub(g, b.num(g, 1), b.mul(g, [s, u])));
  expect(e.op).toBe('add'); // the canonical form pushed the transpose to the leaf
  expect(printText(e)).toMatch(/^\(.*\)'$/);
  expect(printUnicode(e)).toMatch(/^\(.*\)ᵀ$/);
  expect(printLatex(e)).toMatch(/^\\left\(.*\\right\)\^\{\\top\}$/);
});

test('elementwise and scalar division read as ./ and /', () => {
  expect(printText(b.ediv(g, u, v))).toMatch(/^u \.\/ v$/);
  expect(printText(b.div(g, A, s))).not.toContain('^');
  expect(printText(b.pow(g, s, b.div(g, b.num(g, 1), b.num(g, 2))))).toContain('^(1/2)');
});
