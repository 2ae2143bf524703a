/**
 * The REPL's commands: one table, name -> usage, help and what it does. Each command reads its
 * argument from the input (positions kept, so errors point into the line) and returns output;
 * it changes the session only once it has succeeded.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Dim } from '../core/dims';
import { MatdiffError, Span } from '../core/errors';
import { Node, topoOrder } from '../core/graph';
import { loadData } from '../eval/data';
import { makeRng, randomEnv, dimensionSymbols } from '../eval/random';
import { evaluate } from '../eval/reference';
import { Env, Tensor } from '../eval/tensor';
import { printLatex, printText } from '../print';
import { simplifyTraced } from '../simplify';
import { checkStepsText, formatStepsReport } from '../check/steps';
import { explain } from '../explain';
import { renderExplanation } from '../explain/render';
import type { Program } from '../parse';
import { formatTensorBounded } from '../cli/bounded-output';
import { writeRegularFile } from '../cli/safe-write';
import { quoteSafe } from '../core/terminal-text';
import { decodeUserText } from '../cli/user-text';
import { sessionProgram } from './save';
import { Chunk, DISPLAY_FORMATS, DisplayFormat, PRINT_MODES, PrintMode, Reply, chunk } from './output';
import type { Session } from './session';
import { findTopLevel, spanOf, typeText } from './text';
import { nearest } from '../parse/suggest';
import { FUNCTIONS, definitionName } from '../parse';
import { CALCULUS_FUNCTIONS, calculusDescription } from './language';

/** A command's argument: the whole input, where the argument starts, and its trimmed text. */
export interface CommandArg {
  readonly input: string;
  readonly start: number;
  readonly text: string;
  /** Typed with a `!` (`:eval!`: print values in full). */
  readonly bang?: boolean;
}

interface Command {
  readonly usage: string;
  readonly help: string;
  /** More for `:help NAME`. */
  readonly more?: string;
  run(s: Session, arg: CommandArg): Reply;
}

const reply = (...chunks: Chunk[]): Reply => ({ chunks });

/** Statements of a :load file echoed before "… and N more". */
export const LOAD_ECHO_LIMIT = 50;

function requireArg(arg: CommandArg, name: string, usage: string): void {
  if (arg.text === '') throw new MatdiffError('usage', `:${name} needs an argument`, spanOf(arg.input, 0, arg.input.length), `usage: ${usage}`);
}

const resolvePath = (s: Session, file: string) => path.resolve(s.cwd, file);

/** A text file named in a command; a missing or binary file is an error pointing at its name. */
function readFile(s: Session, file: string, arg: CommandArg): string {
  const at = spanOf(arg.input, arg.start, arg.input.trimEnd().length);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(resolvePath(s, file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new MatdiffError('usage', `cannot read ${file} (${code})`, at, 'give the path of an existing file, relative to the directory matdiff was started in');
  }
  try {
    return decodeUserText(bytes, file);
  } catch (err) {
    throw err instanceof MatdiffError ? err.at(at) : err;
  }
}

// ---------- :eval ----------

/** What `with` gives :eval besides a data file: sizes, the seed, values and 0/1 labels for variables. */
interface WithSpec {
  readonly sizes: Map<string, number>;
  readonly seed: number;
  readonly values: Map<string, Tensor>;
  readonly labels: Set<string>;
}

/** `a, [1, 2], b`: the items of a comma-separated list, split at commas outside brackets and parentheses, with their offsets. */
function splitItems(text: string, offset: number): { text: string; start: number }[] {
  const items: { text: string; start: number }[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i <= text.length; i++) {
    const ch = text[i];
    if (ch === '[' || ch === '(') depth++;
    else if (ch === ']' || ch === ')') depth = Math.max(0, depth - 1);
    if (i === text.length || (ch === ',' && depth === 0)) {
      const raw = text.slice(from, i);
      const lead = raw.length - raw.trimStart().length;
      if (raw.trim() !== '') items.push({ text: raw.trim(), start: offset + from + lead });
      from = i + 1;
    }
  }
  return items;
}

const WITH_EXAMPLE = 'e.g. :eval J with m=3, n=2, seed=7, or :eval J with x=[1, 2], b=labels';

/** A given value for a declared variable, read and checked (shape, symmetry, domain) as a data file's entry is. */
function givenValue(s: Session, name: string, value: string, at: Span): Tensor {
  const decl = s.scope.declaration(name)!;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new MatdiffError(
      'usage',
      `${name} = ${value} is not a number or an array of numbers`,
      at,
      `give ${name} (${typeText(decl.shape, decl.symmetric, decl.domain)}) as 0.5, [1, 2] (a vector) or [[1, 2], [3, 4]] (rows of a matrix), or ${name}=labels for random 0/1 entries`,
    );
  }
  const program: Program = { graph: s.graph, scope: s.scope, source: '', file: '<with>', statements: [], result: decl.node };
  try {
    return loadData(JSON.stringify({ [name]: json }), program, 'the with clause').vars.get(name)!;
  } catch (err) {
    // The message says which entry; the place is the value as typed.
    if (err instanceof MatdiffError) throw new MatdiffError('usage', err.message, at, err.hint ?? WITH_EXAMPLE);
    throw err;
  }
}

