import { MatdiffError } from '../../src/core/errors';
import { EXIT_BAD_INPUT, EXIT_INTERNAL, LocatedFailure, report, within } from '../../src/cli/failure';

describe('errors to exit codes', () => {
  test('a MatdiffError is bad input, formatted against its source', () => {
    const source = { text: 'x : vector(n)\nx * x', file: 'f.matdiff' };
    const span = { start: { offset: 14, line: 2, col: 1 }, end: { offset: 19, line: 2, col: 6 } };
    let caught: unknown;
    try {
      within(source, () => {
        throw new MatdiffError('shape', 'cannot multiply', span, 'transpose one side');
      });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(LocatedFailure);
    expect(report(caught)).toEqual({ text: 'f.matdiff:2:1: cannot multiply\nx * x\n^~~~~\nhint: transpose one side', code: EXIT_BAD_INPUT });
  });

  test('a MatdiffError without a source names matdiff', () => {
    expect(report(new MatdiffError('usage', 'no program given'))).toEqual({ text: 'matdiff: no program given', code: EXIT_BAD_INPUT });
  });

  test('anything else is an internal error with its message and no stack trace, exit 3', () => {
    const r = report(new TypeError('boom'));
    expect(r.code).toBe(EXIT_INTERNAL);
    expect(r.text).toMatch(/^matdiff: internal error/);
    // No stack trace for people; MATDIFF_DEBUG=1 asks for one.
    expect(r.text).toMatch(/\nTypeError: boom$/);
    process.env.MATDIFF_DEBUG = '1';
    try {
      expect(report(new TypeError('boom')).text).toMatch(/TypeError: boom\n\s+at /);
    } finally {
      delete process.env.MATDIFF_DEBUG;
    }
  });

  test('within passes other errors through untouched', () => {
    const e = new Error('bug');
    expect(() =>
      within({ text: '', file: 'x' }, () => {
        throw e;
      }),
    ).toThrow(e);
  });
});
