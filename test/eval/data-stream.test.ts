/**
 * The streaming data reader: numbers go straight into a Float64Array, yet the loader accepts the
 * same files, gives the same numbers as JSON.parse and the same located messages as before
 * (the loader before the streaming reader is kept in test/eval/legacy-data as the oracle).
 */
import fc from 'fast-check';
import { MatdiffError } from '../../src/core/errors';
import { formatError } from '../../src/core/report';
import { loadData } from '../../src/eval/data';
import { DataDocument, DataValue, jsonNumberEnd, numberValue, readData, readJson } from '../../src/eval/data-json';
import { Env } from '../../src/eval/tensor';
import { Program, parseProgram } from '../../src/parse';
import { loadData as legacyLoadData } from './legacy-data/data';

const PROGRAM = `A : matrix(m, n)
x : vector(n)
b : vector(m)
S : symmetric(k)
lambda : scalar
lambda * sum(A*x) + sum(b) + logdet(S)`;

/** A JSON value from a document read by readData, as plain JS (numbers from the pool). */
function plain(doc: DataDocument, v: DataValue): unknown {
  switch (v.kind) {
    case 'numbers':
      return Array.from(doc.pool.subarray(v.offset, v.offset + v.length));
    case 'array':
      return v.items.map((i) => plain(doc, i));
    case 'object': {
      const out: Record<string, unknown> = Object.create(null);
      for (const e of v.entries) out[e.key] = plain(doc, e.value);
      return out;
    }
    case 'null':
      return null;
    default:
      return v.value;
  }
}

/** What loading gives: the numbers and sizes, or the error's kind, message, hint and span. */
function outcome(load: () => Env): unknown {
  try {
    const env = load();
    return { vars: [...env.vars].map(([k, t]) => [k, t.rows, t.cols, Array.from(t.data)]), dims: [...env.dims] };
  } catch (e) {
    if (!(e instanceof MatdiffError)) throw e;
    return { kind: e.kind, message: e.message, hint: e.hint, span: e.span };
  }
}

const both = (text: string, p: Program) => [outcome(() => loadData(text, p, 'data.json')), outcome(() => legacyLoadData(text, p, 'data.json'))];

/** The error loadData throws for `text`. */
function dataError(text: string, p: Program): MatdiffError {
  try {
    loadData(text, p, 'data.json');
  } catch (e) {
    if (e instanceof MatdiffError) return e;
    throw e;
  }
  throw new Error('expected a data error');
}

/** JSON number tokens, valid by construction: sign, integer part, fraction, exponent. */
const digitString = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));
const jsonNumber = fc
  .tuple(
    fc.boolean(),
    fc.oneof(
      fc.constant('0'),
      fc.tuple(fc.integer({ min: 1, max: 9 }), digitString(0, 20)).map(([a, b]) => `${a}${b}`),
    ),
    fc.option(digitString(1, 25), { nil: undefined }),
    fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digitString(1, 4)), { nil: undefined }),
  )
  .map(([neg, int, frac, exp]) => `${neg ? '-' : ''}${int}${frac === undefined ? '' : '.' + frac}${exp ? exp.join('') : ''}`);

