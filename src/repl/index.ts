/**
 * The matdiff REPL on node:readline (not node:repl, whose JavaScript dot-commands and messages
 * have no place here). Declarations and definitions persist in a Session; each input is executed
 * by Session.execute (session.ts), which never throws and changes nothing when the input fails.
 * This file only wires streams, multi-line input (open parentheses), completion, history,
 * colour, prompts and Ctrl-C.
 *
 *   const server = startRepl();                       // stdin/stdout, ~/.matdiff_history
 *   startRepl({ input, output, terminal: false, historyFile: '/tmp/h' });
 *
 * Ctrl-C during a long computation: every input runs inside a vm script with breakOnSigint, so
 * Node's SIGINT watchdog stops it wherever it is (a simplifier loop, a 4000×1500 matrix
 * product) and the prompt comes back. The session is intact because Session.execute replaces
 * its state only when an input has completed (see session.ts). On a terminal, raw mode is off
 * while an input runs, so that Ctrl-C is a signal and not a byte waiting to be read.
 */
import { EventEmitter } from 'node:events';
import * as readline from 'node:readline';
import * as vm from 'node:vm';
import { terminalSafe } from '../core/terminal-text';
import { complete } from './complete';
import { HistoryWriter, MAX_ENTRIES, historyPath, once, readHistory } from './history';
import { DisplayFormat, Reply, chunk, outcomeCode, render } from './output';
import { Session } from './session';
import { historyEntry, openParens } from './text';

export { Session } from './session';
export type { SessionOptions } from './session';
export type { Chunk, DisplayFormat, Outcome, Reply, Style } from './output';
export { render, DISPLAY_FORMATS, outcomeCode } from './output';
export { COMMANDS, commandNames } from './commands';
export type { CommandName } from './commands';
export { complete } from './complete';
export { calculusExtensions, CALCULUS_FUNCTIONS } from './language';
export { sessionProgram } from './save';
export { writeRegularFile } from '../cli/safe-write';
export { historyPath, readHistory, MAX_ENTRIES } from './history';