/** `m=3, n=2, seed=7, x=[1, 2], b=labels`: sizes for dimension symbols, the seed, values or labels for variables. */
function parseWith(s: Session, arg: CommandArg, specStart: number): WithSpec {
  const sizes = new Map<string, number>();
  const values = new Map<string, Tensor>();
  const labels = new Set<string>();
  let seed = 1;
  const seen = new Map<string, string>();
  // Which item fixed each dimension's size, for the message when two disagree.
  const sizeFrom = new Map<string, string>();
  for (const item of splitItems(arg.input.slice(specStart), specStart)) {
    const at = spanOf(arg.input, item.start, item.start + item.text.length);
    const m = /^([^\s=]+)\s*=\s*([\s\S]+)$/.exec(item.text);
    if (!m) throw new MatdiffError('usage', `expected name=value, not ${item.text}`, at, WITH_EXAMPLE);
    const [name, value] = [m[1], m[2].trim()];
    const before = seen.get(name);
    const compact = item.text.replace(/\s+/g, '');
    if (before !== undefined)
      throw new MatdiffError(
        'usage',
        `${name} is given twice (${before} and ${compact})`,
        at,
        'give each size, value (and the seed) once, e.g. :eval A*x with m=3, n=2, seed=7',
      );
    seen.set(name, compact);
    const bind = (dim: string, v: number, from: string) => {
      const had = sizes.get(dim);
      if (had !== undefined && had !== v)
        throw new MatdiffError(
          'usage',
          `${from} makes ${dim} = ${v}, but ${sizeFrom.get(dim)} makes it ${had}`,
          at,
          `give sizes that agree, or leave ${dim} out: a value's shape fixes it`,
        );
      sizes.set(dim, v);
      sizeFrom.set(dim, from);
    };
    if (name === 'seed' || s.scope.dimension(name)) {
      const v = Number(value);
      if (!/^\d+$/.test(value) || !(v >= 1) || !Number.isSafeInteger(v))
        throw new MatdiffError('usage', `${name} = ${value} is not a positive integer`, at, 'sizes (and the seed) are positive integers');
      if (name === 'seed') seed = v;
      else bind(name, v, `${name}=${value}`);
      continue;
    }
    const decl = s.scope.declaration(name);
    if (!decl) {
      const known = [...s.scope.dimensions.keys(), ...s.scope.declarations.keys()];
      const guess = nearest(name, known);
      const what = s.scope.definition(name)
        ? `${name} is a definition, so it has no value of its own to give`
        : `${name} is not a dimension symbol or a declared variable`;
      throw new MatdiffError(
        'usage',
        what,
        at,
        `${guess && guess !== name ? `did you mean ${guess}? ` : ''}${known.length ? `the names are ${known.join(', ')} (and seed)` : 'declare a variable first, e.g. x : vector(n)'}`,
      );
    }
    if (value === 'labels') {
      labels.add(name);
      continue;
    }
    const t = givenValue(s, name, value, at);
    values.set(name, t);
    const from = `${name}=${value.replace(/\s+/g, '')}`;
    if (typeof decl.shape.rows === 'string') bind(decl.shape.rows, t.rows, from);
    if (typeof decl.shape.cols === 'string') bind(decl.shape.cols, t.cols, from);
  }
  return { sizes, seed, values, labels };
}

