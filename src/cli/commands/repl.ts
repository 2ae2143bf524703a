/**
 * `matdiff repl` (and `matdiff` alone): the interactive session from src/repl, loaded only when
 * asked for. The REPL module is written separately; it is required by path so that the CLI
 * builds whether or not it is present, and a clear message says when it is not.
 */
import { MatdiffError } from '../../core/errors';
import { EXIT_OK } from '../failure';
import { Io } from '../io';

interface ReplModule {
  startRepl?: (options?: Record<string, unknown>) => unknown;
}

function loadRepl(): ReplModule | undefined {
  const path = '../../repl';
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path) as ReplModule;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && /repl/.test((e as Error).message)) return undefined;
    throw e;
  }
}

export async function runRepl(io: Io): Promise<number> {
  void io; // the REPL talks to the terminal itself
  const mod = loadRepl();
  if (!mod || typeof mod.startRepl !== 'function')
    throw new MatdiffError('unsupported', 'the REPL is not available in this build', undefined, 'use the one-shot commands: matdiff print | grad | eval | check | compile (see matdiff --help)');
  // The REPL runs until the user quits; its promise (if any) settles then.
  await mod.startRepl();
  return EXIT_OK;
}
