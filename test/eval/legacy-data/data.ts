// The data loader as it was before the streaming reader (src/eval/data.ts at 69f6463), kept verbatim
// (imports aside) as the oracle for test/eval/data-stream.test.ts: the new loader must accept the same
// files with the same numbers and give the same messages, hints and spans.
/**
 * Data files: JSON mapping the program's variable names to numbers (scalars), arrays (column
 * vectors) and arrays of rows (matrices), plus optional explicit sizes for dimension symbols
 * (`"m": 100`) that no variable fixes. The sizes of dimension symbols are inferred from the
 * arrays and checked against each other and against the declarations, symmetric matrices are
 * checked to be symmetric, and every entry must be a finite number.
 *
 * Every problem is a MatdiffError of kind 'data' located in the JSON text (line:col), so that
 * formatError(err, text, file) shows a caret into the data file. Problems that have no place in
 * the file (a variable that is missing) carry no span.
 */
import { Dim, Shape, describeShape } from '../../../src/core/dims';
import { MatdiffError, Span } from '../../../src/core/errors';
import { Node, freeVars, topoOrder } from '../../../src/core/graph';
import type { Declaration, Program } from '../../../src/parse';
import { nearest } from '../../../src/parse/suggest';
import { JsonEntry, JsonValue, readJson } from './data-json';
import { Env, Tensor, tensor } from '../../../src/eval/tensor';

export interface LoadDataOptions {
  /** Variables that must have data even if the program's expression does not use them (e.g. --grad y). */
  readonly require?: readonly string[];
}

/** Symmetry is checked to this relative tolerance (printed decimals of a symmetric matrix round). */
export const SYMMETRY_TOLERANCE = 1e-9;

function fail(message: string, span: Span | undefined, hint: string): never {
  throw new MatdiffError('data', message, span, hint);
}

/** "an array of 3 numbers", "a string", ...: what a JSON value is, for messages. */
function found(v: JsonValue): string {
  switch (v.kind) {
    case 'number':
      return `the number ${v.text}`;
    case 'string':
      return `the string ${JSON.stringify(v.value)}`;
    case 'boolean':
      return `\`${v.value}\``;
    case 'null':
      return '`null`';
    case 'object':
      return 'an object';
    case 'array':
      if (v.items.length === 0) return 'an empty array';
      if (v.items.every((i) => i.kind === 'array')) return `an array of ${v.items.length} rows`;
      return `an array of ${v.items.length} entries`;
  }
}

/** The finite number in `v`, or an error saying why `v` is not one. `where` names the entry. */
function finiteNumber(v: JsonValue, where: string): number {
  if (v.kind === 'number') {
    if (!Number.isFinite(v.value))
      fail(`${where} is ${v.text}, too large for a double (it would be ${v.value})`, v.span, 'entries must be finite numbers with magnitude below 1.8e308');
    return v.value;
  }
  if (v.kind === 'string' && /^\s*[-+]?(nan|inf|infinity)\s*$/i.test(v.value))
    fail(
      `${where} is the string ${JSON.stringify(v.value)}: NaN and Infinity are not allowed`,
      v.span,
      'every entry must be a finite number; matdiff cannot evaluate with NaN or Infinity',
    );
  if (v.kind === 'string' && v.value.trim() !== '' && Number.isFinite(Number(v.value)))
    fail(`${where} is the string ${JSON.stringify(v.value)}, not a number`, v.span, `remove the quotes: ${v.value.trim()}`);
  if (v.kind === 'null')
    fail(`${where} is null, not a number`, v.span, 'every entry must be a finite number (null, NaN and missing values cannot be evaluated)');
  return fail(`${where} is ${found(v)}, not a number`, v.span, 'every entry must be a finite number such as 0.5 or -2');
}

/** A declared shape as the user wrote it: `matrix(m, n)`, `vector(n)`, `symmetric(n)`, `scalar`. */
function declared(d: Declaration): string {
  if (d.symmetric) return `symmetric(${d.shape.rows})`;
  const s = describeShape(d.shape);
  return s.replace(/ \(.*\)$/, '');
}

/** Who fixes a dimension: a variable along one axis, or an explicit size in the data. */
interface Source {
  readonly name: string;
  /** "rows", "columns", "entries", or "size" for an explicit `"m": 100`. */
  readonly axis: string;
  /** The declaration as written, e.g. `matrix(m, n)`. */
  readonly decl: string;
  readonly span: Span;
}

const says = (s: Source, size: number) => (s.axis === 'size' ? `the data's "${s.name}" is ${size}` : `${s.name} has ${size} ${s.axis}`);

/** Dimension sizes as the data fixes them, with where each came from. */
class DimensionSizes {
  readonly sizes = new Map<string, { readonly size: number; readonly by: Source }>();

