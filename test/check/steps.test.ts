/**
 * check --steps as a library: real hand derivations hold, and a slip planted at any line is
 * reported at exactly that line with the right diagnosis.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MatdiffError } from '../../src/core/errors';
import { checkStepsText, formatStepsReport, StepsReport } from '../../src/check/steps';

const read = (name: string) => fs.readFileSync(path.join(__dirname, '../../examples', name), 'utf8');
const SEED = read('seed-derivation.matdiff');

/** The source with 1-based line `line` replaced by `text`. */
function withLine(source: string, line: number, text: string): string {
  const lines = source.split('\n');
  expect(lines[line - 1]).toBeDefined();
  lines[line - 1] = text;
  return lines.join('\n');
}

const lineOf = (source: string, prefix: string) => source.split('\n').findIndex((l) => l.startsWith(prefix)) + 1;

function failingLine(r: StepsReport): number | undefined {
  return r.failure?.span.start.line;
}

describe('check --steps (library)', () => {
  it.each(['seed-derivation.matdiff', 'least-squares-derivation.matdiff', 'logdet-derivation.matdiff'])('%s holds at every step', (file) => {
    const source = read(file);
    const r = checkStepsText(source, { file, wrt: file.startsWith('least') ? 'x' : undefined });
    expect(r.failure).toBeUndefined();
    expect(formatStepsReport(r, source, file)).toMatch(/^every step holds: lines \d+–\d+/);
  });

  const last = lineOf(SEED, '1/m * A');
  const collected = lineOf(SEED, "-1/m * A' * (b - sigmoid(A*x))");
  const expanded = lineOf(SEED, "-1/m * A' * (b - sigmoid(A*x) .* b");
  const cancelled = lineOf(SEED, "-1/m * (A' * ((1 - sigmoid");
  const slips: Array<[string, number, string, (r: StepsReport) => void]> = [
    [
      'a dropped -1/m',
      collected,
      "A' * (b - sigmoid(A*x))",
      (r) => {
        const p = r.failure!.problem;
        expect(p.kind === 'different' && p.verdict.diagnosis?.kind).toBe('factor');
        expect(p.kind === 'different' && p.verdict.diagnosis?.summary).toMatch(/missing 1\/m/);
      },
    ],
    [
      'a flipped sign',
      last,
      "1/m * A' * (b - sigmoid(A*x))",
      (r) => {
        const p = r.failure!.problem;
        expect(p.kind === 'different' && p.verdict.diagnosis?.summary).toMatch(/^sign flipped/);
      },
    ],
    [
      'a lost term',
      expanded,
      "-1/m * A' * (b - sigmoid(A*x) .* b + sigmoid(A*x) .* b)",
      (r) => {
        const p = r.failure!.problem;
        expect(p.kind === 'different' && p.verdict.diagnosis?.kind).toBe('missing-term');
      },
    ],
    [
      'a missing transpose inside a line',
      cancelled,
      "-1/m * (A * ((1 - sigmoid(A*x)) .* b) - A' * (sigmoid(A*x) .* (1 - b)))",
      (r) => {
        expect(r.failure!.problem.kind).toBe('ill-formed');
        expect(r.failure!.span.start.col).toBe(9);
      },
    ],
    [
      'a transposed line',
      last,
      "1/m * (sigmoid(A*x) - b)' * A",
      (r) => {
        const p = r.failure!.problem;
        expect(p.kind === 'shape' && p.transposed).toBe(true);
      },
    ],
  ];
  it.each(slips)('%s is reported at its line', (_label, line, text, expectation) => {
    const source = withLine(SEED, line, text);
    const r = checkStepsText(source, { file: 'slip.matdiff' });
    expect(failingLine(r)).toBe(line);
    expectation(r);
    const shown = formatStepsReport(r, source, 'slip.matdiff');
    expect(shown.split('\n')[0]).toMatch(new RegExp(`^slip\\.matdiff:${line}:\\d+: line ${line} does not follow from line ${line - 1}`));
    expect(shown).toContain('^');
  });

  it('a first line that is not the gradient is reported against the gradient', () => {
    const first = lineOf(SEED, 'grad(J, x)');
    const r = checkStepsText(withLine(SEED, first, "1/m * A' * (sigmoid(A*x) + b)"), { wrt: 'x' });
    expect(failingLine(r)).toBe(first);
    expect(r.failure!.against).toBe('the gradient');
  });

  it('a restated function is held against the function, then the gradient', () => {
    const source = read('least-squares-derivation.matdiff');
    const restated = lineOf(source, "(A*x - b)'");
    const r = checkStepsText(withLine(source, restated, "(A*x + b)' * (A*x - b)"), { wrt: 'x' });
    expect(r.startsWithFunction).toBe(true);
    expect(failingLine(r)).toBe(restated);
    expect(r.failure!.against).toBe('the function');
  });

  it('says what is missing: no function, no derivation, no variable', () => {
    const usage = (source: string, opts = {}) => {
      try {
        checkStepsText(source, opts);
      } catch (e) {
        expect(e).toBeInstanceOf(MatdiffError);
        return (e as MatdiffError).message;
      }
      throw new Error('expected an error');
    };
    expect(usage("x : vector(n)\nx' * x")).toMatch(/no function to start from/);
    expect(usage("x : vector(n)\nf = x' * x")).toMatch(/no derivation follows/);
    expect(usage("x : vector(n)\nf = x' * x\n2 * x")).toMatch(/say which variable/);
    expect(usage("x : vector(n)\nf = x' * x\n2 * x", { wrt: 'y' })).toMatch(/y is not a declared variable/);
  });
});
