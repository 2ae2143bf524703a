/** History: written to MATDIFF_HISTORY (or ~/.matdiff_history) as lines are entered, read back by the next session. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MAX_ENTRIES, historyPath, readHistory, startRepl } from '../../src/repl';
import { drive } from './drive';
import { PassThrough } from 'stream';

let dir: string;
const saved = process.env.MATDIFF_HISTORY;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'matdiff-hist-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  if (saved === undefined) delete process.env.MATDIFF_HISTORY;
  else process.env.MATDIFF_HISTORY = saved;
});

test('where history lives', () => {
  expect(historyPath(undefined, {})).toBe(path.join(os.homedir(), '.matdiff_history'));
  expect(historyPath(undefined, { MATDIFF_HISTORY: '/x/h' })).toBe('/x/h');
  expect(historyPath(undefined, { MATDIFF_HISTORY: '' })).toBeUndefined();
  expect(historyPath('/y', { MATDIFF_HISTORY: '/x/h' })).toBe('/y');
  expect(historyPath(null, { MATDIFF_HISTORY: '/x/h' })).toBeUndefined();
});

test('entered lines are written and the next session reads them back, newest first', async () => {
  const file = path.join(dir, 'history');
  process.env.MATDIFF_HISTORY = file;
  await drive(['x : vector(n)', '', 'sum(x)', 'sum(x)', 'x * x'], { historyFile: undefined });
  expect(fs.readFileSync(file, 'utf8')).toBe('x : vector(n)\nsum(x)\nx * x\n:quit\n');
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);

  const input = new PassThrough();
  const output = new PassThrough();
  const server = startRepl({ input, output, terminal: false, banner: false });
  expect((server as unknown as { history: string[] }).history).toEqual([':quit', 'x * x', 'sum(x)', 'x : vector(n)']);
  server.close();
});

test('the file is trimmed to the newest entries', () => {
  const file = path.join(dir, 'h');
  fs.writeFileSync(file, Array.from({ length: MAX_ENTRIES + 10 }, (_, i) => `line ${i}`).join('\n') + '\n');
  const lines = readHistory(file);
  expect(lines).toHaveLength(MAX_ENTRIES);
  expect(lines[0]).toBe('line 10');
  expect(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(MAX_ENTRIES);
});
