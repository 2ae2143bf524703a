/**
 * Declared facts beyond spd/simplex(k)/positive (issue 9 item 5): `D : diagonal(n)`,
 * `Q : orthogonal(n)` and `Y : simplex(k, m)`. Parsing, errors that say what is right, the
 * REPL's echo, :vars and :save, and the JSON printer.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MatdiffError } from '../../src/core/errors';
import { formatError } from '../../src/core/report';
import { parseProgram } from '../../src/parse';
import { toJson } from '../../src/print/json';
import { Session, render } from '../../src/repl';

const PROGRAM = 'D : diagonal(n); Q : orthogonal(n); Y : simplex(k, m); p : simplex(k)\ntr(D * Q) + sum(Y) + sum(p)';

describe('the new declarations', () => {
  const p = parseProgram(PROGRAM);
  const decl = (name: string) => p.scope.declaration(name)!;

  test('diagonal(n) is a square matrix with the diagonal domain, and symmetric', () => {
    expect([decl('D').shape, decl('D').symmetric, decl('D').domain]).toEqual([{ rows: 'n', cols: 'n' }, true, 'diagonal']);
    expect(decl('D').node.domain).toBe('diagonal');
  });
  test('orthogonal(n) is a square matrix with the orthogonal domain, not symmetric', () => {
    expect([decl('Q').shape, decl('Q').symmetric, decl('Q').domain]).toEqual([{ rows: 'n', cols: 'n' }, false, 'orthogonal']);
  });
  test('simplex(k, m) is a k×m matrix with the simplex domain; simplex(k) stays a k-vector', () => {
    expect([decl('Y').shape, decl('Y').domain]).toEqual([{ rows: 'k', cols: 'm' }, 'simplex']);
    expect([decl('p').shape, decl('p').domain]).toEqual([{ rows: 'k', cols: 1 }, 'simplex']);
  });
  test('literal sizes work too', () => {
    const q = parseProgram('Q : orthogonal(3); Y : simplex(2, 4)\nsum(Q) + sum(Y)');
    expect(q.scope.declaration('Q')!.shape).toEqual({ rows: 3, cols: 3 });
    expect(q.scope.declaration('Y')!.shape).toEqual({ rows: 2, cols: 4 });
  });
  test('the domain is part of the variable: the same name declared otherwise is another node of the graph', () => {
    const a = parseProgram('D : diagonal(n)\nD');
    const b = parseProgram('D : symmetric(n)\nD', { graph: a.graph });
    expect(b.result).not.toBe(a.result);
    expect([a.result!.domain, b.result!.domain, b.result!.symmetric]).toEqual(['diagonal', undefined, true]);
  });
});

describe('wrong arguments say what is right, at the type', () => {
  const error = (src: string): MatdiffError => {
    try {
      parseProgram(src);
    } catch (e) {
      if (e instanceof MatdiffError) return e;
      throw e;
    }
    throw new Error(`expected an error for ${src}`);
  };
  test.each([
    [
      'Q : orthogonal(m, n)',
      'orthogonal takes one dimension, not 2',
      'orthogonal(m, n)',
      /write orthogonal\(n\) \(an orthogonal matrix is square.*declare matrix\(m, n\)\)/,
    ],
    ['Q : orthogonal', 'orthogonal takes one dimension, not 0', 'orthogonal', /write orthogonal\(n\)/],
    ['D : diagonal(m, n)', 'diagonal takes one dimension, not 2', 'diagonal(m, n)', /write diagonal\(n\) \(a diagonal matrix is square\)/],
    [
      'Y : simplex(k, m, l)',
      'simplex takes one dimension or two dimensions, not 3',
      'simplex(k, m, l)',
      /write simplex\(k\) or simplex\(k, m\) \(simplex\(k\) is a probability vector, simplex\(k, m\) a k×m matrix whose every column is one\)/,
    ],
    ['Y : simplex', 'simplex takes one dimension or two dimensions, not 0', 'simplex', /write simplex\(k\) or simplex\(k, m\)/],
    ['Q : orthogonl(n)', 'unknown type `orthogonal`', 'orthogonl(n)', /did you mean `orthogonal`\?/],
  ])('%s', (src, message, at, hint) => {
    const e = error(`${src}\n1`);
    expect(e.kind).toBe('declaration');
    if (message.startsWith('unknown type')) expect(e.message).toBe('unknown type `orthogonl`');
    else expect(e.message).toBe(message);
    expect(e.hint).toMatch(hint);
    expect(e.hint).toMatch(/a type is .*diagonal\(n\), orthogonal\(n\), simplex\(k\), simplex\(k, m\) or positive$/);
    expect(src.slice(e.span!.start.col - 1, e.span!.end.col - 1)).toBe(at);
    expect(formatError(e, `${src}\n1`, 'p.mdf')).toMatch(new RegExp(`^p\\.mdf:1:${e.span!.start.col}: `));
  });
  test('a size of 0 is refused as for every type', () => {
    const e = error('D : diagonal(0)\n1');
    expect([e.message, e.hint]).toEqual([
      'a dimension must be a positive integer or a symbol, not 0',
      'write a size such as 3, or a symbol such as n that stands for a size',
    ]);
  });
  test('a diagonal or orthogonal variable is still used with its shape: D * x needs matching sizes', () => {
    const e = error('D : diagonal(n); x : vector(m)\nD * x');
    expect(e.kind).toBe('shape');
  });
});

describe('the REPL and the JSON printer carry the new declarations', () => {
  test(':save writes them back as declared and the file loads to the same state', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'matdiff-declared-'));
    try {
      const s = new Session({ cwd: dir });
      const echoed = ['D : diagonal(n)', 'Q : orthogonal(n)', 'Y : simplex(k, m)', 'p : simplex(k)'].map((line) => render(s.execute(line), false));
      expect(echoed.join('\n')).toBe('D : diagonal(n)\nQ : orthogonal(n)\nY : simplex(k, m)\np : simplex(k)');
      expect(render(s.execute(':vars'), false)).toMatch(/D : diagonal\(n\)\nQ : orthogonal\(n\)\nY : simplex\(k, m\)\np : simplex\(k\)/);
      render(s.execute(':save out.mdf'), false);
      const text = fs.readFileSync(path.join(dir, 'out.mdf'), 'utf8');
      expect(text).toMatch(/D : diagonal\(n\)\nQ : orthogonal\(n\)\nY : simplex\(k, m\)\np : simplex\(k\)/);
      const back = parseProgram(text);
      expect(['D', 'Q', 'Y', 'p'].map((n) => [back.scope.declaration(n)!.domain, back.scope.declaration(n)!.shape])).toEqual([
        ['diagonal', { rows: 'n', cols: 'n' }],
        ['orthogonal', { rows: 'n', cols: 'n' }],
        ['simplex', { rows: 'k', cols: 'm' }],
        ['simplex', { rows: 'k', cols: 1 }],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  test('the JSON printer gives each variable its domain', () => {
    const p = parseProgram(PROGRAM);
    const vars = toJson(p.result!).nodes.filter((n) => n.op === 'var');
    expect(Object.fromEntries(vars.map((n) => [n.name, n.domain]))).toEqual({ D: 'diagonal', Q: 'orthogonal', Y: 'simplex', p: 'simplex' });
  });
});
