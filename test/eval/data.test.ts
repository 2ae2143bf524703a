import { MatdiffError } from '../../src/core/errors';
import { formatError } from '../../src/core/report';
import { loadData } from '../../src/eval/data';
import { readJson } from '../../src/eval/data-json';
import { parseProgram } from '../../src/parse';

const SEED = `A : matrix(m, n)
x : vector(n)
b : vector(m)
J = -1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))
J`;

const seed = () => parseProgram(SEED);

/** The MatdiffError loadData throws, with its formatted form against the data text. */
function dataError(text: string, source = SEED): { err: MatdiffError; shown: string } {
  try {
    loadData(text, parseProgram(source), 'data.json');
  } catch (e) {
    if (!(e instanceof MatdiffError)) throw e;
    return { err: e, shown: formatError(e, text, 'data.json') };
  }
  throw new Error('expected a data error');
}

/** Line and column of the first occurrence of `needle` in `text` (1-based). */
function where(text: string, needle: string): { line: number; col: number } {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`${needle} not in text`);
  const before = text.slice(0, i).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

describe('loadData: good data', () => {
  test('numbers, vectors and arrays of rows become tensors; dimensions are inferred', () => {
    const env = loadData('{"A": [[1, 2], [3, 4], [5, 6]], "x": [0.5, -1], "b": [1, 0, 1]}', seed());
    expect(env.dims.get('m')).toBe(3);
    expect(env.dims.get('n')).toBe(2);
    const A = env.vars.get('A')!;
    expect([A.rows, A.cols]).toEqual([3, 2]);
    expect(Array.from(A.data)).toEqual([1, 2, 3, 4, 5, 6]);
    const x = env.vars.get('x')!;
    expect([x.rows, x.cols, ...x.data]).toEqual([2, 1, 0.5, -1]);
  });

  test('a scalar variable, a column given as rows of one entry, numeric dimensions', () => {
    const p = parseProgram('lambda : scalar\nv : vector(3)\nW : matrix(2, k)\nlambda * sum(v) + sum(W)');
    const env = loadData('{"lambda": 2.5, "v": [[1], [2], [3]], "W": [[1, 2, 3, 4], [5, 6, 7, 8]]}', p);
    expect(env.vars.get('lambda')!.data[0]).toBe(2.5);
    expect([env.vars.get('v')!.rows, env.vars.get('v')!.cols]).toEqual([3, 1]);
    expect(env.dims.get('k')).toBe(4);
  });

  test('a dimension used only as a scalar comes from an explicit size', () => {
    // m is declared through A, but A is not used: only an explicit size can give m.
    const p = parseProgram('A : matrix(m, n)\nx : vector(n)\nk : scalar\nk / m * sum(x)');
    const env = loadData('{"x": [1, 2], "k": 3, "m": 10}', p);
    expect(env.dims.get('m')).toBe(10);
    expect(env.dims.get('n')).toBe(2);
  });

  test('an explicit size that agrees with the data is accepted', () => {
    const env = loadData('{"A": [[1], [2]], "x": [1], "b": [0, 1], "m": 2, "n": 1}', seed());
    expect(env.dims.get('m')).toBe(2);
  });

  test('a symmetric matrix (to rounding) is accepted; variables the expression does not use are optional', () => {
    const p = parseProgram('S : symmetric(n)\ny : vector(n)\nlogdet(S)');
    const env = loadData('{"S": [[2, 0.3], [0.30000000000000004, 1]]}', p);
    expect(env.vars.has('y')).toBe(false);
    expect(env.dims.get('n')).toBe(2);
  });

  test('names such as constructor and __proto__ are ordinary variables', () => {
    const p = parseProgram('constructor : vector(n)\n__proto__ : scalar\n__proto__ * sum(constructor)');
    const env = loadData('{"constructor": [1, 2], "__proto__": 3}', p);
    expect(env.vars.get('__proto__')!.data[0]).toBe(3);
    expect(env.vars.get('constructor')!.rows).toBe(2);
  });
});