  bind(dim: Dim, size: number, by: Source): void {
    if (typeof dim === 'number') {
      if (size !== dim) fail(`${says(by, size)}, but it is declared ${by.decl}`, by.span, `give ${by.name} exactly ${dim} ${by.axis}, as its declaration says`);
      return;
    }
    const before = this.sizes.get(dim);
    if (!before) this.sizes.set(dim, { size, by });
    else if (before.size !== size) {
      const decls = [before.by, by].filter((s) => s.axis !== 'size').map((s) => `${s.name} is declared ${s.decl}`);
      fail(
        `dimension ${dim} disagrees: ${says(before.by, before.size)}, so ${dim} = ${before.size}, but ${says(by, size)}, so ${dim} = ${size}`,
        by.span,
        `every use of ${dim} must have the same size` + (decls.length ? ` (${decls.join(', ')})` : ''),
      );
    }
  }
}

function rowsAndCols(name: string, decl: Declaration, v: JsonValue): { rows: number; cols: number; data: Float64Array; rowSpans: Span[] } {
  const s: Shape = decl.shape;
  const shapeWords = declared(decl);
  const isScalarDecl = s.rows === 1 && s.cols === 1;
  if (isScalarDecl) {
    if (v.kind === 'array' || v.kind === 'object')
      fail(`${name} is declared scalar, but its value is ${found(v)}`, v.span, `give ${name} a single number, e.g. "${name}": 0.5`);
    return { rows: 1, cols: 1, data: Float64Array.of(finiteNumber(v, name)), rowSpans: [v.span] };
  }
  const example = s.cols === 1 ? '[1, 2, 3]' : '[[1, 2], [3, 4]]';
  if (v.kind !== 'array')
    fail(
      `${name} is declared ${shapeWords}, but its value is ${found(v)}`,
      v.span,
      `give ${name} ${s.cols === 1 ? 'an array of numbers' : 'an array of rows'}, e.g. "${name}": ${example}`,
    );
  if (v.items.length === 0)
    fail(`${name} is declared ${shapeWords}, but its value is an empty array`, v.span, 'every dimension is at least 1: give some entries');
  const nested = v.items.map((i) => i.kind === 'array');
  const allRows = nested.every(Boolean);
  const anyRows = nested.some(Boolean);
  if (anyRows && !allRows) {
    const k = nested.indexOf(!nested[0]);
    fail(
      `${name} mixes numbers and rows: ${name}[${k}] is ${found(v.items[k])}, ${name}[0] is ${found(v.items[0])}`,
      v.items[k].span,
      s.cols === 1 ? `give ${name} as a flat array of numbers, e.g. ${example}` : `give ${name} as an array of rows, e.g. ${example}`,
    );
  }
  if (!allRows) {
    // A flat array: a column vector (or a declared row vector 1×k).
    if (s.cols !== 1 && s.rows !== 1)
      fail(
        `${name} is declared ${shapeWords}, but its value is a flat array of ${v.items.length} numbers`,
        v.span,
        `write a matrix as an array of rows, e.g. "${name}": ${example}`,
      );
    const data = Float64Array.from(v.items, (item, i) => finiteNumber(item, `${name}[${i}]`));
    const column = s.cols === 1;
    return { rows: column ? data.length : 1, cols: column ? 1 : data.length, data, rowSpans: column ? v.items.map((i) => i.span) : [v.span] };
  }
  // An array of rows.
  const rows = v.items as Extract<JsonValue, { kind: 'array' }>[];
  const cols = rows[0].items.length;
  rows.forEach((r, i) => {
    if (r.items.length !== cols)
      fail(
        `ragged rows in ${name}: ${name}[${i}] has ${r.items.length} entries, ${name}[0] has ${cols}`,
        r.span,
        `every row of a matrix has the same number of entries`,
      );
  });
  if (cols === 0) fail(`the rows of ${name} are empty`, rows[0].span, 'every dimension is at least 1: give each row some entries');
  if (s.cols === 1 && s.rows !== 1 && cols !== 1)
    fail(
      `${name} is declared ${shapeWords}, but its value is ${rows.length}×${cols} rows`,
      v.span,
      `give ${name} a flat array of numbers, e.g. "${name}": ${example}`,
    );
  const data = new Float64Array(rows.length * cols);
  rows.forEach((r, i) => r.items.forEach((e, j) => (data[i * cols + j] = finiteNumber(e, `${name}[${i}][${j}]`))));
  return { rows: rows.length, cols, data, rowSpans: rows.map((r) => r.span) };
}

function checkSymmetric(name: string, t: Tensor, v: Extract<JsonValue, { kind: 'array' }>): void {
  const n = t.rows;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const a = t.data[i * n + j];
      const b = t.data[j * n + i];
      if (Math.abs(a - b) > SYMMETRY_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b))) {
        const row = v.items[i];
        const span = row.kind === 'array' ? row.items[j].span : row.span;
        fail(
          `${name} is declared symmetric, but ${name}[${i}][${j}] = ${a} differs from ${name}[${j}][${i}] = ${b}`,
          span,
          `a symmetric matrix equals its transpose; make ${name}[${i}][${j}] and ${name}[${j}][${i}] equal, or declare ${name} as matrix(n, n)`,
        );
      }
    }
}

