/**
 * Tab completion: commands after `:`, formats and settings after `:format`/`:set`, help topics
 * after `:help`, files after `:load`/`:save`/`with`, else names and functions, also where a name
 * is about to start (after `(`, `,` or an operator): after `grad(J, ` the declared variables.
 */
import * as fs from 'fs';
import * as path from 'path';
import { FUNCTIONS } from '../parse';
import { commandNames } from './commands';
import { CALCULUS_FUNCTIONS } from './language';
import { DISPLAY_FORMATS, PRINT_MODES } from './output';
import type { Session } from './session';

const KEYWORDS = ['check'];
const NAME = /[A-Za-z_\u0370-\u03ff][A-Za-z0-9_\u0370-\u03ff]*$/;

/** The function whose argument list the end of `line` is in, and which argument (0-based), if any. */
function enclosingCall(line: string): { fn: string; index: number } | undefined {
  let depth = 0;
  let index = 0;
  for (let i = line.length - 1; i >= 0; i--) {
    const ch = line[i];
    if (ch === ')') depth++;
    else if (ch === '(') {
      if (depth === 0) {
        const fn = NAME.exec(line.slice(0, i))?.[0];
        return fn ? { fn, index } : undefined;
      }
      depth--;
    } else if (ch === ',' && depth === 0) index++;
  }
  return undefined;
}

const startingWith = (word: string, candidates: Iterable<string>) => [...new Set(candidates)].filter((c) => c.startsWith(word)).sort();

function files(s: Session, partial: string): [string[], string] {
  const dir = path.dirname(partial);
  const base = path.basename(partial);
  const shownDir = partial.endsWith('/') ? partial : dir === '.' && !partial.startsWith('./') ? '' : dir + '/';
  const lookIn = path.resolve(s.cwd, partial.endsWith('/') ? partial : dir);
  let entries: fs.Dirent[];
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
  const fmt = /^\s*:(?:format|set\s+format)\s+(\w*)$/.exec(line);
  if (fmt) return [startingWith(fmt[1], DISPLAY_FORMATS), fmt[1]];
  const print = /^\s*:set\s+print\s+(\w*)$/.exec(line);
  if (print) return [startingWith(print[1], PRINT_MODES), print[1]];
  const setting = /^\s*:set\s+(\w*)$/.exec(line);
  if (setting) return [startingWith(setting[1], ['format', 'print']), setting[1]];
  const help = /^\s*:(?:help|h)\s+(:?\w*)$/.exec(line);
  if (help) {
    const topics = help[1].startsWith(':')
      ? commandNames().map((c) => `:${c}`)
      : [...commandNames(), ...FUNCTIONS.keys(), ...CALCULUS_FUNCTIONS, ...KEYWORDS, 'ans', ...s.scope.names()];
    return [startingWith(help[1], topics), help[1]];
  }
  // After :eval's `with`: sizes, values and the seed by name (name=), and, as the first item, data files.
  const item = /\swith\s+((?:[^,]*,\s*)*)([^\s,=]*)$/.exec(line);
  if (item && /^:eval!?\s/.test(line.trimStart())) {
    const named = startingWith(item[2], [...s.scope.dimensions.keys(), ...s.scope.declarations.keys(), 'seed']).map((n) => `${n}=`);
    const data = item[1] === '' ? files(s, item[2])[0] : [];
    return [[...named, ...data], item[2]];
  }
  const file = /^\s*:(?:load|save)\s+(\S*)$/.exec(line);
  if (file) return files(s, file[1]);
  const word = NAME.exec(line)?.[0] ?? '';
  const before = line.slice(0, line.length - word.length);
  // A name can start here: at the start, or after an opening parenthesis, a comma or an operator.
  if (word === '' && !/(^|[(,=+\-*/^.<>\s])\s*$/.test(before)) return [[], ''];
  if (word === '' && /^\s*$/.test(before)) return [[], ''];
  const call = enclosingCall(before);
  // The variable argument of grad, hessian, jacobian: only declared variables make sense.
  if (call && (CALCULUS_FUNCTIONS as readonly string[]).includes(call.fn) && call.index === 1) return [startingWith(word, s.scope.declarations.keys()), word];
  const atStart = line.trim() === word;
  const names = [...s.scope.declarations.keys(), ...s.scope.definitions.keys()];
  const candidates = [...names, ...FUNCTIONS.keys(), ...CALCULUS_FUNCTIONS, ...(atStart ? KEYWORDS : [])];
  if (word === '') return [[...new Set(names)].sort(), ''];
  return [startingWith(word, [...candidates, ...s.scope.dimensions.keys()]), word];
}