describe('loadData: every error is a located data error', () => {
  test('invalid JSON: line and column of the problem', () => {
    const text = '{\n  "A": [[1, 2], [3, 4]],\n  "x": [1, 2\n  "b": [1, 0]\n}';
    const { err, shown } = dataError(text);
    expect(err.kind).toBe('data');
    expect(err.message).toMatch(/expected , or \] after an array entry/);
    expect(err.span!.start).toMatchObject(where(text, '"b"'));
    expect(shown).toContain(`data.json:4:3: `);
    expect(shown.split('\n')[1]).toBe('  "b": [1, 0]');
    expect(shown.split('\n')[2]).toBe('  ^');
  });

  test.each([
    ['{"A": [[1, 2],], "x": [1, 2], "b": [1]}', /trailing comma/, ',]'],
    ['{"A": [[1, 2]] "x": [1]}', /expected , or \} after the value of "A"/, '"x"'],
    ["{'A': 1}", /expected a "name" in double quotes/, "'A'"],
    ['{"A": [[1, 2]], "x": [1, 2], "b": [1]', /never closed/, '{'],
    ['', /empty/, ''],
    ['{"x": [1, 2]} extra', /after the end of the JSON value/, 'extra'],
    ['{"x": [01, 2]}', /not a valid JSON number/, '01'],
    ['{"x": "abc}', /unterminated string/, '"abc'],
  ])('bad JSON %j', (text, message, at) => {
    const { err } = dataError(text);
    expect(err.kind).toBe('data');
    expect(err.message).toMatch(message);
    if (at) expect(err.span!.start).toMatchObject(where(text, at));
  });

  test('unknown name: suggests the nearest declared one, located at the key', () => {
    const text = '{"A": [[1]], "xx": [1], "b": [1]}';
    const { err } = dataError(text);
    expect(err.message).toMatch(/unknown name "xx"/);
    expect(err.hint).toMatch(/did you mean "x"\?/);
    expect(err.span!.start).toMatchObject(where(text, '"xx"'));
  });

  test('a definition cannot be given data', () => {
    const { err } = dataError('{"J": 1}');
    expect(err.message).toMatch(/"J" is defined by the program/);
  });

  test('a name given twice', () => {
    const text = '{"x": [1], "A": [[1]], "x": [2], "b": [1]}';
    const { err } = dataError(text);
    expect(err.message).toMatch(/"x" is given twice \(first at line 1, column 2\)/);
    expect(err.span!.start.col).toBe(text.lastIndexOf('"x"') + 1);
  });

  test('missing variable: named with its declaration', () => {
    const { err } = dataError('{"A": [[1, 2]], "x": [1, 2]}');
    expect(err.message).toBe('no value for b (declared vector(m)) in data.json');
    expect(err.hint).toMatch(/add "b"/);
  });

  test('wrong shape: a flat array for a matrix names the variable and its declaration', () => {
    const text = '{"A": [1, 2, 3], "x": [1], "b": [1, 0, 1]}';
    const { err } = dataError(text);
    expect(err.message).toBe('A is declared matrix(m, n), but its value is a flat array of 3 numbers');
    expect(err.span!.start).toMatchObject(where(text, '[1, 2, 3]'));
  });

  test('wrong shape: rows for a vector, a number for a vector, an array for a scalar', () => {
    expect(dataError('{"A": [[1, 2]], "x": [[1, 2], [3, 4]], "b": [1]}').err.message).toBe('x is declared vector(n), but its value is 2×2 rows');
    expect(dataError('{"A": [[1, 2]], "x": 3, "b": [1]}').err.message).toBe('x is declared vector(n), but its value is the number 3');
    const p = 'lambda : scalar\nx : vector(n)\nlambda * sum(x)';
    // A 1×1 value may be written 5, [5] or [[5]] (vector(1) is 1×1 too); more entries are an error.
    expect(dataError('{"lambda": [1, 2], "x": [1]}', p).err.message).toBe(
      'lambda is declared scalar (1×1, a single number), but its value is an array of 2 entries',
    );
  });

  test('dimension disagreement: says which variables fix m to which sizes', () => {
    const text = '{"A": [[1, 2], [3, 4], [5, 6]], "x": [1, 2], "b": [1, 0]}';
    const { err } = dataError(text);
    expect(err.message).toBe('dimension m disagrees: A has 3 rows, so m = 3, but b has 2 entries, so m = 2');
    expect(err.hint).toMatch(/A is declared matrix\(m, n\), b is declared vector\(m\)/);
    expect(err.span!.start).toMatchObject(where(text, '[1, 0]'));
  });

  test('an explicit size that disagrees with a variable', () => {
    const { err } = dataError('{"m": 4, "A": [[1], [2]], "x": [1], "b": [0, 1]}');
    expect(err.message).toBe(`dimension m disagrees: the data's "m" is 4, so m = 4, but A has 2 rows, so m = 2`);
  });

  test('a numeric dimension in the declaration is checked', () => {
    const { err } = dataError('{"v": [1, 2]}', 'v : vector(3)\nsum(v)');
    expect(err.message).toBe('v has 2 entries, but it is declared vector(3)');
  });

  test('a dimension no variable fixes and no explicit size gives', () => {
    const { err } = dataError('{"x": [1, 2]}', 'A : matrix(m, n)\nx : vector(n)\nsum(x) / m');
    expect(err.message).toMatch(/no size for dimension m: no variable in data.json fixes it/);
    expect(err.hint).toMatch(/"m": 100/);
  });

  test('a bad explicit size', () => {
    const { err } = dataError('{"x": [1, 2], "m": 2.5}', 'A : matrix(m, n)\nx : vector(n)\nsum(x) / m');
    expect(err.message).toMatch(/"m" is a dimension symbol, so its value must be a positive integer size/);
  });

  test('ragged rows: names the row and both lengths', () => {
    const text = '{"A": [[1, 2], [3, 4, 5]], "x": [1, 2], "b": [1, 0]}';
    const { err } = dataError(text);
    expect(err.message).toBe('ragged rows in A: A[1] has 3 entries, A[0] has 2');
    expect(err.span!.start).toMatchObject(where(text, '[3, 4, 5]'));
  });

  test('numbers mixed with rows', () => {
    const { err } = dataError('{"A": [[1, 2], 3], "x": [1, 2], "b": [1, 0]}');
    expect(err.message).toMatch(/A mixes numbers and rows: A\[1\] is the number 3/);
  });

  test.each([
    ['"abc"', /A\[0\]\[1\] is the string "abc", not a number/],
    ['"3.5"', /is the string "3.5", not a number/],
    ['true', /is `true`, not a number/],
    ['null', /is null, not a number/],
    ['"NaN"', /is the string "NaN": NaN and Infinity are not allowed/],
    ['"-Infinity"', /is the string "-Infinity": NaN and Infinity are not allowed/],
    ['NaN', /NaN is not valid JSON, and matdiff needs finite numbers/],
    ['Infinity', /Infinity is not valid JSON/],
    ['1e400', /1e400, too large for a double/],
  ])('non-number entry %s is rejected at its place', (entry, message) => {
    const text = `{"A": [[1, ${entry}]], "x": [1, 2], "b": [1]}`;
    const { err } = dataError(text);
    expect(err.kind).toBe('data');
    expect(err.message).toMatch(message);
    expect(err.span!.start).toMatchObject(where(text, entry));
  });

  test('a symmetric matrix that is not symmetric: the offending entry', () => {
    const text = '{"S": [[2, 1], [0.5, 3]]}';
    const { err } = dataError(text, 'S : symmetric(n)\nlogdet(S)');
    expect(err.message).toBe('S is declared symmetric, but S[0][1] = 1 differs from S[1][0] = 0.5');
    expect(err.span!.start.col).toBe(text.indexOf('1]') + 1);
  });

  test('the data must be an object; empty arrays are no sizes', () => {
    expect(dataError('[1, 2]').err.message).toMatch(/must be a JSON object/);
    expect(dataError('{"A": [], "x": [1], "b": [1]}').err.message).toMatch(/empty array/);
    expect(dataError('{"A": [[]], "x": [1], "b": [1]}').err.message).toMatch(/rows of A are empty/);
  });
});

