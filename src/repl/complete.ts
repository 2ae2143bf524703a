/** Tab completion: commands after `:`, formats after `:format`, files after `:load`/`:save`, else names and functions. */
import * as fs from 'fs';
import * as path from 'path';
import { FUNCTIONS } from '../parse';
import { commandNames } from './commands';
import { CALCULUS_FUNCTIONS } from './language';
import { DISPLAY_FORMATS } from './output';
import type { Session } from './session';

const KEYWORDS = ['check'];

const startingWith = (word: string, candidates: Iterable<string>) =>
  [...new Set(candidates)].filter((c) => c.startsWith(word)).sort();

function files(s: Session, partial: string): [string[], string] {
  const dir = path.dirname(partial);
  const base = path.basename(partial);
  const shownDir = partial.endsWith('/') ? partial : dir === '.' && !partial.startsWith('./') ? '' : dir + '/';
  const lookIn = path.resolve(s.cwd, partial.endsWith('/') ? partial : dir);
  let entries: fs.Dirent[] = [];
  try {
    entries = fs.readdirSync(lookIn, { withFileTypes: true });
  } catch {
    return [[], partial];
  }
  const prefix = partial.endsWith('/') ? '' : base;
  const hits = entries
    .filter((e) => e.name.startsWith(prefix) && !(prefix === '' && e.name.startsWith('.')))
    .map((e) => shownDir + e.name + (e.isDirectory() ? '/' : ''))
    .sort();
  return [hits, partial];
}

/** [completions, the text they complete], as readline's completer returns. */
export function complete(s: Session, line: string): [string[], string] {
  const cmd = /^\s*:(\w*)$/.exec(line);
  if (cmd) return [startingWith(cmd[1], commandNames()).map((c) => `:${c}`), `:${cmd[1]}`];
  const fmt = /^\s*:format\s+(\w*)$/.exec(line);
  if (fmt) return [startingWith(fmt[1], DISPLAY_FORMATS), fmt[1]];
  const file = /^\s*:(?:load|save)\s+(\S*)$/.exec(line) ?? /\swith\s+(\S*\.?\S*)$/.exec(line);
  if (file && !/=/.test(file[1])) return files(s, file[1]);
  const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(line)?.[0] ?? '';
  if (word === '') return [[], ''];
  const atStart = line.trim() === word;
  const candidates = [...s.scope.names(), ...FUNCTIONS.keys(), ...CALCULUS_FUNCTIONS, ...(atStart ? KEYWORDS : [])];
  return [startingWith(word, candidates), word];
}