export interface ReplOptions {
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
  /** History file; null turns history off. Default: $MATDIFF_HISTORY, else ~/.matdiff_history. */
  readonly historyFile?: string | null;
  /** Treat the streams as a terminal (line editing, arrows); default: whether input and output are TTYs. */
  readonly terminal?: boolean;
  /** ANSI colours; default: only when output is a TTY and NO_COLOR is not set. */
  readonly colour?: boolean;
  readonly format?: DisplayFormat;
  /** Directory relative paths are resolved against (default: the process's). */
  readonly cwd?: string;
  readonly prompt?: string;
  /** Print prompts; default: only on a terminal (piped input prints replies only). */
  readonly prompts?: boolean;
  /** Print a one-line greeting first; default: when prompts are printed. */
  readonly banner?: boolean;
  /** The environment NO_COLOR is read from (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
}

/** A running REPL: emits 'exit' once it has closed. */
export interface MatdiffRepl extends EventEmitter {
  readonly session: Session;
  /** The history as line editing sees it, newest first. */
  readonly history: string[];
  /**
   * How the session went, for the exit status of a non-interactive session: 0, or the worst of
   * 1 (a check found a difference), 2 (an input was bad), 3 (an internal error).
   */
  readonly status: number;
  close(): void;
}

export const BANNER = 'matdiff: matrix calculus. :help for the commands, :quit (or Ctrl-D) to leave.';
export const CONTINUE_PROMPT = '... ';
export const INTERRUPTED = 'interrupted (Ctrl-C): the session is as it was before this input';

/** NO_COLOR (https://no-color.org): set and not empty turns colour off. */
export const noColor = (env: NodeJS.ProcessEnv = process.env): boolean => (env.NO_COLOR ?? '') !== '';

const vmContext = vm.createContext({});
const runScript = new vm.Script('run()', { filename: 'matdiff-repl' });

/** Run `f`, stopped by SIGINT wherever it is; undefined when it was interrupted. */
export function interruptible<T>(f: () => T): { value: T } | undefined {
  (vmContext as { run?: () => T }).run = f;
  try {
    return { value: runScript.runInContext(vmContext, { breakOnSigint: true }) as T };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED') return undefined;
    throw err;
  } finally {
    delete (vmContext as { run?: () => T }).run;
  }
}

export function startRepl(opts: ReplOptions = {}): MatdiffRepl {
  const input = opts.input ?? process.stdin;
  const output = opts.output ?? process.stdout;
  const outTTY = (output as NodeJS.WriteStream).isTTY === true;
  const inTTY = (input as NodeJS.ReadStream).isTTY === true;
  const terminal = opts.terminal ?? (outTTY && inTTY);
  const colour = opts.colour ?? (outTTY && !noColor(opts.env));
  const prompts = opts.prompts ?? terminal;
  const prompt = opts.prompt ?? 'matdiff> ';
  const session = new Session({ format: opts.format, cwd: opts.cwd });
  const file = historyPath(opts.historyFile);
  if (opts.banner ?? prompts) output.write(BANNER + '\n');
  // History problems never stop the session; the first one is said, once.
  const warn = once((message) => output.write(terminalSafe(`matdiff: warning: ${message}`) + '\n'));
  const previous = file ? readHistory(file, warn) : [];
  const writer = file ? new HistoryWriter(file, previous, warn) : undefined;

  const rl = readline.createInterface({
    input,
    output,
    terminal,
    prompt,
    historySize: MAX_ENTRIES,
    tabSize: 2,
    crlfDelay: Infinity,
    completer: (line: string) => complete(session, line),
  });
  const rlh = rl as unknown as { history: string[] };
  rlh.history = previous.slice().reverse();

  const events = new EventEmitter();
  let status = 0;
  let closed = false;
  let pending: string[] = [];
  const show = (text: string) => text !== '' && output.write(text + '\n');
  const ask = () => {
    if (closed || !prompts) return;
    rl.setPrompt(pending.length ? CONTINUE_PROMPT : prompt);
    rl.prompt();
  };

  /** One whole input: run it where Ctrl-C can stop it, print the reply. */
  const run = (text: string) => {
    const tty = terminal && inTTY ? (input as NodeJS.ReadStream) : undefined;
    const wasRaw = tty?.isRaw === true;
    if (wasRaw) tty!.setRawMode(false);
    let reply: Reply;
    try {
      reply = interruptible(() => session.execute(text))?.value ?? { chunks: [chunk(INTERRUPTED, 'error')], outcome: 'interrupted' };
    } finally {
      if (wasRaw) tty!.setRawMode(true);
    }
    status = Math.max(status, outcomeCode(reply.outcome));
    show(render(reply, colour));
    if (reply.quit) rl.close();
  };

  rl.on('line', (line: string) => {
    if (closed) return;
    pending.push(line);
    const text = pending.join('\n');
    if (openParens(text) > 0) return ask();
    const lines = pending;
    pending = [];
    const entry = historyEntry(lines);
    if (entry !== '') {
      // One entry for a multi-line input: drop the lines line editing stored one by one.
      if (lines.length > 1) for (const l of lines.slice().reverse()) if (rlh.history[0] === l) rlh.history.shift();
      if (lines.length > 1 && rlh.history[0] !== entry) rlh.history.unshift(entry);
      writer?.record(entry);
    }
    run(text);
    ask();
  });

  rl.on('SIGINT', () => {
    // Ctrl-C at the prompt: drop what was typed (and an unfinished multi-line input), never leave.
    const typed = pending.length > 0 || rl.line !== '';
    pending = [];
    output.write(typed ? '^C\n' : '(to leave, type :quit or press Ctrl-D)\n');
    (rl as unknown as { line: string }).line = '';
    ask();
  });

  rl.on('close', () => {
    if (closed) return;
    // Piped input that ends inside parentheses: run it, so the user hears what is unclosed.
    if (pending.length && !terminal) run(pending.join('\n'));
    closed = true;
    if (terminal) output.write('\n');
    events.emit('exit');
  });

  ask();
  return Object.defineProperties(events, {
    session: { value: session, enumerable: true },
    history: { get: () => rlh.history, enumerable: true },
    status: { get: () => status, enumerable: true },
    close: { value: () => rl.close() },
  }) as MatdiffRepl;
}
