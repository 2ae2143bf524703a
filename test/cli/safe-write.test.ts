/**
 * `compile -o` writes regular files only (issue 8, findings 10 and 11): devices, FIFOs,
 * directories and symbolic links are refused with exit 2 and a message saying what the path is;
 * the program file itself is never overwritten (also through a link); an existing file keeps its
 * mode; no temporary file is left behind.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { join } from 'path';
import { cli, scratch } from './helpers';

const PROGRAM = "x : vector(n)\nx' * x\n";
const isRoot = process.getuid?.() === 0;

/** A character device to write at: /dev/null for a user (who cannot replace it), a private null device for root. */
function device(dir: string): string {
  if (!isRoot) return '/dev/null';
  const p = join(dir, 'null-device');
  const r = spawnSync('mknod', [p, 'c', '1', '3']);
  if (r.status !== 0) throw new Error(`test: mknod failed: ${r.stderr}`);
  return p;
}

const listing = (dir: string) => fs.readdirSync(dir).sort();

describe('compile -o writes regular files only', () => {
  test('a character device is refused and left a device', async () => {
    const dir = scratch({ 'p.md': PROGRAM });
    const dev = device(dir);
    const r = await cli(['compile', 'p.md', '-o', dev], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^matdiff: cannot write ${dev}: it is a character device, not a regular file`));
    expect(r.stderr).toMatch(/\nhint: /);
    expect(fs.lstatSync(dev).isCharacterDevice()).toBe(true);
    expect(listing(dir)).toEqual(isRoot ? ['null-device', 'p.md'] : ['p.md']);
  });

  test('a FIFO and a directory are refused', async () => {
    const dir = scratch({ 'p.md': PROGRAM });
    expect(spawnSync('mkfifo', [join(dir, 'pipe')]).status).toBe(0);
    fs.mkdirSync(join(dir, 'out'));
    const fifo = await cli(['compile', 'p.md', '-o', 'pipe'], { cwd: dir });
    expect(fifo.code).toBe(2);
    expect(fifo.stderr).toMatch(/^matdiff: cannot write pipe: it is a FIFO \(named pipe\), not a regular file/);
    expect(fs.lstatSync(join(dir, 'pipe')).isFIFO()).toBe(true);
    const d = await cli(['compile', 'p.md', '-o', 'out'], { cwd: dir });
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/^matdiff: cannot write out: it is a directory, not a regular file/);
    expect(d.stderr).toMatch(/hint: give a file name, e.g. out\/out\.js/);
    expect(listing(dir)).toEqual(['out', 'p.md', 'pipe']);
    expect(listing(join(dir, 'out'))).toEqual([]);
  });

  test('a symbolic link is refused, saying so, and stays a link', async () => {
    const dir = scratch({ 'p.md': PROGRAM, 'real.js': 'old\n' });
    fs.symlinkSync('real.js', join(dir, 'link.js'));
    const r = await cli(['compile', 'p.md', '-o', 'link.js'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^matdiff: cannot write link\.js: it is a symbolic link \(to real\.js\); matdiff does not write through symbolic links/);
    expect(fs.lstatSync(join(dir, 'link.js')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(join(dir, 'real.js'), 'utf8')).toBe('old\n');
  });

  test('the program file is not overwritten: by its own name, another spelling, or a hard link', async () => {
    const dir = scratch({ 'p.md': PROGRAM });
    fs.mkdirSync(join(dir, 'sub'));
    fs.linkSync(join(dir, 'p.md'), join(dir, 'hard.md'));
    for (const out of ['p.md', './sub/../p.md', join(dir, 'p.md'), 'hard.md']) {
      const r = await cli(['compile', 'p.md', '-o', out], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/it is the program file this command compiles/);
    }
    // The program read through a link is protected too.
    fs.symlinkSync('p.md', join(dir, 'alias.md'));
    const viaLink = await cli(['compile', 'alias.md', '-o', 'p.md'], { cwd: dir });
    expect(viaLink.code).toBe(2);
    expect(viaLink.stderr).toMatch(/it is the program file this command compiles/);
    expect(fs.readFileSync(join(dir, 'p.md'), 'utf8')).toBe(PROGRAM);
  });

  test('an existing 0600 file stays 0600; a new file is made; no temporary file is left', async () => {
    const dir = scratch({ 'p.md': PROGRAM, 'out.js': 'old\n' });
    fs.chmodSync(join(dir, 'out.js'), 0o600);
    const r = await cli(['compile', 'p.md', '-o', 'out.js'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(fs.readFileSync(join(dir, 'out.js'), 'utf8')).toMatch(/export|module\.exports/);
    expect(fs.statSync(join(dir, 'out.js')).mode & 0o777).toBe(0o600);
    fs.chmodSync(join(dir, 'out.js'), 0o640);
    expect((await cli(['compile', 'p.md', '-o', 'out.js'], { cwd: dir })).code).toBe(0);
    expect(fs.statSync(join(dir, 'out.js')).mode & 0o777).toBe(0o640);
    expect((await cli(['compile', 'p.md', '-o', 'new.js'], { cwd: dir })).code).toBe(0);
    expect(listing(dir)).toEqual(['new.js', 'out.js', 'p.md']);
  });

  test('a missing directory is a clear error, exit 2', async () => {
    const dir = scratch({ 'p.md': PROGRAM });
    const r = await cli(['compile', 'p.md', '-o', 'nodir/out.js'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^matdiff: cannot write nodir\/out\.js \(ENOENT\): the directory .*nodir does not exist\nhint: /);
    expect(listing(dir)).toEqual(['p.md']);
  });
});
