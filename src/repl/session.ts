/**
 * A REPL session without any I/O: the state (one Graph, one Scope, the display format) and
 * `execute(input)`, which turns one entered input into styled output. A failing input changes
 * nothing: program text is parsed into a copy of the scope that replaces the session's only
 * when the whole input has succeeded, and commands change state only after they succeeded.
 * src/repl/index.ts wires this to node:repl.
 */
import { check, formatVerdict } from '../check';
import { formatVerdictBounded } from '../cli/bounded-output';
import { transposedClaim } from '../cli/transposed';
import { requireString } from '../core/args';
import { formatError } from '../core/report';
import { MESSAGE_MAX, quoteSafe } from '../core/terminal-text';
import { MatdiffError } from '../core/errors';
import { Graph, Node } from '../core/graph';
import { Scope, parseExpression, parseProgram } from '../parse';
import { print } from '../print';
import { ALIASES, COMMANDS, commandNamed, commandNames } from './commands';
import { calculusExtensions } from './language';
import { Chunk, DisplayFormat, Outcome, PrintMode, Reply, chunk } from './output';
import { nearest } from '../parse/suggest';
import { findTopLevel, mask, spanOf, typeText } from './text';

export type { Chunk, DisplayFormat, Reply, Style } from './output';
export { DISPLAY_FORMATS, PRINT_MODES } from './output';
export type { PrintMode } from './output';

export const REPL_FILE = '<repl>';

/** The name the last expression entered is bound to. */
export const ANS = 'ans';

/** What an input came to, read off its styled output. */
function outcomeOf(chunks: readonly Chunk[]): Outcome | undefined {
  const error = chunks.find((c) => c.style === 'error');
  if (error) return error.text.startsWith('internal error') ? 'internal' : 'error';
  return chunks.some((c) => c.style === 'bad') ? 'different' : undefined;
}

/** A new Scope with the same entries (they are immutable, so sharing them is safe). */
function copyScope(scope: Scope, without?: string): Scope {
  const copy = new Scope();
  const d = copy.draft();
  for (const [k, v] of scope.dimensions) d.dimensions.set(k, v);
  for (const [k, v] of scope.declarations) d.declarations.set(k, v);
  for (const [k, v] of scope.definitions) if (k !== without) d.definitions.set(k, v);
  d.commit();
  return copy;
}

export interface SessionOptions {
  readonly format?: DisplayFormat;
  /** Directory that relative paths in :load, :save and :eval are resolved against (default: the process's). */
  readonly cwd?: string;
}

export class Session {
  graph = new Graph();
  scope = new Scope();
  format: DisplayFormat;
  /** short: large values print their first and last entries; full: every entry. */
  print: PrintMode = 'short';
  readonly cwd: string;
  /** The definition `ans` this session made (not one the user wrote), if any. */
  private ans: Node | undefined;
  private readonly extensions = calculusExtensions();
  private readonly rawExtensions = calculusExtensions({ simplify: false });

  constructor(opts: SessionOptions = {}) {
    this.format = opts.format ?? 'unicode';
    this.cwd = opts.cwd ?? process.cwd();
  }

  /** Forget every declaration and definition. */
  clear(): void {
    this.graph = new Graph();
    this.scope = new Scope();
    this.ans = undefined;
  }

  /** Whether `ans` in the scope is the one this session set (the last expression), not the user's own. */
  isAutomaticAns(): boolean {
    const d = this.scope.definition(ANS);
    return d !== undefined && d.node === this.ans;
  }

  /** The scope without the automatic `ans`: what :save writes and :vars lists. */
  userScope(): Scope {
    return this.isAutomaticAns() ? copyScope(this.scope, ANS) : this.scope;
  }

  show(n: Node): string {
    return print(n, this.format);
  }

  /** `expr  : shape`, the way an expression is echoed. */
  showWithShape(n: Node, prefix = ''): Chunk[] {
    return [chunk(prefix + this.show(n)), chunk(`  : ${typeText(n.shape)}`, 'dim')];
  }

  /**
   * Parse the expression in `input[start, end)` in the session's scope (positions stay those of
   * the whole input, so errors point into what the user typed). `raw`: grad etc. unsimplified.
   */
  parseExpr(input: string, start: number, end = input.length, raw = false): Node {
    return parseExpression(mask(input, start, end), this.scope, this.graph, {
      file: REPL_FILE,
      extensions: raw ? this.rawExtensions : this.extensions,
    });
  }

  /**
   * Run program text (declarations, definitions, expressions). Transactional: the text is parsed
   * into a copy of the scope and the copy replaces the session's only once everything, echoing
   * included, has succeeded. At most `echoLimit` statements are echoed (a 100,000-line :load
   * says how many more there were instead of printing them all).
   */
  runProgram(source: string, file = REPL_FILE, echoLimit = Infinity): { chunks: Chunk[]; counts: { declarations: number; definitions: number } } {
    const scope = copyScope(this.scope);
    const p = parseProgram(source, { graph: this.graph, scope, extensions: this.extensions, redefine: true, file });
    const chunks: Chunk[] = [];
    let declarations = 0;
    let definitions = 0;
    let echoed = 0;
    for (const s of p.statements) {
      if (s.kind === 'declaration') declarations++;
      else if (s.kind === 'definition') definitions++;
      if (echoed >= echoLimit) continue;
      echoed++;
      if (chunks.length) chunks.push(chunk('\n'));
      switch (s.kind) {
        case 'declaration':
          chunks.push(chunk(`${s.name} : ${typeText(s.shape, s.symmetric, s.node.domain)}`, 'dim'));
          break;
        case 'definition':
          chunks.push(...this.showWithShape(s.node, `${s.name} = `));
          break;
        case 'expression':
          chunks.push(...this.showWithShape(s.node));
          break;
      }
    }
    // `ans`: the last expression's value, unless the user has given the name a meaning of their own.
    const last = [...p.statements].reverse().find((st) => st.kind === 'expression');
    const bound = scope.lookup(ANS);
    let ans = this.ans;
    if (last && (!bound || (bound.kind === 'definition' && bound.entry.node === this.ans))) {
      const d = scope.draft();
      d.definitions.set(ANS, { name: ANS, node: last.node, span: last.span });
      d.commit();
      ans = last.node;
    }
    const more = p.statements.length - echoed;
    if (more > 0) chunks.push(chunk(`\n… and ${more} more statement${more === 1 ? '' : 's'} (:vars lists what is defined)`, 'dim'));
    this.scope = scope;
    this.ans = ans;
    return { chunks, counts: { declarations, definitions } };
  }