/** Dimension symbols that evaluating `roots` needs: in shapes, and used as scalars (`1/m`). */
function neededDimensions(roots: readonly Node[]): Set<string> {
  const out = new Set<string>();
  for (const n of topoOrder(roots)) {
    for (const d of [n.shape.rows, n.shape.cols]) if (typeof d === 'string') out.add(d);
    if (n.op === 'dim') out.add(n.name!);
  }
  return out;
}

function explicitSize(e: JsonEntry, sizes: DimensionSizes): void {
  const v = e.value;
  if (v.kind !== 'number' || !Number.isSafeInteger(v.value) || v.value < 1)
    fail(
      `"${e.key}" is a dimension symbol, so its value must be a positive integer size, not ${found(v)}`,
      v.span,
      `e.g. "${e.key}": 100; or leave it out when a variable's data fixes ${e.key}`,
    );
  sizes.bind(e.key, (v as { value: number }).value, { name: e.key, axis: 'size', decl: 'a size', span: v.span });
}

/**
 * The Env for `program` from a data file's text. `file` names the file in messages.
 * Variables the program's expression uses (and `options.require`) must be present; other declared
 * variables may be given and are checked the same way.
 */
export function loadData(text: string, program: Program, file = 'the data file', options: LoadDataOptions = {}): Env {
  const { value: root } = readJson(text);
  const scope = program.scope;
  if (root.kind !== 'object')
    fail(`the data must be a JSON object mapping names to values, not ${found(root)}`, root.span, 'e.g. {"A": [[1, 2], [3, 4]], "x": [1, 0]}');
  const entries = (root as Extract<JsonValue, { kind: 'object' }>).entries;
  const sizes = new DimensionSizes();
  const vars = new Map<string, Tensor>();
  const seen = new Map<string, Span>();
  const knownNames = () => [...scope.declarations.keys(), ...scope.dimensions.keys()];

  for (const e of entries) {
    const earlier = seen.get(e.key);
    if (earlier) fail(`"${e.key}" is given twice (first at line ${earlier.start.line}, column ${earlier.start.col})`, e.keySpan, 'give each name once');
    seen.set(e.key, e.keySpan);
    if (scope.dimension(e.key)) {
      explicitSize(e, sizes);
      continue;
    }
    const decl = scope.declaration(e.key);
    if (!decl) {
      if (scope.definition(e.key))
        fail(
          `"${e.key}" is defined by the program, so it cannot be given data`,
          e.keySpan,
          `give values for the declared variables: ${[...scope.declarations.keys()].join(', ')}`,
        );
      const guess = nearest(e.key, knownNames());
      const plausible = guess && (e.key.length > 1 || guess.toLowerCase() === e.key.toLowerCase());
      const declaredList = [...scope.declarations.keys()].join(', ');
      fail(
        `unknown name "${e.key}": the program declares no variable or dimension of that name`,
        e.keySpan,
        (plausible ? `did you mean "${guess}"? ` : '') + (declaredList ? `the program declares ${declaredList}` : 'the program declares no variables'),
      );
    }
    const d = decl as Declaration;
    const shapeWords = declared(d);
    const got = rowsAndCols(e.key, d, e.value);
    const t = tensor(got.rows, got.cols, got.data);
    // Bind rows, then columns, against the declaration (a vector's only dimension is its length).
    const isColumn = d.shape.cols === 1 && d.shape.rows !== 1;
    const source = (axis: string) => ({ name: e.key, axis, decl: shapeWords, span: e.value.span });
    if (isColumn) sizes.bind(d.shape.rows, got.rows, source('entries'));
    else if (!(d.shape.rows === 1 && d.shape.cols === 1)) {
      sizes.bind(d.shape.rows, got.rows, source('rows'));
      sizes.bind(d.shape.cols, got.cols, source('columns'));
    }
    if (d.symmetric) checkSymmetric(e.key, t, e.value as Extract<JsonValue, { kind: 'array' }>);
    vars.set(e.key, t);
  }

  const result = program.result;
  const required = new Map<string, Declaration>();
  const used = result ? [...freeVars(result).keys()] : [...scope.declarations.keys()];
  for (const name of [...used, ...(options.require ?? [])]) {
    const decl = scope.declaration(name);
    if (decl) required.set(name, decl);
  }
  for (const [name, decl] of required)
    if (!vars.has(name))
      fail(
        `no value for ${name} (declared ${declared(decl)}) in ${file}`,
        undefined,
        `add "${name}": ${decl.shape.rows === 1 && decl.shape.cols === 1 ? '0.5' : decl.shape.cols === 1 ? '[...]' : '[[...], ...]'} to the data`,
      );

  const roots = [...(result ? [result] : []), ...[...required.values()].map((d) => d.node)];
  for (const dim of neededDimensions(roots))
    if (!sizes.sizes.has(dim)) fail(`no size for dimension ${dim}: no variable in ${file} fixes it`, undefined, `add its size to the data, e.g. "${dim}": 100`);

  return { vars, dims: new Map([...sizes.sizes].map(([k, b]) => [k, b.size])) };
}
