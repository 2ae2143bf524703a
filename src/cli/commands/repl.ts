/**
 * `matdiff repl` (and `matdiff` alone): the interactive session from src/repl, loaded only when
 * asked for. Resolves when the session ends (:quit, Ctrl-D, the end of piped input) to its exit
 * status: 0 on a terminal; with piped input the worst of what its inputs came to.
 */
import { startRepl } from '../../repl';
import type { DisplayFormat } from '../../repl';
import { EXIT_OK } from '../failure';
import { Io } from '../io';

export interface ReplCommandOptions {
  readonly format?: DisplayFormat;
  /** History file; false turns history off (default: $MATDIFF_HISTORY, else ~/.matdiff_history). */
  readonly history?: string | false;
}

export async function runRepl(opts: ReplCommandOptions, io: Io): Promise<number> {
  // The REPL talks to the terminal (process.stdin/stdout) itself.
  const server = startRepl({
    format: opts.format,
    cwd: io.cwd,
    historyFile: opts.history === false ? null : opts.history,
  });
  await new Promise<void>((resolve) => server.on('exit', () => resolve()));
  // A terminal session ends well however its inputs went; a piped one says how they went
  // (1 a check found a difference, 2 an input was bad, 3 an internal error), like the commands.
  return process.stdin.isTTY ? EXIT_OK : server.status;
}