/** Most numbers one value computed by :eval may hold (an input or any intermediate): 400 MB. */
export const EVAL_MAX_ENTRIES = 50_000_000;

const dimSize = (d: Dim, dims: ReadonlyMap<string, number>): number | undefined => (typeof d === 'number' ? d : dims.get(d));

/** Refuse, before anything is allocated, an evaluation whose inputs or intermediates would be huge. */
function requireEvaluable(node: Node, dims: ReadonlyMap<string, number>, at: Span): void {
  for (const n of topoOrder([node])) {
    const rows = dimSize(n.shape.rows, dims);
    const cols = dimSize(n.shape.cols, dims);
    if (rows === undefined || cols === undefined || rows * cols <= EVAL_MAX_ENTRIES) continue;
    const what = n === node ? 'the value' : quoteSafe(printText(n), 80);
    throw new MatdiffError(
      'usage',
      `${what} would be ${rows}×${cols} (${(rows * cols).toExponential(2)} numbers): too large to evaluate here`,
      at,
      `:eval computes values of up to ${EVAL_MAX_ENTRIES / 1e6} million numbers; give smaller sizes (e.g. :eval ... with m=3, n=2), or use npx matdiff eval (or compile) for large data`,
    );
  }
}

/** Run `f`; running out of room for an array is a located error saying so, not an internal one. */
function allocating<T>(at: Span, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof MatdiffError) throw err.at(at);
    if (err instanceof RangeError && /typed array length|array length|allocation failed/i.test(err.message))
      throw new MatdiffError(
        'usage',
        `too large to evaluate here (${err.message})`,
        at,
        'give smaller sizes (e.g. :eval ... with m=3, n=2), or use npx matdiff eval (or compile) for large data',
      );
    throw err;
  }
}

function evalCommand(s: Session, arg: CommandArg): Reply {
  requireArg(arg, 'eval', COMMANDS.eval.usage);
  const full = arg.bang === true || s.print === 'full';
  const w = findTopLevel(arg.input, /\swith\s/, arg.start, true);
  const exprEnd = w < 0 ? arg.input.length : w;
  const node = s.parseExpr(arg.input, arg.start, exprEnd);
  const exprAt = spanOf(arg.input, arg.start, Math.max(arg.start + 1, arg.input.slice(0, exprEnd).trimEnd().length));
  const specStart = w < 0 ? arg.input.length : w + arg.input.slice(w).search(/with/) + 'with'.length;
  const spec = arg.input.slice(specStart).trim();
  const out: Chunk[] = [];
  let env: Env;
  if (/\.json$/i.test(spec)) {
    const text = readFile(s, spec, arg);
    const program: Program = { graph: s.graph, scope: s.scope, source: '', file: spec, statements: [], result: node };
    try {
      env = loadData(text, program, spec);
    } catch (err) {
      return reply(s.errorChunk(err, text, spec));
    }
    out.push(chunk(`with the data in ${spec}`, 'dim'));
  } else {
    const { sizes, seed, values, labels } = parseWith(s, arg, specStart);
    requireEvaluable(node, sizes, exprAt);
    env = allocating(exprAt, () => {
      try {
        return randomEnv(s.graph, node, makeRng(seed), { sizes, fixed: values, labels, maxEntries: EVAL_MAX_ENTRIES });
      } catch (err) {
        // No draw was finite because of what was given: say so, not that random data failed.
        if (!(err instanceof MatdiffError) || err.kind !== 'domain' || values.size === 0) throw err;
        const given = [...values.keys()].join(', ');
        const what = /^no random inputs made (.*) finite/.exec(err.message)?.[1] ?? 'the expression';
        const others = topoOrder([node]).some((n) => n.op === 'var' && !values.has(n.name!));
        throw new MatdiffError(
          'domain',
          `${what} is not finite with the values given for ${given}${others ? ' (and any random values drawn for the rest)' : ''}`,
          exprAt,
          `give ${given} inside the domain of the expression (positive under log and sqrt, invertible under inv), or leave ${values.size === 1 ? 'it' : 'them'} out to draw ${values.size === 1 ? 'it' : 'them'}`,
        );
      }
    });
    const used = dimensionSymbols([node]).sort();
    const sizeText = used.map((d) => `${d} = ${env.dims.get(d)}`).join(', ');
    const drawn = [...env.vars.keys()].filter((n) => !values.has(n));
    const what = drawn.length === 0 ? 'with the values given' : values.size ? 'with the values given and random data' : 'with random data';
    out.push(chunk(`${what}${sizeText ? ` for ${sizeText}` : ''}${drawn.length ? ` (seed ${seed})` : ''}:`, 'dim'));
    for (const [name, t] of [...env.vars].sort(([a], [b]) => a.localeCompare(b)))
      out.push(chunk(`\n  ${name} = ${formatTensorBounded(t, name.length + 5, full)}`, 'dim'));
  }
  requireEvaluable(node, env.dims, exprAt);
  const value = allocating(exprAt, () => evaluate(node, env));
  out.push(chunk(`\n${formatTensorBounded(value, 0, full)}`), chunk(`  : ${typeText(node.shape)}`, 'dim'));
  return { chunks: out };
}