describe('numbers: exactly what JSON.parse gives', () => {
  const same = (token: string) => expect(Object.is(numberValue(token, 0, token.length), JSON.parse(token))).toBe(true);

  test('edge cases: signed zero, 15 and 16 digits, exact powers of ten, subnormals, the largest double', () => {
    for (const t of [
      '0',
      '-0',
      '-0.0',
      '0e5',
      '-0e-400',
      '1',
      '-1',
      '0.1',
      '0.3',
      '1e22',
      '1e23',
      '1e-22',
      '1e-23',
      '123456789012345',
      '1234567890123456',
      '999999999999999e22',
      '999999999999999e-22',
      '9007199254740993',
      '0.000000000000000000001',
      '2.2250738585072014e-308',
      '5e-324',
      '4.9e-324',
      '1.7976931348623157e308',
      '1.7976931348623159e308',
      '1e400',
      '-1e400',
      '123.456e-7',
      '1E+2',
      '1e0000',
      '0.1e1',
      '7.0e-10',
    ])
      same(t);
  });

  test('random tokens of every form', () => {
    fc.assert(
      fc.property(jsonNumber, (t) => Object.is(numberValue(t, 0, t.length), JSON.parse(t))),
      { numRuns: 20000 },
    );
  });

  test('random doubles, as JSON.stringify writes them and with 3 to 17 digits', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 1, max: 17 }), (d, p) => {
        for (const t of [
          JSON.stringify(d),
          d
            .toPrecision(p)
            .replace(/\.?0+(e|$)/, '$1')
            .replace('e+', 'e'),
        ]) {
          if (jsonNumberEnd(t, 0) !== t.length) continue; // toPrecision's 1.e5 forms are not JSON
          if (!Object.is(numberValue(t, 0, t.length), JSON.parse(t))) return false;
        }
        return true;
      }),
      { numRuns: 20000 },
    );
  });

  test('the token rule is the JSON grammar, not followed by a letter, digit, _ or .', () => {
    // The rule the reader had before (a regular expression and a look-ahead), as the oracle.
    const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    const oracle = (t: string, i: number) => {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(t);
      return m && !/[\w.]/.test(t[i + m[0].length] ?? '') ? i + m[0].length : -1;
    };
    const chars = fc.constantFrom(...'0123456789-+.eE x,]_a$'.split(''));
    fc.assert(
      fc.property(
        fc.array(chars, { maxLength: 12 }).map((c) => c.join('')),
        (t) => jsonNumberEnd(t, 0) === oracle(t, 0),
      ),
      { numRuns: 20000 },
    );
    for (const bad of ['01', '1.', '.5', '+1', '-', '1e', '1e+', '1.5.3', '0x10', '1_000', '-.5', '00']) expect(jsonNumberEnd(bad, 0)).toBe(-1);
  });
});

describe('readData agrees with JSON.parse', () => {
  /** Random JSON documents with nested arrays of numbers (rows, ragged rows, mixed entries). */
  const { doc } = fc.letrec((tie) => ({
    doc: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('array'), tie('object')),
    leaf: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.string(), fc.boolean(), fc.constant(null)),
    numbers: fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -1000, max: 1000 })), { maxLength: 8 }),
    array: fc.oneof(tie('numbers'), fc.array(tie('numbers'), { maxLength: 5 }), fc.array(tie('doc'), { maxLength: 4 })),
    object: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString')), tie('doc'), { maxKeys: 4 }),
  }));
  /** JSON text of `v` with random whitespace between tokens. */
  const spaced = (v: unknown, space: string): string => {
    const t = JSON.stringify(v, null, space.includes('\n') ? 2 : undefined);
    // Strings are kept as they are; whitespace goes around brackets, commas and colons.
    return t.replace(/"(?:[^"\\]|\\.)*"|[[\],:{}]/g, (c) => (c[0] === '"' ? c : `${space}${c}${space}`));
  };

  test('random documents, compact, pretty-printed and with odd whitespace', () => {
    fc.assert(
      fc.property(doc, fc.constantFrom('', ' ', '\n', '\t', '\r\n', ' \n\t '), (v, space) => {
        const text = spaced(v, space);
        const expected = JSON.parse(text);
        const got = readData(text);
        expect(plain(got, got.value)).toEqual(JSON.parse(JSON.stringify(expected)));
        // Numbers are the very doubles JSON.parse gives (toEqual treats -0 and 0 alike).
        const flat = (x: unknown): unknown[] => (Array.isArray(x) ? x.flatMap(flat) : x && typeof x === 'object' ? Object.values(x).flatMap(flat) : [x]);
        const a = flat(plain(got, got.value)).filter((x) => typeof x === 'number');
        const b = flat(expected).filter((x) => typeof x === 'number');
        expect(a.length).toBe(b.length);
        a.forEach((x, i) => expect(Object.is(x, b[i])).toBe(true));
        // readJson (every value located) reads the same document.
        const plainJson = (j: ReturnType<typeof readJson>['value']): unknown =>
          j.kind === 'array'
            ? j.items.map(plainJson)
            : j.kind === 'object'
              ? Object.fromEntries(j.entries.map((e) => [e.key, plainJson(e.value)]))
              : j.kind === 'null'
                ? null
                : j.value;
        expect(JSON.stringify(plainJson(readJson(text).value))).toBe(JSON.stringify(expected));
      }),
      { numRuns: 400 },
    );
  });

  test('arrays of numbers are packed; empty arrays, rows and mixed arrays are not', () => {
    const d = readData('{"a": [1, -2.5e3 , 0], "e": [], "r": [[1, 2], [3, 4]], "m": [1, "x"], "big": [1e400]}');
    if (d.value.kind !== 'object') throw new Error('expected an object');
    const kinds = Object.fromEntries(d.value.entries.map((e) => [e.key, e.value.kind]));
    expect(kinds).toEqual({ a: 'numbers', e: 'array', r: 'array', m: 'array', big: 'array' });
    const r = d.value.entries[2].value;
    expect(r.kind === 'array' && r.items.map((i) => i.kind)).toEqual(['numbers', 'numbers']);
  });

  test('deep nesting: 64 levels are read, 65 are a located error, as in readJson', () => {
    const deep = (n: number) => '['.repeat(n) + '1' + ']'.repeat(n);
    expect(plain(readData(deep(64)), readData(deep(64)).value)).toEqual(JSON.parse(deep(64)));
    for (const n of [65, 66, 100000]) {
      expect(() => readData(deep(n))).toThrow(/nested more than 64 levels/);
      expect(() => readJson(deep(n))).toThrow(/nested more than 64 levels/);
    }
    let err: unknown;
    try {
      readData(deep(65));
    } catch (e) {
      err = e;
    }
    expect((err as MatdiffError).span!.start).toMatchObject({ line: 1, col: 66 });
  });
});

