/**
 * Binary files are refused before they are parsed, and a UTF-8 byte order mark is dropped
 * (issue 8, finding 12 and the BOM item): a PROGRAM, a data file, standard input, REPL :load
 * and :eval's data file.
 */
import * as fs from 'fs';
import { join } from 'path';
import { decodeUserText } from '../../src/cli/user-text';
import { Session, render } from '../../src/repl';
import { cli, scratch } from './helpers';

const BOM = '\ufeff';
/** The start of an ELF binary, as `:load /bin/ls` saw it. */
const ELF = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0x0a, 0x78]);

function dirWith(files: Record<string, string | Buffer>): string {
  const dir = scratch({});
  for (const [name, data] of Object.entries(files)) fs.writeFileSync(join(dir, name), data);
  return dir;
}

describe('a binary PROGRAM is refused, exit 2', () => {
  test('a file with NUL bytes', async () => {
    const dir = dirWith({ 'prog.bin': ELF });
    const r = await cli(['print', 'prog.bin'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'matdiff: program file prog.bin is not a text file: it contains a NUL byte (at byte 7)\nhint: give a UTF-8 text file (a program in the matdiff notation, or JSON data)\n',
    );
  });

  test('a file that is not UTF-8', async () => {
    const dir = dirWith({ 'latin1.md': Buffer.concat([Buffer.from('x : scalar\n'), Buffer.from([0xe9, 0x74, 0xe9]), Buffer.from('\n')]) });
    const r = await cli(['grad', 'latin1.md', '--wrt', 'x'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^matdiff: program file latin1\.md is not a text file: it is not valid UTF-8 \(at byte 11\)\n/);
  });

  test('standard input with NUL characters', async () => {
    const r = await cli(['print', '-'], { stdin: 'x : scalar\n\0x' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^matdiff: standard input is not a text file: it contains a NUL character/);
  });

  test('a binary data file', async () => {
    const dir = dirWith({ 'd.json': ELF });
    const r = await cli(['eval', '-e', 'x : scalar; x', '--data', 'd.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^matdiff: data file d\.json is not a text file/);
  });

  test('the byte-level decoder used for standard input', () => {
    expect(() => decodeUserText(ELF, 'standard input')).toThrow(/standard input is not a text file: it contains a NUL byte \(at byte 7\)/);
    expect(decodeUserText(Buffer.from(BOM + 'x', 'utf8'), 'f')).toBe('x');
  });
});

describe('a leading BOM is dropped', () => {
  test('in a program file, standard input and a data file', async () => {
    const dir = dirWith({ 'p.md': `${BOM}x : scalar\nx^2\n`, 'd.json': `${BOM}{"x": 3}` });
    const file = await cli(['print', 'p.md'], { cwd: dir });
    expect(file).toEqual({ code: 0, stdout: 'x^2\n', stderr: '' });
    const stdin = await cli(['grad', '-', '--wrt', 'x'], { stdin: `${BOM}x : scalar\nx^2\n` });
    expect(stdin).toMatchObject({ code: 0, stdout: '2 * x\n' });
    const data = await cli(['eval', 'p.md', '--data', 'd.json'], { cwd: dir });
    expect(data).toMatchObject({ code: 0, stdout: '{\n  "value": 9\n}\n' });
  });
});

describe('the REPL', () => {
  test(':load of a binary is a short located error; a BOM file loads', () => {
    const dir = dirWith({ ls: Buffer.concat([ELF, Buffer.alloc(100_000, 0x1b)]), 'p.mdf': `${BOM}x : vector(n)\nJ = sum(x)\n` });
    const s = new Session({ cwd: dir });
    const out = render(s.execute(':load ls'), false);
    expect(out.split('\n')).toEqual([
      '<repl>:1:7: ls is not a text file: it contains a NUL byte (at byte 7)',
      ':load ls',
      '      ^~',
      'hint: give a UTF-8 text file (a program in the matdiff notation, or JSON data)',
    ]);
    expect(render(s.execute(':load p.mdf'), false)).toBe('loaded p.mdf: 1 declaration, 1 definition\nx : vector(n)\nJ = sum(x)  : scalar');
  });

  test(':eval with a binary data file is refused', () => {
    const dir = dirWith({ 'd.json': ELF });
    const s = new Session({ cwd: dir });
    s.execute('x : scalar');
    expect(render(s.execute(':eval x with d.json'), false)).toMatch(/d\.json is not a text file: it contains a NUL byte/);
  });
});