describe('readJson', () => {
  test('locates values on later lines (caret columns count from 1)', () => {
    const text = '{\n\t"a": [1,\n   2.5e-3]\n}';
    const { value } = readJson(text);
    if (value.kind !== 'object') throw new Error('expected an object');
    const arr = value.entries[0].value;
    if (arr.kind !== 'array') throw new Error('expected an array');
    expect(arr.items[1]).toMatchObject({ kind: 'number', value: 2.5e-3, span: { start: { line: 3, col: 4 } } });
  });

  test('string escapes', () => {
    const { value } = readJson('{"a\\n\\u0041": "\\"x\\""}');
    if (value.kind !== 'object') throw new Error('expected an object');
    expect(value.entries[0].key).toBe('a\nA');
    expect(value.entries[0].value).toMatchObject({ kind: 'string', value: '"x"' });
  });

  test('deep nesting is an error, not a stack overflow', () => {
    const text = '['.repeat(100000) + ']'.repeat(100000);
    expect(() => readJson(text)).toThrow(/nested more than/);
  });

  test('agrees with JSON.parse on valid documents', () => {
    const docs = ['{"a": [1, -2.5, 3e2, 0, -0.125]}', '[true, false, null, "s", {"k": {}}, []]', '  42  ', '"x\\ty"'];
    const plain = (v: ReturnType<typeof readJson>['value']): unknown => {
      switch (v.kind) {
        case 'array':
          return v.items.map(plain);
        case 'object':
          return Object.fromEntries(v.entries.map((e) => [e.key, plain(e.value)]));
        case 'null':
          return null;
        default:
          return v.value;
      }
    };
    for (const d of docs) expect(plain(readJson(d).value)).toEqual(JSON.parse(d));
  });
});