// ---------- :trace ----------

function traceCommand(s: Session, arg: CommandArg): Reply {
  requireArg(arg, 'trace', COMMANDS.trace.usage);
  const raw = s.parseExpr(arg.input, arg.start, arg.input.length, true);
  const { node, steps } = simplifyTraced(s.graph, raw);
  if (steps.length === 0) return reply(chunk('no rule fired: '), ...s.showWithShape(node));
  const out: Chunk[] = [chunk(`${steps.length} rule${steps.length === 1 ? '' : 's'} fired:`, 'dim')];
  steps.forEach((st, i) => {
    out.push(chunk(`\n${String(i + 1).padStart(3)}. ${st.rule}`, 'dim'), chunk(`\n       ${s.show(st.before)}\n     → ${s.show(st.after)}`));
  });
  out.push(chunk('\nresult: '), ...s.showWithShape(node));
  return { chunks: out };
}

// ---------- :steps and :derivation ----------

/** `:steps EXPR, x`: the gradient of EXPR wrt x derived step by step (src/explain), in the session's format. */
function stepsCommand(s: Session, arg: CommandArg): Reply {
  requireArg(arg, 'steps', COMMANDS.steps.usage);
  const comma = findTopLevel(arg.input, ',', arg.start, true);
  if (comma < 0)
    throw new MatdiffError(
      'usage',
      ':steps needs the expression and the variable',
      spanOf(arg.input, arg.start, arg.input.length),
      `usage: ${COMMANDS.steps.usage}`,
    );
  const f = s.parseExpr(arg.input, arg.start, comma);
  const name = arg.input.slice(comma + 1).trim();
  const decl = s.scope.declaration(name);
  if (!decl)
    throw new MatdiffError(
      'usage',
      `:steps differentiates with respect to a declared variable, and ${name || 'nothing'} is not one`,
      spanOf(arg.input, comma + 1, arg.input.length),
      'e.g. :steps J, x',
    );
  const source = arg.input.slice(arg.start, comma).trim();
  const named = definitionName(s.scope, f) ?? (/^[A-Za-z]\w*$/.test(source) ? source : 'f');
  return reply(chunk(renderExplanation(explain(s.graph, f, decl.node, { name: named, detail: s.print === 'full' ? 'full' : 'brief' }), s.format)));
}

