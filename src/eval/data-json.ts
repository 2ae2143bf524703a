/**
 * A small JSON reader that remembers where every value is, so that data-file errors can point
 * into the file (`data.json:3:14`) with a caret. Strict JSON (RFC 8259): no comments, no
 * trailing commas, no NaN or Infinity. Bad JSON is a MatdiffError of kind 'data' with a span.
 * Nesting is capped (data files are at most an object of arrays of rows), so a hostile file
 * cannot overflow the stack.
 *
 * Data files can hold millions of numbers, so `readData` keeps no JS value per number: an array
 * of finite numbers is read once, straight into one growing Float64Array (the pool), and values
 * carry character offsets; line:column is worked out only when a message needs it.
 * `readJson` gives every value with its span, for small documents.
 */
import { MatdiffError, Position, Span } from '../core/errors';

export type JsonValue =
  | { readonly kind: 'number'; readonly value: number; readonly text: string; readonly span: Span }
  | { readonly kind: 'string'; readonly value: string; readonly span: Span }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly span: Span }
  | { readonly kind: 'null'; readonly span: Span }
  | { readonly kind: 'array'; readonly items: readonly JsonValue[]; readonly span: Span }
  | { readonly kind: 'object'; readonly entries: readonly JsonEntry[]; readonly span: Span };

export interface JsonEntry {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: JsonValue;
}

/** A range of characters of the text, [start, end). */
export interface Loc {
  readonly start: number;
  readonly end: number;
}

/** A value of a data file, located by offsets. Its number text is `text.slice(start, end)`. */
export type DataValue =
  | (Loc & { readonly kind: 'number'; readonly value: number })
  | (Loc & { readonly kind: 'string'; readonly value: string })
  | (Loc & { readonly kind: 'boolean'; readonly value: boolean })
  | (Loc & { readonly kind: 'null' })
  /** A non-empty array of finite numbers: pool[offset], ..., pool[offset + length - 1]. */
  | (Loc & { readonly kind: 'numbers'; readonly offset: number; readonly length: number })
  /** Any other array (empty, rows, or with an entry that is not a finite number). */
  | (Loc & { readonly kind: 'array'; readonly items: readonly DataValue[] })
  | (Loc & { readonly kind: 'object'; readonly entries: readonly DataEntry[] });

export interface DataEntry {
  readonly key: string;
  readonly keyLoc: Loc;
  readonly value: DataValue;
}

export interface DataDocument {
  readonly text: string;
  readonly value: DataValue;
  /** The numbers of every `numbers` value (longer than needed: the tail is unused). */
  readonly pool: Float64Array;
  readonly positions: PositionTable;
}

const MAX_DEPTH = 64;

/** Offsets to 1-based line:col. The table of line starts is built on first use (messages only). */
export class PositionTable {
  private lineStarts: Float64Array | undefined;
  constructor(private readonly text: string) {}

  private table(): Float64Array {
    if (this.lineStarts) return this.lineStarts;
    const t = this.text;
    let lines = 1;
    for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) lines++;
    const starts = new Float64Array(lines);
    let k = 1;
    for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) starts[k++] = i + 1;
    return (this.lineStarts = starts);
  }

  at(offset: number): Position {
    const lineStarts = this.table();
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset, line: lo + 1, col: offset - lineStarts[lo] + 1 };
  }
  span(start: number, end: number): Span {
    return { start: this.at(start), end: this.at(Math.max(end, start + 1)) };
  }
  get length(): number {
    return this.text.length;
  }
}

const HINT = 'a data file is one JSON object such as {"A": [[1, 2], [3, 4]], "x": [1, 0], "lambda": 0.5}';
const WORD = /[A-Za-z_$][\w$]*|-?Infinity/y;

const isDigit = (c: number) => c >= 48 && c <= 57;
/** A character of `\w` or a dot: after a number, it means the number is malformed (`01`, `1.`, `1e`). */
const continuesNumber = (c: number) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46;

/**
 * The end of the JSON number that starts at `i` in `t` (-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?,
 * not followed by a letter, digit, _ or .), or -1 if there is none.
 */
