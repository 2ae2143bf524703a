/**
 * Every transcript in README.md is real: each `$ npx matdiff ...` line in a ```console block is
 * run (in-process, from the project root) and its output compared line by line with the lines
 * that follow it. A line `...` matches any number of lines. `cat FILE | npx matdiff ...` feeds
 * FILE to standard input. Commands run as if piped (standard output not a terminal), so the
 * default format is text; a transcript that shows Unicode says --format unicode.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { cli } from './helpers';

const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

interface Transcript {
  readonly command: string;
  readonly expected: string[];
}

function transcripts(): Transcript[] {
  const out: Transcript[] = [];
  for (const block of readme.matchAll(/```console\n([\s\S]*?)```/g)) {
    let current: { command: string; expected: string[] } | undefined;
    for (const line of block[1].replace(/\n$/, '').split('\n')) {
      if (line.startsWith('$ ')) out.push((current = { command: line.slice(2), expected: [] }));
      else if (current) current.expected.push(line);
      else throw new Error(`README: output before any command: ${line}`);
    }
  }
  return out;
}

/** Shell words: spaces separate; '...' is literal; "..." allows \" and \\. */
function words(command: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (c === ' ') {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      cur += command.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      i++;
      while (command[i] !== '"') {
        if (command[i] === '\\' && (command[i + 1] === '"' || command[i + 1] === '\\')) i++;
        cur += command[i++];
      }
      inWord = true;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

function matches(actual: string[], expected: string[]): boolean {
  // `...` matches any run of lines (including none).
  const go = (a: number, e: number): boolean => {
    if (e === expected.length) return a === actual.length;
    if (expected[e] === '...') {
      for (let k = a; k <= actual.length; k++) if (go(k, e + 1)) return true;
      return false;
    }
    return a < actual.length && actual[a] === expected[e] && go(a + 1, e + 1);
  };
  return go(0, 0);
}

const all = transcripts();

test('the README has transcripts', () => {
  expect(all.length).toBeGreaterThanOrEqual(10);
});

test.each(all.map((t) => [t.command, t] as const))('README: $ %s', async (_c, t) => {
  let stdin: string | undefined;
  let command = t.command;
  const piped = /^cat (\S+) \| (.*)$/.exec(command);
  if (piped) {
    stdin = readFileSync(join(root, piped[1]), 'utf8');
    command = piped[2];
  }
  const argv = words(command);
  expect(argv.slice(0, 2)).toEqual(['npx', 'matdiff']);
  const r = await cli(argv.slice(2), { cwd: root, stdin });
  const actual = (r.stdout + r.stderr).replace(/\n$/, '').split('\n');
  if (!matches(actual, t.expected)) expect(actual.join('\n')).toBe(t.expected.join('\n'));
  expect(r.code).toBe(/^(different)/.test(actual[0]) ? 1 : t.expected.some((l) => l.startsWith('hint:')) ? 2 : 0);
});
