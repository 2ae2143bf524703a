/**
 * Checking a hand derivation line by line: a program (declarations, the function's definition)
 * followed by a person's derivation, one expression per line, where `grad(f, x)` and
 * `jacobian(f, x)` may appear inside lines. The first line must be the gradient (or the
 * function itself, when the line after it is the gradient), and each line must equal the one
 * before, symbolically or on random instances (`check`). The report names the first step that
 * does not hold, with `check`'s diagnosis and counterexample. See docs/check.md.
 */
import { requireOptions, requireProgram, requireString } from '../core/args';
import { sameShape, transposed } from '../core/dims';
import { MatdiffError, ShapeError, Span } from '../core/errors';
import { Graph, Node } from '../core/graph';
import { formatError } from '../core/report';
import { grad } from '../ad';
import { derive } from '../derive';
import { calculusExtensions } from '../derive/extensions';
import { Program, parseProgram } from '../parse';
import { print } from '../print';
import { CheckOptions, check, shapeText } from './index';
import { formatVerdict } from './format';
import { Verdict } from './verdict';

/** One line of the derivation, where it was written. */
export interface DerivationLine {
  readonly span: Span;
  readonly node: Node;
}

/** What a line was held against. */
export type Against = 'the function' | 'the gradient' | 'the line before';

/**
 * Why a step does not hold: different values (with check's verdict), a different shape, or a
 * line whose own shapes do not agree (a transpose missing inside it, say: `error` says where).
 */
export type StepProblem =
  | { readonly kind: 'different'; readonly verdict: Verdict }
  | { readonly kind: 'shape'; readonly message: string; readonly transposed: boolean }
  | { readonly kind: 'ill-formed'; readonly error: ShapeError };

export interface StepFailure {
  /** Index of the line that does not follow: into `lines`, or `lines.length` for an ill-formed line (not in `lines`). */
  readonly index: number;
  /** Where that line is. */
  readonly span: Span;
  readonly against: Against;
  readonly problem: StepProblem;
}

export interface StepsReport {
  /** The function differentiated (its definition's name, when it has one) and the variable. */
  readonly f: Node;
  readonly name: string;
  readonly x: Node;
  /** The gradient in textbook form (derive's), for showing what is right. */
  readonly gradient: Node;
  readonly lines: readonly DerivationLine[];
  /** The first line starts from the function (and the second is the gradient). */
  readonly startsWithFunction: boolean;
  /** The first step that does not hold; none when the whole derivation holds. */
  readonly failure?: StepFailure;
}

export interface StepsOptions extends CheckOptions {
  /** The variable (default: the x of a `grad(f, x)` on the first line). */
  readonly wrt?: string;
  /** The definition to differentiate (default: the last one before the derivation). */
  readonly of?: string;
}

/** The function: the named definition, or the last one before the first derivation line. */
function functionOf(program: Program, of: string | undefined): { name: string; node: Node; after: number } {
  const defs = program.statements.map((s, i) => ({ s, i })).filter(({ s }) => s.kind === 'definition');
  const pick = of === undefined ? defs[defs.length - 1] : defs.find(({ s }) => s.kind === 'definition' && s.name === of);
  if (!pick || pick.s.kind !== 'definition') {
    const names = defs.map(({ s }) => (s.kind === 'definition' ? s.name : '')).join(', ');
    throw new MatdiffError(
      'usage',
      of === undefined ? 'the derivation has no function to start from' : `there is no definition named ${of}`,
      undefined,
      of === undefined ? 'define the function before the derivation, e.g. J = norm2(A*x - b)^2' : names ? `definitions: ${names}` : 'define it first',
    );
  }
  return { name: pick.s.name, node: pick.s.node, after: pick.i };
}

/** The variable: as given, or the x of the first `grad(…, x)` or `jacobian(…, x)` the derivation writes. */
function variableOf(program: Program, wrt: string | undefined, derivation: string): Node {
  const named = wrt ?? /\b(?:grad|jacobian)\s*\((?:[^()]|\([^()]*\))*?,\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)/.exec(derivation)?.[1];
  const decl = named === undefined ? undefined : program.scope.declaration(named);
  if (!decl) {
    const names = [...program.scope.declarations.keys()];
    throw new MatdiffError(
      'usage',
      named === undefined ? 'say which variable the derivation differentiates with respect to' : `${named} is not a declared variable`,
      undefined,
      `pass --wrt with one of: ${names.join(', ')}`,
    );
  }
  return decl.node;
}

/** Is `claim` equal to `truth`? A different shape is a problem of its own, not a user error. */
function compare(g: Graph, truth: Node, claim: Node, f: Node, label: string, opts: CheckOptions): StepProblem | undefined {
  if (!sameShape(truth.shape, claim.shape)) {
    const flipped = sameShape(claim.shape, transposed(truth.shape));
    return {
      kind: 'shape',
      transposed: flipped,
      message: `this line is ${shapeText(claim.shape)} but ${label} is ${shapeText(truth.shape)}${flipped ? ': it is transposed' : ''}`,
    };
  }
  const verdict = check(g, truth, claim, { ...opts, truthLabel: label, domain: [f, ...(opts.domain ?? [])] });
  return verdict.equal ? undefined : { kind: 'different', verdict };
}

