/**
 * The real binary as a process: the compiled dist/cjs/cli/main.js that package.json's bin names
 * (built by `npm run build`, which `npm test` runs first).
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { SEED } from './helpers';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const bin = join(root, pkg.bin.matdiff);

function run(args: string[], input?: string) {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run build first`);
  return spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', timeout: 60000 });
}

describe('the matdiff binary', () => {
  test('bin points at a node script', () => {
    expect(pkg.bin.matdiff).toBe('dist/cjs/cli/main.js');
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  test('grad of the seed from standard input prints the textbook gradient', () => {
    const r = run(['grad', '-', '--wrt', 'x', '--format', 'unicode'], SEED);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('(1/m) Aᵀ(σ(Ax) − b)\n');
  });

  test('bad input: a located message on stderr and exit status 2', () => {
    const r = run(['print', '-e', 'A : matrix(m, n)\nx : vector(m)\nA * x']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^<-e>:3:1: cannot multiply/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('the CLI does not load mathjs', () => {
    // A preloaded module reports, when the process ends, whether mathjs was ever required.
    const probe = join(mkdtempSync(join(tmpdir(), 'matdiff-bin-')), 'probe.js');
    writeFileSync(
      probe,
      "process.on('exit', () => { if (Object.keys(require.cache).some((k) => /[\\\\/]mathjs[\\\\/]/.test(k))) process.stdout.write('MATHJS LOADED'); });",
    );
    for (const args of [
      ['grad', '-e', "x : vector(n); x' * x", '--wrt', 'x'],
      ['print', '-e', 'x : scalar; exp(x)'],
    ]) {
      const r = spawnSync(process.execPath, ['-r', probe, bin, ...args], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout).not.toContain('MATHJS LOADED');
    }
    // The probe itself works: it sees mathjs when something loads it.
    const seen = spawnSync(process.execPath, ['-r', probe, '-e', "require('mathjs')"], { encoding: 'utf8', cwd: root });
    expect(seen.stdout).toContain('MATHJS LOADED');
  });
});
