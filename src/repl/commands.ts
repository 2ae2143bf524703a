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
import { Env } from '../eval/tensor';
import { printLatex, printText } from '../print';
import { simplifyTraced } from '../simplify';
import type { Program } from '../parse';
import { formatTensorBounded } from '../cli/bounded-output';
import { writeRegularFile } from '../cli/safe-write';
import { quoteSafe } from '../core/terminal-text';
import { decodeUserText } from '../cli/user-text';
import { sessionProgram } from './save';
import { Chunk, DISPLAY_FORMATS, DisplayFormat, Reply, chunk } from './output';
import type { Session } from './session';
import { findTopLevel, spanOf, typeText } from './text';

/** A command's argument: the whole input, where the argument starts, and its trimmed text. */
export interface CommandArg {
  readonly input: string;
  readonly start: number;
  readonly text: string;
}

interface Command {
  readonly usage: string;
  readonly help: string;
  run(s: Session, arg: CommandArg): Reply;
}

const reply = (...chunks: Chunk[]): Reply => ({ chunks });

/** Statements of a :load file echoed before "… and N more". */
export const LOAD_ECHO_LIMIT = 50;

function requireArg(arg: CommandArg, name: string, usage: string): void {
  if (arg.text === '')
    throw new MatdiffError('usage', `:${name} needs an argument`, spanOf(arg.input, 0, arg.input.length), `usage: ${usage}`);
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

/** `m=3, n=2, seed=7`: sizes for dimension symbols (and the random seed). */
function parseSizes(s: Session, arg: CommandArg, specStart: number): { sizes: Map<string, number>; seed: number } {
  const sizes = new Map<string, number>();
  let seed = 1;
  const seen = new Map<string, string>();
  const re = /([^\s,=]+)\s*=\s*([^\s,]+)|([^\s,]+)/g;
  const spec = arg.input.slice(specStart);
  for (let m = re.exec(spec); m; m = re.exec(spec)) {
    const at = spanOf(arg.input, specStart + m.index, specStart + m.index + m[0].length);
    if (m[3] !== undefined) throw new MatdiffError('usage', `expected name=size, not ${m[3]}`, at, 'e.g. :eval A*x with m=3, n=2');
    const [name, value] = [m[1], m[2]];
    const before = seen.get(name);
    if (before !== undefined)
      throw new MatdiffError('usage', `${name} is given twice (${before} and ${m[0].replace(/\s+/g, '')})`, at, 'give each size (and the seed) once, e.g. :eval A*x with m=3, n=2, seed=7');
    seen.set(name, m[0].replace(/\s+/g, ''));
    const v = Number(value);
    if (!/^\d+$/.test(value) || !(v >= 1) || !Number.isSafeInteger(v))
      throw new MatdiffError('usage', `${name} = ${value} is not a positive integer`, at, 'sizes (and the seed) are positive integers');
    if (name === 'seed') seed = v;
    else if (!s.scope.dimension(name)) {
      const dims = [...s.scope.dimensions.keys()];
      throw new MatdiffError('usage', `${name} is not a dimension symbol`, at, dims.length ? `the dimension symbols are ${dims.join(', ')} (and seed)` : 'declare a variable with a symbolic size first, e.g. x : vector(n)');
    } else sizes.set(name, v);
  }
  return { sizes, seed };
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
      `:eval computes values of up to ${EVAL_MAX_ENTRIES / 1e6} million numbers; give smaller sizes (e.g. :eval ... with m=3, n=2), or use matdiff eval for large data`,
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
      throw new MatdiffError('usage', `too large to evaluate here (${err.message})`, at, 'give smaller sizes (e.g. :eval ... with m=3, n=2), or use matdiff eval for large data');
    throw err;
  }
}

function evalCommand(s: Session, arg: CommandArg): Reply {
  requireArg(arg, 'eval', COMMANDS.eval.usage);
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
    const { sizes, seed } = parseSizes(s, arg, specStart);
    requireEvaluable(node, sizes, exprAt);
    env = allocating(exprAt, () => randomEnv(s.graph, node, makeRng(seed), { sizes }));
    const used = dimensionSymbols([node]).sort();
    const sizeText = used.map((d) => `${d} = ${env.dims.get(d)}`).join(', ');
    out.push(chunk(`with random data${sizeText ? ` for ${sizeText}` : ''} (seed ${seed}):`, 'dim'));
    for (const [name, t] of [...env.vars].sort(([a], [b]) => a.localeCompare(b)))
      out.push(chunk(`\n  ${name} = ${formatTensorBounded(t, name.length + 5)}`, 'dim'));
  }
  requireEvaluable(node, env.dims, exprAt);
  const value = allocating(exprAt, () => evaluate(node, env));
  out.push(chunk(`\n${formatTensorBounded(value)}`), chunk(`  : ${typeText(node.shape)}`, 'dim'));
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

