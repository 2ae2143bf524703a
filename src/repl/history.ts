/**
 * REPL history across sessions: one line per entry in `~/.matdiff_history` (MATDIFF_HISTORY
 * moves it; an empty value turns it off). Entries are appended as they are entered, so a crash
 * loses nothing; the file is trimmed to the newest MAX_ENTRIES when a session starts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeRegularFile } from '../cli/safe-write';

export const MAX_ENTRIES = 1000;

/** Where history lives: the option, else $MATDIFF_HISTORY, else ~/.matdiff_history; undefined: none. */
export function historyPath(option: string | null | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (option === null) return undefined;
  if (option !== undefined) return option;
  const fromEnv = env.MATDIFF_HISTORY;
  if (fromEnv !== undefined) return fromEnv.trim() === '' ? undefined : fromEnv;
  return path.join(os.homedir(), '.matdiff_history');
}

/** Says what went wrong with the history file; the session goes on without it. */
export type HistoryWarning = (message: string) => void;

const codeOf = (err: unknown) => (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));

/** The stored entries, oldest first (none if the file does not exist yet). Problems are warned about, never thrown. */
export function readHistory(file: string, warn: HistoryWarning = () => {}): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warn(`cannot read the history file ${file} (${codeOf(err)}); starting without history`);
    return [];
  }
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length > MAX_ENTRIES) {
    const kept = lines.slice(-MAX_ENTRIES);
    try {
      writeRegularFile(file, kept.join('\n') + '\n', { newMode: 0o600, symlinks: 'follow' });
    } catch (err) {
      // Trimming is housekeeping: the history is still read, and appending may still work.
      warn(`cannot trim the history file ${file} to its newest ${MAX_ENTRIES} entries: ${err instanceof Error ? err.message : String(err)}`);
    }
    return kept;
  }
  return lines;
}

/** Records entered lines, skipping blanks and immediate repeats; the first failure is warned about, then it stops trying. */
export class HistoryWriter {
  private last: string | undefined;
  failed: string | undefined;

  constructor(
    readonly file: string,
    previous: readonly string[],
    private readonly warn: HistoryWarning = () => {},
  ) {
    this.last = previous[previous.length - 1];
  }

  record(line: string): void {
    if (line.trim() === '' || line === this.last || this.failed) return;
    this.last = line;
    try {
      fs.appendFileSync(this.file, line + '\n', { mode: 0o600 });
    } catch (err) {
      this.failed = codeOf(err);
      this.warn(`cannot write the history file ${this.file} (${this.failed}); the rest of this session is not kept in history`);
    }
  }
}

/** A warning function that speaks once: later problems with the same file add nothing new for the user. */
export function once(warn: HistoryWarning): HistoryWarning {
  let said = false;
  return (message) => {
    if (said) return;
    said = true;
    warn(message);
  };
}
