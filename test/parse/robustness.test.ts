/**
 * Robustness: random and mutated input either parses or throws MatdiffError (never
 * anything else); deep nesting and long sums parse and elaborate without a stack overflow;
 * every valid program has exactly one parse.
 */
import fc from 'fast-check';
import { MatdiffError } from '../../src/core/errors';
import { parseProgram } from '../../src/parse';
import { countParses } from '../../src/parse/parser';
import { EXPRESSIONS, PROGRAMS } from './corpus';

const DECLS = 'A : matrix(m, n); B : matrix(n, n); S : symmetric(n); x : vector(n); y : vector(n); b : vector(m); lambda : scalar; t : scalar\n';

/** Parse, reporting how it ended; anything but success or a MatdiffError fails the property. */
function parsesOrMatdiffError(src: string): boolean {
  try {
    parseProgram(src);
    return true;
  } catch (e) {
    if (e instanceof MatdiffError) return true;
    throw new Error(`non-MatdiffError for ${JSON.stringify(src)}: ${(e as Error).stack}`, { cause: e });
  }
}

const NOTATION_PIECES = [
  'x',
  'y',
  'A',
  'B',
  'S',
  'b',
  't',
  'm',
  'n',
  'lambda',
  'constructor',
  '__proto__',
  '0',
  '1',
  '2',
  '0.5',
  '1e-3',
  '1e999',
  '3.',
  '.',
  'e',
  '+',
  '-',
  '*',
  '/',
  '.*',
  './',
  '^',
  '.^',
  "'",
  '(',
  ')',
  ',',
  ':',
  '=',
  ';',
  '\n',
  ' ',
  '#',
  'ᵀ',
  '⊙',
  'σ',
  '−',
  '·',
  'λ',
  '\t',
  '\r',
  '$',
  '"',
  'exp',
  'log',
  'tr',
  'det',
  'inv',
  'diag',
  'dot',
  'ones',
  'zeros',
  'eye',
  'sum',
  'softmax',
  'frob',
  'matrix',
  'vector',
  'scalar',
  'symmetric',
];

describe('fuzz', () => {
  it('5,000 random strings: each parses or throws MatdiffError', () => {
    const piece = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...NOTATION_PIECES) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 2 }) },
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.boolean(), (pieces, withDecls) => parsesOrMatdiffError((withDecls ? DECLS : '') + pieces.join(''))),
      { numRuns: 5000, seed: 20240601 },
    );
  });

  it('5,000 random mutations of valid programs: each parses or throws MatdiffError', () => {
    // Mostly the expression is mutated (so shape and name errors come up), sometimes the whole program.
    const programs = [...EXPRESSIONS, ...PROGRAMS];
    const mutation = fc.record({
      program: fc.nat({ max: programs.length - 1 }),
      whole: fc.boolean(),
      edits: fc.array(
        fc.record({
          kind: fc.constantFrom('delete', 'insert', 'duplicate', 'swap'),
          at: fc.nat(),
          len: fc.integer({ min: 1, max: 6 }),
          text: fc.constantFrom(...NOTATION_PIECES),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    });
    fc.assert(
      fc.property(mutation, ({ program, whole, edits }) => {
        const isExpression = program < EXPRESSIONS.length;
        let src = isExpression && whole ? DECLS + programs[program] : programs[program];
        for (const e of edits) {
          const i = e.at % (src.length + 1);
          if (e.kind === 'delete') src = src.slice(0, i) + src.slice(i + e.len);
          else if (e.kind === 'insert') src = src.slice(0, i) + e.text + src.slice(i);
          else if (e.kind === 'duplicate') src = src.slice(0, i + e.len) + src.slice(i, i + e.len) + src.slice(i + e.len);
          else src = src.slice(0, i) + src.slice(i + e.len, i + 2 * e.len) + src.slice(i, i + e.len) + src.slice(i + 2 * e.len);
        }
        return parsesOrMatdiffError(isExpression && !whole ? DECLS + src : src);
      }),
      { numRuns: 5000, seed: 7 },
    );
  });
});

describe('deep and long input', () => {
  const D = 5000;

  it('5,000 levels of nested parentheses', () => {
    const p = parseProgram('x : vector(n)\n' + '('.repeat(D) + 'x' + ')'.repeat(D));
    expect(p.result).toBe(p.scope.declaration('x')!.node);
  });

  it('5,000 nested calls, negations and transposes build 5,000-deep graphs', () => {
    const calls = parseProgram('x : vector(n)\n(' + 'exp('.repeat(D) + 'x' + ')'.repeat(D) + ")'");
    expect(calls.result!.depth).toBe(D + 2);
    expect(calls.result!.shape).toEqual({ rows: 1, cols: 'n' });
    expect(parseProgram('x : vector(n)\n' + '-('.repeat(D) + 'x' + ')'.repeat(D)).result!.op).toBe('var'); // even count cancels
    expect(parseProgram('x : vector(n)\nx' + "'".repeat(D + 1)).result!.op).toBe('transpose');
    expect(parseProgram('t : scalar\n' + 'log('.repeat(D) + 't' + ' + 1)'.repeat(D)).result!.depth).toBeGreaterThan(D);
  });

  it('a 20,000-term sum', () => {
    const n = 20000;
    const terms = Array.from({ length: n }, (_, i) => `${i + 1}*t^${i + 1}`);
    const p = parseProgram('t : scalar\n' + terms.join(' + '));
    expect(p.result!.op).toBe('add');
    expect(p.result!.args.length).toBe(n);
  });

  it('a 20,000-term sum with subtraction and a shape error at the last term', () => {
    const terms = Array.from({ length: 20000 }, (_, i) => `${i}*x`);
    const src = 'x : vector(n)\nb : vector(m)\n' + terms.join(' - ') + ' + b';
    try {
      parseProgram(src);
      throw new Error('expected a shape error');
    } catch (e) {
      expect(e).toBeInstanceOf(MatdiffError);
      expect((e as MatdiffError).message).toBe('cannot add vector(n) and vector(m)');
      expect((e as MatdiffError).span!.end.offset).toBe(src.length);
    }
  });
});

describe('constant folding stays small', () => {
  it('folds 2^10 but keeps 2^2^22 symbolic instead of computing 4 million bits', () => {
    expect(parseProgram('2^10').result!.value!.valueOf()).toBe(1024);
    const huge = parseProgram('x : vector(n)\nx .^ 2^2^22');
    expect(huge.result!.op).toBe('epow');
    expect(huge.result!.args[1].op).toBe('pow');
  });
});

describe('ambiguity', () => {
  it.each(PROGRAMS.map((p, i) => [i, p]))('program %i has exactly one parse', (_i, program) => {
    expect(countParses(program)).toBe(1);
    expect(() => parseProgram(program)).not.toThrow();
  });

  it.each(EXPRESSIONS)('%s has exactly one parse', (e) => {
    expect(countParses(DECLS + e)).toBe(1);
  });
});
