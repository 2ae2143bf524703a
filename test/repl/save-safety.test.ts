/**
 * The REPL writes files through src/cli/safe-write.ts (issue 8, findings 10 and 11): `:save`
 * refuses devices and links, keeps an existing file's mode, and the history trim keeps the
 * history file private (0600).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MAX_ENTRIES, Session, readHistory, render } from '../../src/repl';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'matdiff-save-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = (s: Session, ...inputs: string[]) => inputs.map((i) => render(s.execute(i), false));
const isRoot = process.getuid?.() === 0;

test(':save to a character device is refused with a located message, and the device stays', () => {
  let dev = '/dev/null';
  if (isRoot) {
    dev = path.join(dir, 'null-device');
    expect(spawnSync('mknod', [dev, 'c', '1', '3']).status).toBe(0);
  }
  const s = new Session({ cwd: dir });
  run(s, 'x : vector(n)');
  const out = run(s, `:save ${dev}`)[0].split('\n');
  expect(out[0]).toBe(`<repl>:1:7: cannot write ${dev}: it is a character device, not a regular file; matdiff writes only regular files`);
  expect(out[2]).toMatch(/^ {6}\^~+$/);
  expect(out[3]).toMatch(/^hint: /);
  expect(fs.lstatSync(dev).isCharacterDevice()).toBe(true);
});

test(':save through a symbolic link is refused, saying it is a link', () => {
  fs.writeFileSync(path.join(dir, 'real.mdf'), 'old\n');
  fs.symlinkSync('real.mdf', path.join(dir, 'link.mdf'));
  const s = new Session({ cwd: dir });
  run(s, 'x : vector(n)');
  expect(run(s, ':save link.mdf')[0]).toMatch(/cannot write link\.mdf: it is a symbolic link \(to real\.mdf\)/);
  expect(fs.readFileSync(path.join(dir, 'real.mdf'), 'utf8')).toBe('old\n');
  expect(fs.lstatSync(path.join(dir, 'link.mdf')).isSymbolicLink()).toBe(true);
});

test(':save over a 0600 file keeps it 0600', () => {
  const file = path.join(dir, 's.mdf');
  fs.writeFileSync(file, 'old\n', { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  const s = new Session({ cwd: dir });
  run(s, 'x : vector(n)', 'J = sum(x)');
  expect(run(s, ':save s.mdf')[0]).toBe('saved 1 declaration and 1 definition to s.mdf');
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  expect(fs.readFileSync(file, 'utf8')).toContain('J = sum(x)');
  expect(fs.readdirSync(dir)).toEqual(['s.mdf']);
});

test('trimming the history keeps it 0600 (and follows a link to it, as appending does)', () => {
  const file = path.join(dir, 'history');
  fs.writeFileSync(file, Array.from({ length: MAX_ENTRIES + 5 }, (_, i) => `line ${i}`).join('\n') + '\n');
  fs.chmodSync(file, 0o600);
  expect(readHistory(file)).toHaveLength(MAX_ENTRIES);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);

  fs.appendFileSync(file, Array.from({ length: 10 }, (_, i) => `more ${i}`).join('\n') + '\n');
  const link = path.join(dir, 'history-link');
  fs.symlinkSync(file, link);
  expect(readHistory(link)).toHaveLength(MAX_ENTRIES);
  expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
  expect(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(MAX_ENTRIES);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  expect(fs.readdirSync(dir).sort()).toEqual(['history', 'history-link']);
});