/** `:derivation FILE`: a program and a hand derivation after it, checked line by line (src/check/steps.ts). */
function derivationCommand(s: Session, arg: CommandArg): Reply {
  requireArg(arg, 'derivation', COMMANDS.derivation.usage);
  const file = arg.text.trim();
  const text = readFile(s, file, arg);
  const report = checkStepsText(text, { file });
  const shown = formatStepsReport(report, text, file, s.format === 'text' ? 'text' : 'unicode');
  return { chunks: [chunk(shown, report.failure ? 'error' : 'plain')], outcome: report.failure ? 'different' : undefined };
}

// ---------- :vars ----------

function varsCommand(s: Session): Reply {
  const scope = s.userScope();
  const dims = [...scope.dimensions.keys()];
  const decls = [...scope.declarations.values()];
  const defs = [...scope.definitions.values()];
  if (!dims.length && !decls.length && !defs.length) return reply(chunk('nothing declared yet (try  x : vector(n))', 'dim'));
  const out: Chunk[] = [];
  const line = (...c: Chunk[]) => out.push(...(out.length ? [chunk('\n')] : []), ...c);
  if (dims.length) line(chunk(`dimensions: ${dims.join(', ')}`, 'dim'));
  for (const d of decls) line(chunk(`${d.name} : ${typeText(d.shape, d.symmetric, d.domain)}`));
  for (const d of defs) line(...s.showWithShape(d.node, `${d.name} = `));
  return { chunks: out };
}

// ---------- :help ----------

function helpCommand(s: Session, arg: CommandArg): Reply {
  if (arg.text !== '') return helpOn(s, arg);
  const width = Math.max(...Object.values(COMMANDS).map((c) => c.usage.length));
  const aliases = (name: string) =>
    Object.entries(ALIASES)
      .filter(([, to]) => to === name)
      .map(([a]) => `:${a}`);
  const lines = [
    'Enter declarations, definitions and expressions in the matdiff notation:',
    '  A : matrix(m, n)        x : vector(n)        b : vector(m)',
    "  J = -1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))",
    '  grad(J, x)              x - t * grad(J, x)   hessian(J, x)',
    "  check grad(J, x) == 1/m * A' * (sigmoid(A*x) - b)",
    'An open parenthesis continues the input on the next line. Tab completes names and commands.',
    '`ans` is the last expression entered. Ctrl-C stops a long computation; Ctrl-D leaves.',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => {
      const also = aliases(name);
      return `  ${c.usage.padEnd(width)}  ${c.help}${also.length ? ` (also ${also.join(', ')})` : ''}`;
    }),
    '',
    ':help NAME says more about a command, a function or a name (:help eval, :help logdet, :help J).',
  ];
  return reply(chunk(lines.join('\n')));
}

const KEYWORD_HELP: Record<string, string> = {
  check:
    "check TRUTH == CLAIM: is CLAIM equal to TRUTH? Symbolically if it can tell, else numerically on random instances, with a diagnosis when they differ.\n  e.g. check grad(J, x) == 1/m * A' * (sigmoid(A*x) - b)",
  ans: 'ans: the last expression entered (not a declaration, definition, command or check). Use it like any name: ans + 1, :eval ans with m=3, :latex ans.',
};