export function jsonNumberEnd(t: string, i: number): number {
  let c = t.charCodeAt(i);
  if (c === 45 /* - */) c = t.charCodeAt(++i);
  if (c === 48 /* 0 */) c = t.charCodeAt(++i);
  else if (c >= 49 && c <= 57) {
    do c = t.charCodeAt(++i);
    while (isDigit(c));
  } else return -1;
  if (c === 46 /* . */) {
    c = t.charCodeAt(++i);
    if (!isDigit(c)) return -1;
    do c = t.charCodeAt(++i);
    while (isDigit(c));
  }
  if (c === 101 || c === 69 /* e E */) {
    c = t.charCodeAt(++i);
    if (c === 43 || c === 45 /* + - */) c = t.charCodeAt(++i);
    if (!isDigit(c)) return -1;
    do c = t.charCodeAt(++i);
    while (isDigit(c));
  }
  return continuesNumber(c) ? -1 : i;
}

/** 10^0 ... 10^22: the powers of ten a double holds exactly. */
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * The value of the JSON number t[start, end), the double JSON.parse gives. With at most 15 digits
 * and a power of ten within 10^±22, digits and power are both exact doubles, so one division
 * (or product) rounds once, correctly (Clinger's fast path); anything else goes to Number().
 */
export function numberValue(t: string, start: number, end: number): number {
  let i = start;
  let c = t.charCodeAt(i);
  const negative = c === 45; /* - */
  if (negative) c = t.charCodeAt(++i);
  let digits = 0;
  let m = 0;
  if (c === 48) c = t.charCodeAt(++i);
  else
    while (isDigit(c)) {
      m = m * 10 + (c - 48);
      digits++;
      c = t.charCodeAt(++i);
    }
  let power = 0;
  if (c === 46 /* . */) {
    c = t.charCodeAt(++i);
    while (isDigit(c)) {
      m = m * 10 + (c - 48);
      digits++;
      power--;
      c = t.charCodeAt(++i);
    }
  }
  if (i < end) {
    // An exponent: e, an optional sign, digits.
    c = t.charCodeAt(++i);
    const down = c === 45;
    if (c === 43 || c === 45) i++;
    if (end - i > 4) return Number(t.slice(start, end));
    let e = 0;
    for (; i < end; i++) e = e * 10 + (t.charCodeAt(i) - 48);
    power += down ? -e : e;
  }
  if (digits > 15 || power < -22 || power > 22) return Number(t.slice(start, end));
  const x = power < 0 ? m / EXACT_POWERS_OF_TEN[-power] : m * EXACT_POWERS_OF_TEN[power];
  return negative ? -x : x;
}

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

class Reader {
  i = 0;
  /** Where `numbers` values keep their entries; `count` of them are used. */
  pool: Float64Array;
  private count = 0;

  constructor(
    private readonly text: string,
    private readonly positions: PositionTable,
    /** Read arrays of finite numbers into the pool (readData), or keep every value (readJson). */
    private readonly pack: boolean,
  ) {
    this.pool = new Float64Array(pack ? Math.min(1 << 16, this.maxNumbers()) : 0);
  }

  /** Numbers are at least one character and one separator apart. */
  private maxNumbers(): number {
    return (this.text.length >> 1) + 1;
  }

  fail(message: string, start: number, end = start + 1, hint = HINT): never {
    throw new MatdiffError('data', message, this.positions.span(start, end), hint);
  }

  private skipSpace(): void {
    const t = this.text;
    while (this.i < t.length && isSpace(t.charCodeAt(this.i))) this.i++;
  }

  /** A short description of what is at the cursor, for "found ..." messages. */
  private found(): string {
    if (this.i >= this.text.length) return 'the end of the file';
    WORD.lastIndex = this.i;
    const w = WORD.exec(this.text);
    if (w) return `\`${w[0]}\``;
    return `\`${this.text[this.i]}\``;
  }

  document(): DataValue {
    // A byte-order mark is not part of the JSON; skip it (offsets stay those of the file).
    if (this.text.charCodeAt(0) === 0xfeff) this.i = 1;
    this.skipSpace();
    if (this.i >= this.text.length) this.fail('the data file is empty', 0, 1);
    const v = this.value(0);
    this.skipSpace();
    if (this.i < this.text.length) this.fail(`unexpected ${this.found()} after the end of the JSON value`, this.i);
    return v;
  }

  private value(depth: number): DataValue {
    if (depth > MAX_DEPTH)
      this.fail(`JSON nested more than ${MAX_DEPTH} levels deep`, this.i, this.i + 1, 'data is numbers, arrays of numbers and arrays of rows');
    this.skipSpace();
    const t = this.text;
    const start = this.i;
    const c = t[start];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') {
      const value = this.string();
      return { kind: 'string', value, start, end: this.i };
    }
    const numberEnd = jsonNumberEnd(t, start);
    if (numberEnd >= 0) {
      this.i = numberEnd;
      return { kind: 'number', value: numberValue(t, start, numberEnd), start, end: numberEnd };
    }
    WORD.lastIndex = start;
    const w = WORD.exec(t);
    if (w) {
      const word = w[0];
      const end = start + word.length;
      this.i = end;
      if (word === 'true' || word === 'false') return { kind: 'boolean', value: word === 'true', start, end };
      if (word === 'null') return { kind: 'null', start, end };
      if (/^-?(NaN|Infinity)$/i.test(word))
        this.fail(`${word} is not valid JSON, and matdiff needs finite numbers`, start, end, 'every entry must be a finite number such as 0.5 or -2e3');
      this.fail(`unexpected \`${word}\`: not a JSON value`, start, end, 'JSON values are numbers, "strings", [arrays], {objects}, true, false and null');
    }
    if (start >= t.length) this.fail('unexpected end of the file: a value is missing', Math.max(0, t.length - 1));
    if (/[-+.\d]/.test(c)) {
      const m = /^[-+.\w]+/.exec(t.slice(start, start + 40))![0];
      this.fail(
        `\`${m}\` is not a valid JSON number`,
        start,
        start + m.length,
        'write numbers like 3, -0.25 or 1.5e-3 (no leading +, no leading or trailing dot)',
      );
    }
    return this.fail(`unexpected ${this.found()} where a value should be`, start);
  }

  private string(): string {
    const t = this.text;
    const start = this.i;
    this.i++; // the opening quote
    let out = '';
    while (this.i < t.length) {
      const c = t[this.i];
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c === '\n') break;
      if (c === '\\') {
        const e = t[this.i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && Object.prototype.hasOwnProperty.call(simple, e)) {
          out += simple[e];
          this.i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(this.i + 2, this.i + 6))) {
          out += String.fromCharCode(parseInt(t.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
        } else this.fail('invalid escape in a string', this.i, this.i + 2, 'JSON escapes are \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX');
        continue;
      }
      out += c;
      this.i++;
    }
    return this.fail('unterminated string', start, this.i, 'close the string with "');
  }

  private array(depth: number): DataValue {
    const start = this.i++;
    const items: DataValue[] = [];
    this.skipSpace();
    if (this.text[this.i] === ']') {
      this.i++;
      return { kind: 'array', items, start, end: this.i };
    }
    if (this.pack && depth < MAX_DEPTH) {
      const numbers = this.numbers(start);
      if (numbers) return numbers;
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.skipSpace();
      const c = this.text[this.i];
      if (c === ']') {
        this.i++;
        return { kind: 'array', items, start, end: this.i };
      }
      if (c !== ',') {
        if (this.i >= this.text.length) this.fail('unexpected end of the file: this [ is never closed', start, start + 1, 'close the array with ]');
        this.fail(`expected , or ] after an array entry, found ${this.found()}`, this.i);
      }
      const comma = this.i++;
      this.skipSpace();
      if (this.text[this.i] === ']') this.fail('trailing comma: JSON does not allow a comma before ]', comma, comma + 1, 'remove the comma');
    }
  }

  /**
   * The array opened at `start` (the cursor is on its first entry) when it is a well-formed list
   * of finite numbers, read into the pool. Otherwise undefined, with the cursor and the pool as
   * they were, so that the general reading finds the odd entry and reports any error.
   */
  private numbers(start: number): DataValue | undefined {
    const t = this.text;
    const offset = this.count;
    let i = this.i;
    for (;;) {
      const end = jsonNumberEnd(t, i);
      if (end < 0) break;
      const x = numberValue(t, i, end);
      if (x - x !== 0) break; // too large for a double: reported with its text
      if (this.count === this.pool.length) this.grow(i);
      this.pool[this.count++] = x;
      i = end;
      let c = t.charCodeAt(i);
      while (isSpace(c)) c = t.charCodeAt(++i);
      if (c === 93 /* ] */) {
        this.i = i + 1;
        return { kind: 'numbers', offset, length: this.count - offset, start, end: i + 1 };
      }
      if (c !== 44 /* , */) break;
      c = t.charCodeAt(++i);
      while (isSpace(c)) c = t.charCodeAt(++i);
    }
    this.count = offset;
    return undefined;
  }

  /** Room for more numbers: the density so far, extrapolated over the whole text, at least 1.5 times more. */
  private grow(at: number): void {
    const estimate = Math.ceil((this.count / Math.max(1, at)) * this.text.length * 1.05) + 1024;
    const size = Math.max(this.count + 1, Math.min(this.maxNumbers(), Math.max(estimate, Math.ceil(this.pool.length * 1.5))));
    const pool = new Float64Array(size);
    pool.set(this.pool.subarray(0, this.count));
    this.pool = pool;
  }

  private object(depth: number): DataValue {
    const start = this.i++;
    const entries: DataEntry[] = [];
    this.skipSpace();
    if (this.text[this.i] === '}') {
      this.i++;
      return { kind: 'object', entries, start, end: this.i };
    }
    for (;;) {
      this.skipSpace();
      const keyStart = this.i;
      if (this.text[keyStart] !== '"') {
        if (keyStart >= this.text.length) this.fail('unexpected end of the file: this { is never closed', start, start + 1, 'close the object with }');
        this.fail(`expected a "name" in double quotes, found ${this.found()}`, keyStart, keyStart + 1, 'JSON names are in double quotes: {"x": [1, 2]}');
      }
      const key = this.string();
      const keyLoc = { start: keyStart, end: this.i };
      this.skipSpace();
      if (this.text[this.i] !== ':') this.fail(`expected : after "${key}", found ${this.found()}`, this.i);
      this.i++;
      entries.push({ key, keyLoc, value: this.value(depth + 1) });
      this.skipSpace();
      const c = this.text[this.i];
      if (c === '}') {
        this.i++;
        return { kind: 'object', entries, start, end: this.i };
      }
      if (c !== ',') {
        if (this.i >= this.text.length) this.fail('unexpected end of the file: this { is never closed', start, start + 1, 'close the object with }');
        this.fail(`expected , or } after the value of "${key}", found ${this.found()}`, this.i);
      }
      const comma = this.i++;
      this.skipSpace();
      if (this.text[this.i] === '}') this.fail('trailing comma: JSON does not allow a comma before }', comma, comma + 1, 'remove the comma');
    }
  }
}