// ---------- :vars ----------

function varsCommand(s: Session): Reply {
  const dims = [...s.scope.dimensions.keys()];
  const decls = [...s.scope.declarations.values()];
  const defs = [...s.scope.definitions.values()];
  if (!dims.length && !decls.length && !defs.length) return reply(chunk('nothing declared yet (try  x : vector(n))', 'dim'));
  const out: Chunk[] = [];
  const line = (...c: Chunk[]) => out.push(...(out.length ? [chunk('\n')] : []), ...c);
  if (dims.length) line(chunk(`dimensions: ${dims.join(', ')}`, 'dim'));
  for (const d of decls) line(chunk(`${d.name} : ${typeText(d.shape, d.symmetric, d.domain)}`));
  for (const d of defs) line(...s.showWithShape(d.node, `${d.name} = `));
  return { chunks: out };
}

// ---------- :help ----------

function helpCommand(): Reply {
  const width = Math.max(...Object.values(COMMANDS).map((c) => c.usage.length));
  const lines = [
    'Enter declarations, definitions and expressions in the matdiff notation:',
    '  A : matrix(m, n)        x : vector(n)        b : vector(m)',
    "  J = -1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))",
    '  grad(J, x)              x - t * grad(J, x)   hessian(J, x)',
    "  check grad(J, x) == 1/m * A' * (sigmoid(A*x) - b)",
    'An open parenthesis continues the input on the next line. Tab completes names and commands.',
    '',
    'Commands:',
    ...Object.values(COMMANDS).map((c) => `  ${c.usage.padEnd(width)}  ${c.help}`),
  ];
  return reply(chunk(lines.join('\n')));
}

// ---------- the table ----------

export const COMMANDS = {
  help: { usage: ':help', help: 'this list', run: () => helpCommand() },
  vars: { usage: ':vars', help: 'dimensions, declarations and definitions with their shapes', run: (s) => varsCommand(s) },
  format: {
    usage: ':format unicode|text|latex',
    help: 'how expressions are printed (default unicode)',
    run: (s, arg) => {
      if (arg.text === '') return reply(chunk(`format: ${s.format}`));
      if (!(DISPLAY_FORMATS as readonly string[]).includes(arg.text))
        throw new MatdiffError('usage', `unknown format ${arg.text}`, spanOf(arg.input, arg.start, arg.input.trimEnd().length), `the formats are ${DISPLAY_FORMATS.join(', ')}`);
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
  eval: {
    usage: ':eval EXPR [with FILE.json | with m=3, n=2]',
    help: 'evaluate EXPR on a data file, or on random data of the given sizes',
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
      const summary = chunk(`loaded ${arg.text}: ${declarations} declaration${declarations === 1 ? '' : 's'}, ${definitions} definition${definitions === 1 ? '' : 's'}`, 'dim');
      // No spread into arguments: a long file's chunks would overflow the call stack.
      return { chunks: result.chunks.length ? [summary, chunk('\n')].concat(result.chunks) : [summary] };
    },
  },
  save: {
    usage: ':save FILE',
    help: "write this session's declarations and definitions as a program file",
    run: (s, arg) => {
      requireArg(arg, 'save', ':save FILE');
      const text = sessionProgram(s.graph, s.scope);
      try {
        writeRegularFile(resolvePath(s, arg.text), text, { name: arg.text });
      } catch (err) {
        throw err instanceof MatdiffError ? err.at(spanOf(arg.input, arg.start, arg.input.trimEnd().length)) : err;
      }
      const n = s.scope.declarations.size;
      const d = s.scope.definitions.size;
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
  quit: { usage: ':quit', help: 'leave (or Ctrl-D)', run: () => ({ chunks: [], quit: true }) },
} satisfies Record<string, Command>;

export type CommandName = keyof typeof COMMANDS;
export const commandNames = (): CommandName[] => Object.keys(COMMANDS) as CommandName[];