/** `:help NAME`: a command (with or without its colon), a function, a keyword, or a name of the session. */
function helpOn(s: Session, arg: CommandArg): Reply {
  const word = arg.text.replace(/^:/, '').replace(/!$/, '');
  const at = spanOf(arg.input, arg.start, arg.input.trimEnd().length);
  const cmd = commandNamed(word);
  if (cmd && (arg.text.startsWith(':') || !FUNCTIONS.has(word))) {
    const c: Command = COMMANDS[cmd];
    const also = Object.entries(ALIASES)
      .filter(([, to]) => to === cmd)
      .map(([a]) => `:${a}`);
    return reply(chunk([c.usage, `  ${c.help}${also.length ? ` (also ${also.join(', ')})` : ''}`, ...(c.more ? [c.more] : [])].join('\n')));
  }
  const fn = FUNCTIONS.get(word);
  if (fn) return reply(chunk(fn.usage));
  if ((CALCULUS_FUNCTIONS as readonly string[]).includes(word)) return reply(chunk(calculusDescription(word)));
  if (Object.prototype.hasOwnProperty.call(KEYWORD_HELP, word) && !(word === ANS_NAME && s.scope.lookup(word) && !s.isAutomaticAns()))
    return reply(chunk(KEYWORD_HELP[word]));
  const b = s.scope.lookup(word);
  if (b?.kind === 'declaration') return reply(chunk(`${word} : ${typeText(b.entry.shape, b.entry.symmetric, b.entry.domain)}  (a declared variable)`));
  if (b?.kind === 'definition') return reply(...s.showWithShape(b.entry.node, `${word} = `), chunk('  (a definition)', 'dim'));
  if (b?.kind === 'dimension') return reply(chunk(`${word}: a dimension symbol (give its size with :eval ... with ${word}=3)`));
  const names = [...commandNames(), ...FUNCTIONS.keys(), ...CALCULUS_FUNCTIONS, ...Object.keys(KEYWORD_HELP), ...s.scope.names()];
  const guess = nearest(word, names);
  throw new MatdiffError(
    'usage',
    `no help on ${arg.text}: not a command, a function or a name in this session`,
    at,
    `${guess ? `did you mean ${guess}? ` : ''}type :help for the commands`,
  );
}

const ANS_NAME = 'ans';

// ---------- :set ----------

const SETTINGS = 'format (unicode|text|latex) and print (short|full)';

function setCommand(s: Session, arg: CommandArg): Reply {
  if (arg.text === '') return reply(chunk(`format ${s.format}\nprint ${s.print}`));
  const m = /^(\S+)\s*(.*)$/.exec(arg.text)!;
  const [key, value] = [m[1], m[2].trim()];
  const at = spanOf(arg.input, arg.start, arg.input.trimEnd().length);
  if (key === 'format') return COMMANDS.format.run(s, { ...arg, start: arg.input.indexOf(value, arg.start + key.length), text: value });
  if (key === 'print') {
    if (value === '') return reply(chunk(`print ${s.print}`));
    if (!(PRINT_MODES as readonly string[]).includes(value))
      throw new MatdiffError(
        'usage',
        `unknown print mode ${value}`,
        at,
        'print short shows the first and last entries of large values, print full every entry',
      );
    s.print = value as PrintMode;
    return reply(chunk(`print ${s.print}`, 'dim'));
  }
  const guess = nearest(key, ['format', 'print']);
  throw new MatdiffError('usage', `unknown setting ${key}`, at, `${guess ? `did you mean ${guess}? ` : ''}the settings are ${SETTINGS}`);
}

// ---------- the table ----------

