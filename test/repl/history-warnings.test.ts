/** History problems are said once, as a warning line, and never stop the session (issue 8, finding 11). */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { drive } from './drive';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'matdiff-histwarn-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Warning lines (in a piped session they follow the prompt, as replies do). */
const warnings = (raw: string) =>
  raw
    .split('\n')
    .filter((l) => l.includes('warning'))
    .map((l) => l.replace(/^(matdiff> )+/, ''));

test('a history file that cannot be written: one warning, and the session goes on', async () => {
  const file = path.join(dir, 'no-such-dir', 'history');
  const t = await drive(['x : vector(n)', 'sum(x)', 'x'], { historyFile: file });
  const w = warnings(t.raw);
  expect(w).toEqual([`matdiff: warning: cannot write the history file ${file} (ENOENT); the rest of this session is not kept in history`]);
  // Said before the reply to the line that failed, not after the next prompt.
  expect(t.raw).toContain(`${w[0]}\nx : vector(n)\n`);
  expect(t.raw).toContain('sum(x)  : scalar');
  expect(t.raw).toContain('x  : vector(n)');
});

test('a history path that is a directory: one warning in all (reading, then writing)', async () => {
  const t = await drive(['x : vector(n)', 'x'], { historyFile: dir });
  const w = warnings(t.raw);
  expect(w).toHaveLength(1);
  expect(w[0]).toBe(`matdiff: warning: cannot read the history file ${dir} (EISDIR); starting without history`);
  expect(t.raw).toContain('x  : vector(n)');
});

test('a history file that works gives no warning', async () => {
  const t = await drive(['x : vector(n)'], { historyFile: path.join(dir, 'h') });
  expect(warnings(t.raw)).toEqual([]);
});
