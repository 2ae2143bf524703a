/**
 * The matdiff REPL on node:repl. Declarations and definitions persist in a Session; each input
 * is executed by Session.execute (session.ts), which never throws and changes nothing when the
 * input fails. This file only wires streams, multi-line input (open parentheses), completion,
 * history and colour.
 *
 *   const server = startRepl();                       // stdin/stdout, ~/.matdiff_history
 *   startRepl({ input, output, terminal: false, historyFile: '/tmp/h' });
 */
import * as repl from 'node:repl';
import { terminalSafe } from '../core/terminal-text';
import { complete } from './complete';
import { HistoryWriter, historyPath, once, readHistory } from './history';
import { DisplayFormat, render } from './output';
import { Session } from './session';
import { openParens } from './text';

export { Session } from './session';
export type { SessionOptions } from './session';
export type { Chunk, DisplayFormat, Reply, Style } from './output';
export { render, DISPLAY_FORMATS } from './output';
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
  /** Treat the streams as a terminal (line editing, arrows); default: whether output is a TTY. */
  readonly terminal?: boolean;
  /** ANSI colours; default: only when output is a TTY. */
  readonly colour?: boolean;
  readonly format?: DisplayFormat;
  /** Directory relative paths are resolved against (default: the process's). */
  readonly cwd?: string;
  readonly prompt?: string;
  /** Print a one-line greeting first (default true). */
  readonly banner?: boolean;
}

export type MatdiffRepl = repl.REPLServer & { readonly session: Session };

export const BANNER = 'matdiff: matrix calculus. :help for the commands, :quit to leave.';

export function startRepl(opts: ReplOptions = {}): MatdiffRepl {
  const input = opts.input ?? process.stdin;
  const output = opts.output ?? process.stdout;
  const isTTY = (output as NodeJS.WriteStream).isTTY === true;
  const colour = opts.colour ?? isTTY;
  const session = new Session({ format: opts.format, cwd: opts.cwd });
  const file = historyPath(opts.historyFile);
  if (opts.banner !== false) output.write(BANNER + '\n');
  // History problems never stop the session; the first one is said, once.
  const warn = once((message) => output.write(terminalSafe(`matdiff: warning: ${message}`) + '\n'));
  const previous = file ? readHistory(file, warn) : [];
  const history = file ? new HistoryWriter(file, previous, warn) : undefined;

  const server = repl.start({
    prompt: opts.prompt ?? 'matdiff> ',
    input,
    output,
    terminal: opts.terminal ?? isTTY,
    ignoreUndefined: true,
    writer: (text: unknown) => String(text),
    completer: (line: string) => complete(session, line),
    eval: (cmd, _context, _file, callback) => {
      // Open parentheses: let node:repl ask for the next line and call again with both.
      if (openParens(cmd) > 0) return callback(new repl.Recoverable(new SyntaxError('open parenthesis')), undefined);
      const reply = session.execute(cmd);
      if (reply.quit) return server.close();
      const text = render(reply, colour);
      callback(null, text === '' ? undefined : text);
    },
  });
  // node:repl keeps history newest first.
  (server as unknown as { history: string[] }).history = previous.slice().reverse();
  // Before node:repl's own handler, so a warning comes before the reply, not after the next prompt.
  if (history) server.prependListener('line', (line: string) => history.record(line));
  return Object.assign(server, { session });
}