export const COMMANDS = {
  help: { usage: ':help [NAME]', help: 'this list, or more about a command, function or name', run: helpCommand },
  vars: { usage: ':vars', help: 'dimensions, declarations and definitions with their shapes', run: (s) => varsCommand(s) },
  format: {
    usage: ':format unicode|text|latex',
    help: 'how expressions are printed (default unicode)',
    run: (s, arg) => {
      if (arg.text === '') return reply(chunk(`format: ${s.format}`));
      if (!(DISPLAY_FORMATS as readonly string[]).includes(arg.text))
        throw new MatdiffError(
          'usage',
          `unknown format ${arg.text}`,
          spanOf(arg.input, arg.start, arg.input.trimEnd().length),
          `the formats are ${DISPLAY_FORMATS.join(', ')}`,
        );
      s.format = arg.text as DisplayFormat;
      return reply(chunk(`format: ${s.format}`, 'dim'));
    },
  },
  latex: {
    usage: ':latex EXPR',
    help: 'print EXPR as LaTeX, to copy',
    run: (s, arg) => {
      requireArg(arg, 'latex', ':latex EXPR');
      return reply(chunk(printLatex(s.parseExpr(arg.input, arg.start))));
    },
  },
  trace: { usage: ':trace EXPR', help: 'simplify EXPR, listing the rules that fired', run: traceCommand },
  steps: {
    usage: ':steps EXPR, x',
    help: 'the gradient of EXPR wrt x, derived step by step (every line verified)',
    more: 'The differential one rule per line, the algebra, then dJ = gᵀdx: hence the gradient. :set print full shows every algebra step.',
    run: stepsCommand,
  },
  derivation: {
    usage: ':derivation FILE',
    help: 'check a hand derivation: the program, then one expression per line',
    more: 'The first line is the gradient (grad(J, x) is fine), each line must equal the one before; the first false step is shown with its line, a caret, the diagnosis and a counterexample.',
    run: derivationCommand,
  },
  eval: {
    usage: ':eval EXPR [with ...]',
    help: 'evaluate on sizes, values and random data, or a data file',
    more: [
      'After `with`: a JSON data file (with data.json), or a comma-separated list of',
      '  m=3             the size of a dimension symbol (others are drawn between 2 and 6)',
      '  x=[1, 2]        the value of a variable: 0.5, [1, 2] (a vector), [[1, 2], [3, 4]]',
      '                  (the rows of a matrix); it fixes the sizes of its dimensions',
      '  b=labels        random 0/1 entries for b (the labels of a classifier, say)',
      '  seed=7          the random seed (default 1)',
      'Variables not given are drawn at random, inside their declared domain (spd, simplex,',
      'positive, ...) and inside the domain of EXPR (positive under log and sqrt, invertible',
      'under inv and logdet). Large values print their first and last entries; :eval! (or',
      ':set print full) prints every entry.',
    ].join('\n'),
    run: evalCommand,
  },
  load: {
    usage: ':load FILE',
    help: 'run a program file in this session',
    run: (s, arg) => {
      requireArg(arg, 'load', ':load FILE');
      const text = readFile(s, arg.text, arg);
      let result;
      try {
        result = s.runProgram(text, arg.text, LOAD_ECHO_LIMIT);
      } catch (err) {
        return reply(s.errorChunk(err, text, arg.text));
      }
      const { declarations, definitions } = result.counts;
      const summary = chunk(
        `loaded ${arg.text}: ${declarations} declaration${declarations === 1 ? '' : 's'}, ${definitions} definition${definitions === 1 ? '' : 's'}`,
        'dim',
      );
      // No spread into arguments: a long file's chunks would overflow the call stack.
      return { chunks: result.chunks.length ? [summary, chunk('\n')].concat(result.chunks) : [summary] };
    },
  },
  save: {
    usage: ':save FILE',
    help: 'write the declarations and definitions as a program file',
    run: (s, arg) => {
      requireArg(arg, 'save', ':save FILE');
      const text = sessionProgram(s.graph, s.userScope());
      try {
        writeRegularFile(resolvePath(s, arg.text), text, { name: arg.text });
      } catch (err) {
        throw err instanceof MatdiffError ? err.at(spanOf(arg.input, arg.start, arg.input.trimEnd().length)) : err;
      }
      const n = s.userScope().declarations.size;
      const d = s.userScope().definitions.size;
      return reply(chunk(`saved ${n} declaration${n === 1 ? '' : 's'} and ${d} definition${d === 1 ? '' : 's'} to ${arg.text}`, 'dim'));
    },
  },
  clear: {
    usage: ':clear',
    help: 'forget every declaration and definition',
    run: (s) => {
      s.clear();
      return reply(chunk('cleared', 'dim'));
    },
  },
  set: { usage: ':set [format F | print short|full]', help: 'show or change the settings', run: setCommand },
  quit: { usage: ':quit', help: 'leave (or Ctrl-D)', run: () => ({ chunks: [], quit: true }) },
} satisfies Record<string, Command>;

export type CommandName = keyof typeof COMMANDS;
export const commandNames = (): CommandName[] => Object.keys(COMMANDS) as CommandName[];

/** Other names commands answer to. */
export const ALIASES: Readonly<Record<string, CommandName>> = { q: 'quit', exit: 'quit', h: 'help' };

/** The command a typed name means (its own name or an alias), if any. */
export function commandNamed(typed: string): CommandName | undefined {
  if (Object.prototype.hasOwnProperty.call(COMMANDS, typed)) return typed as CommandName;
  return Object.prototype.hasOwnProperty.call(ALIASES, typed) ? ALIASES[typed] : undefined;
}