/** Check a derivation in a parsed program (parsed with the calculus extensions). */
export function checkSteps(program: Program, opts: StepsOptions = {}): StepsReport {
  requireProgram(program, 'checkSteps: the program');
  requireOptions(opts, 'checkSteps: the options');
  const { name, node: f, after } = functionOf(program, opts.of);
  const lines: DerivationLine[] = program.statements.slice(after + 1).flatMap((s) => (s.kind === 'expression' ? [{ span: s.span, node: s.node }] : []));
  if (lines.length === 0)
    throw new MatdiffError(
      'usage',
      `no derivation follows the definition of ${name}`,
      undefined,
      `write the derivation after it, one expression per line, starting with grad(${name}, x)`,
    );
  const derivation = program.source.slice(lines[0].span.start.offset, lines[lines.length - 1].span.end.offset);
  const x = variableOf(program, opts.wrt, derivation);
  const g = program.graph;
  const truth = grad(g, f, x); // raw: the simplifier is what is trusted least
  const gradient = derive(g, 'grad', f, x).node;
  // A first line of the function's shape that is not the gradient's starts from the function.
  const startsWithFunction = lines.length > 1 && sameShape(lines[0].node.shape, f.shape) && !sameShape(f.shape, truth.shape);
  const base = { f, name, x, gradient, lines, startsWithFunction };
  for (let i = 0; i < lines.length; i++) {
    const against: Against =
      i === 0 ? (startsWithFunction ? 'the function' : 'the gradient') : i === 1 && startsWithFunction ? 'the gradient' : 'the line before';
    const reference = against === 'the function' ? f : against === 'the gradient' ? truth : lines[i - 1].node;
    const label = against === 'the line before' ? `line ${lines[i - 1].span.start.line}` : against === 'the function' ? `the function ${name}` : 'the gradient';
    const problem = compare(g, reference, lines[i].node, f, label, opts);
    if (problem) return { ...base, failure: { index: i, span: lines[i].span, against, problem } };
  }
  return base;
}

/** The offset where the line of `pos` starts. */
const lineStart = (source: string, line: number): number => {
  let at = 0;
  for (let l = 1; l < line; l++) at = source.indexOf('\n', at) + 1;
  return at;
};

/**
 * Parse `source` (a program and its derivation, with grad/jacobian available) and check it. A
 * derivation line whose shapes do not agree is a false step (the derivation went wrong there),
 * not bad input, once every line before it holds; anywhere else it is an error as usual.
 */
export function checkStepsText(source: string, opts: StepsOptions & { readonly file?: string } = {}): StepsReport {
  requireString(source, 'checkStepsText: the source', 'pass the program and its derivation as text');
  const parse = (text: string) => parseProgram(text, { file: opts.file, extensions: calculusExtensions() });
  try {
    return checkSteps(parse(source), opts);
  } catch (e) {
    if (!(e instanceof ShapeError) || !e.span) throw e;
    const before = parse(source.slice(0, lineStart(source, e.span.start.line)));
    const defined = before.statements.some((s) => s.kind === 'definition');
    const derivation = defined && before.statements.length > 0 && before.statements[before.statements.length - 1].kind !== 'declaration';
    if (!derivation) throw e;
    const report = checkSteps(before, opts);
    if (report.failure) return report;
    return { ...report, failure: { index: report.lines.length, span: e.span, against: 'the line before', problem: { kind: 'ill-formed', error: e } } };
  }
}

/** Why a step does not hold, in a few words: the diagnosis, 'transposed', or the line's own shape error. */
export function describeProblem(problem: StepProblem): string {
  if (problem.kind === 'ill-formed') return problem.error.message;
  if (problem.kind === 'shape') return problem.transposed ? 'transposed' : 'wrong shape';
  return problem.verdict.diagnosis?.summary ?? 'the values differ';
}

/** Where the failing line is, for the caret: a MatdiffError only in form (formatError lays it out). */
function located(r: StepsReport, failure: StepFailure): MatdiffError {
  const at = failure.span.start.line;
  const { problem } = failure;
  const what = describeProblem(problem);
  const step =
    failure.against === 'the line before'
      ? `line ${at} does not follow from line ${r.lines[failure.index - 1].span.start.line}`
      : `line ${at} is not ${failure.against}`;
  return new MatdiffError('usage', `${step}: ${what}`, failure.span, problem.kind === 'ill-formed' ? problem.error.hint : undefined);
}

export type StepsFormat = 'text' | 'unicode';

/** The report for people: every step holds, or the first false one with a caret, a diagnosis and a counterexample. */
export function formatStepsReport(r: StepsReport, source: string, file = '<input>', format: StepsFormat = 'unicode'): string {
  const first = r.lines[0].span.start.line;
  const last = r.lines[r.lines.length - 1].span.start.line;
  if (!r.failure)
    return [
      `every step holds: lines ${first}–${last} (${r.lines.length} lines), from ${r.startsWithFunction ? `the function ${r.name}` : `the gradient of ${r.name}`} wrt ${r.x.name}`,
      `the gradient is ${print(r.gradient, format)}`,
    ].join('\n');
  const { problem, index } = r.failure;
  const out = [formatError(located(r, r.failure), source, file)];
  if (index > 0) out.push(`lines ${first}–${r.lines[index - 1].span.start.line} hold`);
  if (problem.kind === 'shape') out.push(problem.message);
  else if (problem.kind === 'different') out.push(formatVerdict(problem.verdict, format));
  return out.join('\n');
}