/** Read a data file; errors are MatdiffErrors of kind 'data' with spans. */
export function readData(text: string): DataDocument {
  const positions = new PositionTable(text);
  const reader = new Reader(text, positions, true);
  const value = reader.document();
  return { text, value, pool: reader.pool, positions };
}

/** Where entry `index` of a `numbers` value is in the text (for messages: read again, not kept). */
export function numberAt(text: string, v: Extract<DataValue, { kind: 'numbers' }>, index: number): Loc {
  let i = v.start + 1;
  for (let k = 0; ; k++) {
    while (isSpace(text.charCodeAt(i))) i++;
    const end = jsonNumberEnd(text, i);
    if (end < 0) throw new Error(`internal: entry ${k} of the numbers at ${v.start} is not a number`);
    if (k === index) return { start: i, end };
    i = end;
    while (isSpace(text.charCodeAt(i))) i++;
    i++; // the comma
  }
}

/** Parse JSON text into located values; errors are MatdiffErrors of kind 'data' with spans. */
export function readJson(text: string): { value: JsonValue; positions: PositionTable } {
  const positions = new PositionTable(text);
  const span = (v: Loc) => positions.span(v.start, v.end);
  // Depth is capped at MAX_DEPTH by the reader, so recursion here is shallow.
  const located = (v: DataValue): JsonValue => {
    switch (v.kind) {
      case 'number':
        return { kind: 'number', value: v.value, text: text.slice(v.start, v.end), span: span(v) };
      case 'string':
      case 'boolean':
        return { kind: v.kind, value: v.value, span: span(v) } as JsonValue;
      case 'null':
        return { kind: 'null', span: span(v) };
      case 'array':
        return { kind: 'array', items: v.items.map(located), span: span(v) };
      case 'numbers':
        throw new Error('internal: readJson does not pack numbers');
      case 'object':
        return { kind: 'object', entries: v.entries.map((e) => ({ key: e.key, keySpan: span(e.keyLoc), value: located(e.value) })), span: span(v) };
    }
  };
  return { value: located(new Reader(text, positions, false).document()), positions };
}