describe('loadData with the streaming reader', () => {
  const p = parseProgram(PROGRAM);

  test('matrices, vectors, rows of one entry and scalars: the numbers JSON.parse gives', () => {
    const matrix = fc
      .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }))
      .chain(([r, c]) =>
        fc.array(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: c, maxLength: c }), { minLength: r, maxLength: r }),
      );
    fc.assert(
      fc.property(
        matrix,
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constantFrom(undefined, 1, '\t'),
        (A, lambda, rowsForB, indent) => {
          const n = A[0].length;
          const x = A[0];
          const b = A.map((r) => r[0]);
          const text = JSON.stringify({ A, x, b: rowsForB ? b.map((e) => [e]) : b, S: [[2]], lambda }, null, indent);
          const env = loadData(text, p);
          const want = JSON.parse(text);
          const eq = (got: Float64Array, expected: number[]) => got.length === expected.length && expected.every((e, i) => Object.is(got[i], e));
          expect(eq(env.vars.get('A')!.data, want.A.flat())).toBe(true);
          expect(eq(env.vars.get('x')!.data, want.x)).toBe(true);
          expect(eq(env.vars.get('b')!.data, want.b.flat())).toBe(true);
          expect(Object.is(env.vars.get('lambda')!.data[0], want.lambda)).toBe(true);
          expect([env.dims.get('m'), env.dims.get('n'), env.vars.get('A')!.rows, env.vars.get('A')!.cols]).toEqual([A.length, n, A.length, n]);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('names such as __proto__, constructor and toString are ordinary variables', () => {
    const q = parseProgram(
      '__proto__ : matrix(m, n)\nconstructor : vector(n)\ntoString : scalar\nhasOwnProperty : vector(m)\ntoString * sum(__proto__ * constructor) + sum(hasOwnProperty)',
    );
    const env = loadData('{"__proto__": [[1, 2], [3, 4]], "constructor": [5, 6], "toString": 7, "hasOwnProperty": [8, 9]}', q);
    expect(Array.from(env.vars.get('__proto__')!.data)).toEqual([1, 2, 3, 4]);
    expect(env.vars.get('toString')!.data[0]).toBe(7);
    expect({}.constructor).toBe(Object);
  });

  test('a byte-order mark is skipped, columns of later lines are unchanged', () => {
    const text = '\ufeff{"A": [[1, 2]],\n "x": [1, 2], "b": [1], "S": [[1]], "lambda": 01}';
    const err = dataError(text, p);
    expect(err.span!.start).toMatchObject({ line: 2, col: text.length - text.lastIndexOf('\n') - 3 });
    expect(loadData('\ufeff{"x": [1, 2], "A": [[1, 2]], "b": [3], "S": [[1]], "lambda": 2}', p).vars.get('b')!.data[0]).toBe(3);
  });

  /** A 40×40 matrix, one row a line, with `bad` as entry [row][col] (1-based). */
  const big = (row: number, col: number, bad: string) => {
    const rows = Array.from(
      { length: 40 },
      (_, i) => '  [' + Array.from({ length: 40 }, (_, j) => (i + 1 === row && j + 1 === col ? bad : `${i - j}.25`)).join(', ') + ']',
    );
    return `{"A": [\n${rows.join(',\n')}\n], "x": [${'1, '.repeat(39)}1], "b": [${'0, '.repeat(39)}0], "S": [[1]], "lambda": 1}`;
  };
  /** 1-based line and column of entry [row][col] in big(row, col, bad). */
  const entryAt = (text: string, row: number, col: number) => {
    const line = text.split('\n')[row];
    let c = 3; // after '  ['
    for (let j = 1; j < col; j++) c = line.indexOf(', ', c) + 2;
    return { line: row + 1, col: c + 1 };
  };

  test.each([
    ['01', /`01` is not a valid JSON number/, /no leading \+/],
    ['1.', /`1.` is not a valid JSON number/, /no leading or trailing dot/],
    ['.5', /`.5` is not a valid JSON number/, /no leading or trailing dot/],
    ['+1', /`\+1` is not a valid JSON number/, /no leading \+/],
    ['1e', /`1e` is not a valid JSON number/, /1.5e-3/],
    ['-', /`-` is not a valid JSON number/, /write numbers like/],
    ['1.5.3', /`1.5.3` is not a valid JSON number/, /write numbers like/],
    ['NaN', /NaN is not valid JSON, and matdiff needs finite numbers/, /finite number/],
    ['-Infinity', /-Infinity is not valid JSON/, /finite number/],
    ['1e400', /A\[16\]\[22\] is 1e400, too large for a double/, /below 1.8e308/],
    ['"abc"', /A\[16\]\[22\] is the string "abc", not a number/, /finite number/],
    ['"2.5"', /A\[16\]\[22\] is the string "2.5", not a number/, /remove the quotes: 2.5/],
    ['null', /A\[16\]\[22\] is null, not a number/, /null, NaN and missing values/],
    ['[1]', /A\[16\]\[22\] is an array of 1 entries, not a number/, /finite number/],
    ['{}', /A\[16\]\[22\] is an object, not a number/, /finite number/],
    ['1 2', /expected , or \] after an array entry, found `2`/, /data file is one JSON object/],
    ['tru', /unexpected `tru`: not a JSON value/, /JSON values are/],
  ])('a bad entry %s deep in a large matrix: located at its line and column, with a hint', (bad, message, hint) => {
    const text = big(17, 23, bad);
    const err = dataError(text, p);
    expect(err.kind).toBe('data');
    expect(err.message).toMatch(message);
    expect(err.hint).toMatch(hint);
    const at = entryAt(text, 17, 23);
    const shift = bad === '1 2' ? 2 : 0; // the error is at the second token
    expect(err.span!.start).toMatchObject({ line: at.line, col: at.col + shift });
    expect(formatError(err, text, 'data.json')).toContain(`data.json:${at.line}:${at.col + shift}: `);
  });

  test('ragged rows, a trailing comma, an unclosed row and a non-symmetric entry deep in a large matrix', () => {
    const ragged = big(30, 40, '1, 2');
    expect(dataError(ragged, p).message).toBe('ragged rows in A: A[29] has 41 entries, A[0] has 40');
    expect(dataError(ragged, p).span!.start).toMatchObject({ line: 31, col: 3 });
    const trailing = big(5, 40, '1,');
    expect(dataError(trailing, p).message).toMatch(/trailing comma/);
    expect(dataError(trailing, p).span!.start).toMatchObject({ line: 6, col: entryAt(trailing, 5, 40).col + 1 });
    const unclosed = '{"A": [[1, 2], [3, 4';
    expect(dataError(unclosed, p).message).toMatch(/this \[ is never closed/);
    expect(dataError(unclosed, p).span!.start).toMatchObject({ line: 1, col: 16 }); // the innermost [
    const q = parseProgram('S : symmetric(n)\nlogdet(S)');
    const sym = '{"S": [\n [1, 2, 3],\n [2, 1, 4],\n [3,   4.5, 1]\n]}';
    const err = dataError(sym, q);
    expect(err.message).toBe('S is declared symmetric, but S[1][2] = 4 differs from S[2][1] = 4.5');
    expect(err.span!.start).toMatchObject({ line: 3, col: ' [2, 1, 4]'.indexOf('4') + 1 });
    for (const [text, prog] of [
      [ragged, p],
      [trailing, p],
      [unclosed, p],
      [sym, q],
    ] as const) {
      const [now, before] = both(text, prog);
      expect(now).toEqual(before);
    }
  });

  test('the same outcome as the loader before the streaming reader, on good files and on every kind of error', () => {
    const good = big(1, 1, '0.25');
    expect(both(good, p)[0]).toEqual(both(good, p)[1]);
    const alphabet = '0123456789-+.eE ,[]{}":\nNaIfnul\\tx'.split('');
    const edit = fc.tuple(fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), fc.constantFrom(...alphabet));
    const seeds = [
      '{"A": [[1, 2], [3, 4]], "x": [0.5, -1e-3], "b": [1, 0], "S": [[2, 0.5], [0.5, 3]], "lambda": 2}',
      '{"A": [[1], [2]], "x": [1], "b": [[0], [1]], "S": [[1]], "lambda": -0, "k": 1, "m": 2}',
      '{\n  "lambda": 1.5E2,\n  "A": [\n    [1, 2, 3]\n  ],\n  "x": [1, 2, 3],\n  "b": [7],\n  "S": [[1, 2], [2, 1]]\n}',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 3 }), (seed, edits) => {
        let text = seed;
        for (const [at, op, c] of edits) {
          const i = at % (text.length + 1);
          text =
            op === 'insert'
              ? text.slice(0, i) + c + text.slice(i)
              : op === 'delete'
                ? text.slice(0, i) + text.slice(i + 1)
                : text.slice(0, i) + c + text.slice(i + 1);
        }
        const [now, before] = both(text, p);
        expect(now).toEqual(before);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('issue 8 small item: a 1×1 declaration takes 5, [5] or [[5]]', () => {
  const { loadData } = require('../../src/eval/data');
  const { parseProgram } = require('../../src/parse');
  test.each([
    ['x : vector(1)', '{"x": [5]}'],
    ['x : matrix(1, 1)', '{"x": [[5]]}'],
    ['x : scalar', '{"x": 5}'],
    ['x : vector(1)', '{"x": [[5]]}'],
  ])('%s with %s', (decl, text) => {
    const p = parseProgram(`${decl}\n2*x`);
    const env = loadData(text, p, 'd.json');
    expect(Array.from(env.vars.get('x').data)).toEqual([5]);
  });
  test('two entries for a 1×1 declaration is a located error', () => {
    const p = parseProgram('x : vector(1)\n2*x');
    expect(() => loadData('{"x": [5, 6]}', p, 'd.json')).toThrow(/1×1, a single number/);
  });
});