  /** One entered input (possibly several lines). Never throws: errors become output. */
  execute(input: string): Reply {
    requireString(input, 'Session.execute: the input', 'pass one line of REPL input, e.g. "x : vector(n)"');
    const source = input.replace(/\r?\n$/, '');
    let reply: Reply;
    try {
      const trimmed = source.trim();
      if (trimmed === '') return { chunks: [] };
      if (trimmed.startsWith(':')) reply = this.command(source);
      else if (/^\.[A-Za-z]/.test(trimmed)) reply = this.dotCommand(source);
      else if (/^check\b/.test(trimmed)) reply = { chunks: this.check(source) };
      else reply = { chunks: this.runProgram(source).chunks };
    } catch (err) {
      reply = { chunks: [this.errorChunk(err, source)] };
    }
    return reply.outcome ? reply : { ...reply, outcome: outcomeOf(reply.chunks) };
  }

  errorChunk(err: unknown, source: string, file = REPL_FILE): Chunk {
    if (err instanceof MatdiffError) return chunk(formatError(err, source, file), 'error');
    const message = quoteSafe(err instanceof Error ? err.message : String(err), MESSAGE_MAX);
    return chunk(`internal error: ${message}\n(this is a bug in matdiff; the session is unchanged)`, 'error');
  }

  private command(source: string): Reply {
    const start = source.indexOf(':');
    const m = /^:([A-Za-z]*)(!?)/.exec(source.slice(start))!;
    const typed = m[1];
    const argStart = start + m[0].length;
    const name = commandNamed(typed);
    if (!name || (m[2] && name !== 'eval')) {
      const guess = nearest(typed, [...commandNames(), ...Object.keys(ALIASES)]);
      throw new MatdiffError(
        'usage',
        `unknown command :${typed}${m[2]}`,
        spanOf(source, start, argStart),
        m[2] && name
          ? `only :eval! has a ! form (it prints values in full); type :help for the commands`
          : `${guess ? `did you mean :${guess}? ` : ''}type :help for the commands`,
      );
    }
    let s = argStart;
    while (s < source.length && /\s/.test(source[s])) s++;
    return COMMANDS[name].run(this, { input: source, start: s, text: source.slice(s).trim(), bang: m[2] === '!' });
  }

  /** `.help`, `.exit`, ...: Node's REPL commands are not matdiff's; say what is. */
  private dotCommand(source: string): Reply {
    const start = source.indexOf('.');
    const word = /^\.([A-Za-z]*)/.exec(source.slice(start))![1];
    const name = commandNamed(word) ?? nearest(word, [...commandNames(), ...Object.keys(ALIASES)]);
    throw new MatdiffError(
      'usage',
      `.${word} is not a matdiff command: commands start with a colon`,
      spanOf(source, start, start + 1 + word.length),
      `${name ? `did you mean :${name}? ` : ''}type :help for the commands`,
    );
  }

  /** `check TRUTH == CLAIM`. */
  private check(source: string): Chunk[] {
    const start = source.indexOf('check') + 'check'.length;
    const eq = findTopLevel(source, '==', start);
    if (eq < 0)
      throw new MatdiffError(
        'syntax',
        'check needs two sides: check TRUTH == CLAIM',
        spanOf(source, 0, source.length),
        "e.g. check grad(J, x) == 1/m * A' * (sigmoid(A*x) - b)",
      );
    const truth = this.parseExpr(source, start, eq);
    const claim = this.parseExpr(source, eq + 2);
    const left = source.slice(start, eq).trim();
    const truthLabel = /^grad\s*\(/.test(left) ? 'the gradient' : /^hessian\s*\(/.test(left) ? 'the Hessian' : 'the left side';
    let claimStart = eq + 2;
    while (claimStart < source.length && /\s/.test(source[claimStart])) claimStart++;
    // A claim of the transposed shape is a wrong answer with a diagnosis, not an error (see cli/transposed.ts).
    const transposedVerdict = transposedClaim(this.graph, truth, claim, truthLabel, this.format);
    if (transposedVerdict) {
      const [head, ...tail] = transposedVerdict.text.split('\n');
      return [chunk(head, 'bad'), chunk('\n' + tail.join('\n'))];
    }
    const v = check(this.graph, truth, claim, { truthLabel, claimSpan: spanOf(source, claimStart, source.trimEnd().length) });
    const [first, ...rest] = (this.print === 'full' ? formatVerdict(v, this.format) : formatVerdictBounded(v, this.format)).split('\n');
    return [chunk(first, v.equal ? 'good' : 'bad'), ...(rest.length ? [chunk('\n' + rest.join('\n'))] : [])];
  }
}
