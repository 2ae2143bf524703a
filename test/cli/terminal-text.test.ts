/**
 * User text reaches the terminal escaped and capped (issue 8, finding 12): control characters
 * from program files, data keys and arguments are shown as \xNN / \u{...}, excerpts of long lines
 * and long strings are cut with "… (N more characters)", and the caret stays under the spot.
 */
import { formatError as formatErrorForTerminal } from '../../src/core/report';
import { cap, escapeControls, quoteSafe } from '../../src/core/terminal-text';
import { MatdiffError } from '../../src/core/errors';
import { Session, render } from '../../src/repl';
import { cli, scratch } from './helpers';

/** Any raw control character a terminal would act on (tab and newline are fine). */
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

describe('escaping', () => {
  test('C0, DEL, C1, bidi overrides and lone surrogates are escaped; text, tabs, newlines and pairs are kept', () => {
    expect(escapeControls('a\x1b[2Jb')).toBe('a\\x1b[2Jb');
    expect(escapeControls('\x00\x07\x7f\x9b')).toBe('\\x00\\x07\\x7f\\x9b');
    expect(escapeControls('abc\u202edef\u2066')).toBe('abc\\u{202e}def\\u{2066}');
    expect(escapeControls('x\ud800y\udc00')).toBe('x\\u{d800}y\\u{dc00}');
    expect(escapeControls('σ(Ax) ⊙ 𝐱\tend\nnext')).toBe('σ(Ax) ⊙ 𝐱\tend\nnext');
  });

  test('caps say how much was left out', () => {
    expect(cap('abcdef', 4)).toBe('abcd… (2 more characters)');
    expect(cap('abc', 4)).toBe('abc');
    expect(quoteSafe('\x1b'.repeat(100), 8)).toBe('\\x1b\\x1b… (98 more characters)');
  });
});

describe('errors in program files', () => {
  test('an ESC sequence in a program is shown escaped, with the caret under it and the real column', async () => {
    const dir = scratch({ 'p.md': 'x : scalar\nab + \x1b]0;pwned\x07x\n' });
    const r = await cli(['print', 'p.md'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe("p.md:2:6: unknown character '\\x1b' (U+001B)");
    expect(lines[1]).toBe('ab + \\x1b]0;pwned\\x07x');
    expect(lines[2]).toBe('     ^~~~');
  });

  test('a bidi override in a program is escaped', async () => {
    const r = await cli(['print', '-e', 'x : scalar\nx \u202e+ 1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('\\u{202e}');
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });

  test('a 3,000-character line shows an excerpt around the error, the caret under it', async () => {
    const long = 'y'.repeat(3000);
    const dir = scratch({ 'p.md': `x : scalar\n${long} x +* 2\n` });
    const r = await cli(['print', 'p.md'], { cwd: dir });
    expect(r.code).toBe(2);
    const [head, line, caret] = r.stderr.split('\n');
    expect(head).toMatch(/^p\.md:2:3002: /);
    expect(line.length).toBeLessThan(260);
    expect(line.startsWith('…')).toBe(true);
    expect(line[caret.indexOf('^')]).toBe('x');
  });
});

describe('errors in data files', () => {
  test('a data key with an ESC sequence is escaped in the message and the excerpt', async () => {
    const dir = scratch({ 'd.json': '{"a\\u001b[2J": 1, "\u001b]0;t\u0007": 2}' });
    const r = await cli(['eval', '-e', 'x : scalar; x', '--data', 'd.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.stderr).toMatch(/unknown name/);
  });

  test('a 2 MB data string (finding: 10 MB gave 30 MB of stderr) gives a few hundred bytes', async () => {
    const dir = scratch({ 'd.json': JSON.stringify({ x: 'a\u001b'.repeat(1_000_000) }) });
    const r = await cli(['eval', '-e', 'x : scalar; x', '--data', 'd.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.length).toBeLessThan(2000);
    expect(r.stderr).toMatch(/more characters\)/);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });
});

describe('everything else on stderr', () => {
  test("commander's messages echo arguments escaped", async () => {
    const r = await cli(['print', '--\x1b[2Jbogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('\\x1b[2Jbogus');
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });

  test('a --wrt name with control characters is escaped', async () => {
    const r = await cli(['grad', '-e', 'x : scalar; x^2', '--wrt', 'y\x1b[31m']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('y\\x1b[31m');
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });
});

describe('the REPL', () => {
  test('errors from typed lines and loaded files are escaped; the colours are the REPL’s own', () => {
    const dir = scratch({ 'bad.mdf': 'x : scalar\n\x1b[2J\u202e\n' });
    const s = new Session({ cwd: dir });
    const typed = render(s.execute('x : vector(n)\nx \x1b[31m+ 1'), true);
    expect(typed.replace(/\x1b\[(31|39)m/g, '')).not.toMatch(RAW_CONTROL);
    expect(typed).toContain("unknown character '\\x1b'");
    const loaded = render(s.execute(':load bad.mdf'), false);
    expect(loaded.split('\n').slice(0, 3)).toEqual(["bad.mdf:2:1: unknown character '\\x1b' (U+001B)", '\\x1b[2J\\u{202e}', '^~~~']);
  });

  test('internal error messages are escaped and capped too', () => {
    const s = new Session();
    s.parseExpr = () => {
      throw new Error('\x1b[2J' + 'z'.repeat(10_000));
    };
    const out = render(s.execute(':latex x'), false);
    expect(out).not.toMatch(RAW_CONTROL);
    expect(out.length).toBeLessThan(1000);
  });
});

test('formatErrorForTerminal is formatError for plain input', () => {
  const source = 'A : matrix(m, n)\nx : vector(m)\nA * x';
  const span = { start: { offset: 31, line: 3, col: 1 }, end: { offset: 36, line: 3, col: 6 } };
  const e = new MatdiffError('shape', 'cannot multiply', span, 'transpose one side');
  expect(formatErrorForTerminal(e, source, 'f.md')).toBe('f.md:3:1: cannot multiply\nA * x\n^~~~~\nhint: transpose one side');
  const end = new MatdiffError('syntax', 'unexpected end of input', { start: { offset: 3, line: 1, col: 4 }, end: { offset: 3, line: 1, col: 4 } });
  expect(formatErrorForTerminal(end, 'x -', 'f')).toBe('f:1:4: unexpected end of input\nx -\n   ^');
});
