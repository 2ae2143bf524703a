// The data loader as it was before the streaming reader (src/eval/data-json.ts at 69f6463), kept verbatim
// (imports aside) as the oracle for test/eval/data-stream.test.ts: the new loader must accept the same
// files with the same numbers and give the same messages, hints and spans.
/**
 * A small JSON reader that remembers where every value is, so that data-file errors can point
 * into the file (`data.json:3:14`) with a caret. Strict JSON (RFC 8259): no comments, no
 * trailing commas, no NaN or Infinity. Bad JSON is a MatdiffError of kind 'data' with a span.
 * Nesting is capped (data files are at most an object of arrays of rows), so a hostile file
 * cannot overflow the stack.
 */
import { MatdiffError, Position, Span } from '../../../src/core/errors';

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

const MAX_DEPTH = 64;

/** Offsets to 1-based line:col. */
export class PositionTable {
  private readonly lineStarts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }
  at(offset: number): Position {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset, line: lo + 1, col: offset - this.lineStarts[lo] + 1 };
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
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Reader {
  private i = 0;
  constructor(
    private readonly text: string,
    readonly positions: PositionTable,
  ) {}

  fail(message: string, start: number, end = start + 1, hint = HINT): never {
    throw new MatdiffError('data', message, this.positions.span(start, end), hint);
  }

  private skipSpace(): void {
    const t = this.text;
    while (this.i < t.length && (t[this.i] === ' ' || t[this.i] === '\t' || t[this.i] === '\n' || t[this.i] === '\r')) this.i++;
  }

  /** A short description of what is at the cursor, for "found ..." messages. */
  private found(): string {
    if (this.i >= this.text.length) return 'the end of the file';
    WORD.lastIndex = this.i;
    const w = WORD.exec(this.text);
    if (w) return `\`${w[0]}\``;
    return `\`${this.text[this.i]}\``;
  }

  document(): JsonValue {
    this.skipSpace();
    if (this.i >= this.text.length) this.fail('the data file is empty', 0, 1);
    const v = this.value(0);
    this.skipSpace();
    if (this.i < this.text.length) this.fail(`unexpected ${this.found()} after the end of the JSON value`, this.i);
    return v;
  }

  private value(depth: number): JsonValue {
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
      return { kind: 'string', value, span: this.positions.span(start, this.i) };
    }
    NUMBER.lastIndex = start;
    const num = NUMBER.exec(t);
    if (num && !/[\w.]/.test(t[start + num[0].length] ?? '')) {
      this.i = start + num[0].length;
      return { kind: 'number', value: Number(num[0]), text: num[0], span: this.positions.span(start, this.i) };
    }
    WORD.lastIndex = start;
    const w = WORD.exec(t);
    if (w) {
      const word = w[0];
      const span = this.positions.span(start, start + word.length);
      this.i = start + word.length;
      if (word === 'true' || word === 'false') return { kind: 'boolean', value: word === 'true', span };
      if (word === 'null') return { kind: 'null', span };
      if (/^-?(NaN|Infinity)$/i.test(word))
        this.fail(
          `${word} is not valid JSON, and matdiff needs finite numbers`,
          start,
          start + word.length,
          'every entry must be a finite number such as 0.5 or -2e3',
        );
      this.fail(
        `unexpected \`${word}\`: not a JSON value`,
        start,
        start + word.length,
        'JSON values are numbers, "strings", [arrays], {objects}, true, false and null',
      );
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

  private array(depth: number): JsonValue {
    const start = this.i++;
    const items: JsonValue[] = [];
    this.skipSpace();
    if (this.text[this.i] === ']') {
      this.i++;
      return { kind: 'array', items, span: this.positions.span(start, this.i) };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.skipSpace();
      const c = this.text[this.i];
      if (c === ']') {
        this.i++;
        return { kind: 'array', items, span: this.positions.span(start, this.i) };
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

  private object(depth: number): JsonValue {
    const start = this.i++;
    const entries: JsonEntry[] = [];
    this.skipSpace();
    if (this.text[this.i] === '}') {
      this.i++;
      return { kind: 'object', entries, span: this.positions.span(start, this.i) };
    }
    for (;;) {
      this.skipSpace();
      const keyStart = this.i;
      if (this.text[keyStart] !== '"') {
        if (keyStart >= this.text.length) this.fail('unexpected end of the file: this { is never closed', start, start + 1, 'close the object with }');
        this.fail(`expected a "name" in double quotes, found ${this.found()}`, keyStart, keyStart + 1, 'JSON names are in double quotes: {"x": [1, 2]}');
      }
      const key = this.string();
      const keySpan = this.positions.span(keyStart, this.i);
      this.skipSpace();
      if (this.text[this.i] !== ':') this.fail(`expected : after "${key}", found ${this.found()}`, this.i);
      this.i++;
      entries.push({ key, keySpan, value: this.value(depth + 1) });
      this.skipSpace();
      const c = this.text[this.i];
      if (c === '}') {
        this.i++;
        return { kind: 'object', entries, span: this.positions.span(start, this.i) };
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

/** Parse JSON text into located values; errors are MatdiffErrors of kind 'data' with spans. */
export function readJson(text: string): { value: JsonValue; positions: PositionTable } {
  // A byte-order mark is not part of the JSON; skip it without shifting columns of later lines.
  const positions = new PositionTable(text);
  const reader = new Reader(text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text, positions);
  return { value: reader.document(), positions };
}
