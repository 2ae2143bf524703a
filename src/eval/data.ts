/**
 * Data files: JSON mapping the program's variable names to numbers (scalars), arrays (column
 * vectors) and arrays of rows (matrices), plus optional explicit sizes for dimension symbols
 * (`"m": 100`) that no variable fixes. The sizes of dimension symbols are inferred from the
 * arrays and checked against each other and against the declarations, symmetric matrices are
 * checked to be symmetric, declared domains (spd, diagonal, orthogonal, simplex, positive) are
 * checked, and every entry must be a finite number.
 *
 * Entries are named as JavaScript indexes them, counting from 0 (`x[0]` is the first entry, `A[1][0]`
 * the first entry of the second row). Every problem is a MatdiffError of kind 'data' located in the
 * JSON text (line:col), so that formatError(err, text, file) shows a caret into the data file.
 * Problems that have no place in the file (a variable that is missing) carry no span.
 */
import type { VarDomain } from '../core/graph';
import { Dim, Shape } from '../core/dims';
import { MatdiffError } from '../core/errors';
import { Node, freeVars, topoOrder } from '../core/graph';
import type { Declaration, Program } from '../parse';
import { declarationText } from '../parse/declarations';
import { nearest } from '../parse/suggest';
import { DataDocument, DataEntry, DataValue, Loc, numberAt, readData } from './data-json';
import { Env, Tensor, tensor } from './tensor';

export interface LoadDataOptions {
  /** Variables that must have data even if the program's expression does not use them (e.g. --grad y). */
  readonly require?: readonly string[];
  /**
   * Only some of the variables (the parameters beside a streamed table): a variable the file
   * does not give, or a dimension it does not fix, is not an error (those in `require` still are).
   */
  readonly partial?: boolean;
}

/** Symmetry is checked to this relative tolerance (printed decimals of a symmetric matrix round). */
export const SYMMETRY_TOLERANCE = 1e-9;

/** Line:column are worked out here, when an error is thrown, not for every value read. */
function fail(doc: DataDocument, message: string, at: Loc | undefined, hint: string): never {
  throw new MatdiffError('data', message, at && doc.positions.span(at.start, at.end), hint);
}

type DataArray = Extract<DataValue, { kind: 'numbers' | 'array' }>;
const isArray = (v: DataValue): v is DataArray => v.kind === 'numbers' || v.kind === 'array';
const lengthOf = (v: DataArray) => (v.kind === 'numbers' ? v.length : v.items.length);

/** The one finite number of [5] or [[5]], or undefined for any other value. */
function singleNumber(doc: DataDocument, v: DataValue): number | undefined {
  for (let depth = 0; depth < 2 && isArray(v) && lengthOf(v) === 1; depth++) {
    if (v.kind === 'numbers') return doc.pool[v.offset];
    v = v.items[0];
  }
  return undefined;
}

/** "an array of 3 numbers", "a string", ...: what a data value is, for messages. */
function found(doc: DataDocument, v: DataValue): string {
  switch (v.kind) {
    case 'number':
      return `the number ${doc.text.slice(v.start, v.end)}`;
    case 'string':
      return `the string ${JSON.stringify(v.value)}`;
    case 'boolean':
      return `\`${v.value}\``;
    case 'null':
      return '`null`';
    case 'object':
      return 'an object';
    case 'numbers':
      return `an array of ${v.length} entries`;
    case 'array':
      if (v.items.length === 0) return 'an empty array';
      if (v.items.every(isArray)) return `an array of ${v.items.length} rows`;
      return `an array of ${v.items.length} entries`;
  }
}

/** The finite number in `v`, or an error saying why `v` is not one. `where` names the entry. */
function finiteNumber(doc: DataDocument, v: DataValue, where: () => string): number {
  if (v.kind === 'number') {
    if (!Number.isFinite(v.value))
      fail(
        doc,
        `${where()} is ${doc.text.slice(v.start, v.end)}, too large for a double (it would be ${v.value})`,
        v,
        'entries must be finite numbers with magnitude below 1.8e308',
      );
    return v.value;
  }
  if (v.kind === 'string' && /^\s*[-+]?(nan|inf|infinity)\s*$/i.test(v.value))
    fail(
      doc,
      `${where()} is the string ${JSON.stringify(v.value)}: NaN and Infinity are not allowed`,
      v,
      'every entry must be a finite number; matdiff cannot evaluate with NaN or Infinity',
    );
  if (v.kind === 'string' && v.value.trim() !== '' && Number.isFinite(Number(v.value)))
    fail(doc, `${where()} is the string ${JSON.stringify(v.value)}, not a number`, v, `remove the quotes: ${v.value.trim()}`);
  if (v.kind === 'null')
    fail(doc, `${where()} is null, not a number`, v, 'every entry must be a finite number (null, NaN and missing values cannot be evaluated)');
  return fail(doc, `${where()} is ${found(doc, v)}, not a number`, v, 'every entry must be a finite number such as 0.5 or -2');
}

/** A declared type as the user wrote it: `matrix(m, n)`, `vector(n)`, `symmetric(n)`, `scalar`, `diagonal(n)`, ... */
function declared(d: Declaration): string {
  return declarationText(d.shape, d.symmetric, d.domain);
}

/** Who fixes a dimension: a variable along one axis, or an explicit size in the data. */
interface Source {
  readonly name: string;
  /** "rows", "columns", "entries", or "size" for an explicit `"m": 100`. */
  readonly axis: string;
  /** The declaration as written, e.g. `matrix(m, n)`. */
  readonly decl: string;
  readonly at: Loc;
}

const says = (s: Source, size: number) => (s.axis === 'size' ? `the data's "${s.name}" is ${size}` : `${s.name} has ${size} ${s.axis}`);

/** Dimension sizes as the data fixes them, with where each came from. */
class DimensionSizes {
  readonly sizes = new Map<string, { readonly size: number; readonly by: Source }>();
  constructor(private readonly doc: DataDocument) {}

  bind(dim: Dim, size: number, by: Source): void {
    if (typeof dim === 'number') {
      if (size !== dim)
        fail(this.doc, `${says(by, size)}, but it is declared ${by.decl}`, by.at, `give ${by.name} exactly ${dim} ${by.axis}, as its declaration says`);
      return;
    }
    const before = this.sizes.get(dim);
    if (!before) this.sizes.set(dim, { size, by });
    else if (before.size !== size) {
      const decls = [before.by, by].filter((s) => s.axis !== 'size').map((s) => `${s.name} is declared ${s.decl}`);
      fail(
        this.doc,
        `dimension ${dim} disagrees: ${says(before.by, before.size)}, so ${dim} = ${before.size}, but ${says(by, size)}, so ${dim} = ${size}`,
        by.at,
        `every use of ${dim} must have the same size` + (decls.length ? ` (${decls.join(', ')})` : ''),
      );
    }
  }
}

/**
 * The numbers of `v` for declaration `decl`. Arrays of finite numbers were read into the pool, so
 * a valid vector or matrix is a view of it (a matrix's rows are read one after another, so they
 * are contiguous there); only values with an odd entry are looked at one entry at a time, to
 * report the first bad one.
 */
function rowsAndCols(doc: DataDocument, name: string, decl: Declaration, v: DataValue): { rows: number; cols: number; data: Float64Array } {
  const s: Shape = decl.shape;
  const shapeWords = declared(decl);
  const isScalarDecl = s.rows === 1 && s.cols === 1;
  if (isScalarDecl) {
    // A 1×1 declaration (scalar, vector(1), matrix(1, 1)) takes 5, [5] or [[5]] alike.
    const one = singleNumber(doc, v);
    if (one !== undefined) return { rows: 1, cols: 1, data: Float64Array.of(one) };
    if (isArray(v) || v.kind === 'object')
      fail(
        doc,
        `${name} is declared ${shapeWords} (1×1, a single number), but its value is ${found(doc, v)}`,
        v,
        `give ${name} a single number, e.g. "${name}": 0.5`,
      );
    return { rows: 1, cols: 1, data: Float64Array.of(finiteNumber(doc, v, () => name)) };
  }
  const example = s.cols === 1 ? '[1, 2, 3]' : '[[1, 2], [3, 4]]';
  if (!isArray(v))
    fail(
      doc,
      `${name} is declared ${shapeWords}, but its value is ${found(doc, v)}`,
      v,
      `give ${name} ${s.cols === 1 ? 'an array of numbers' : 'an array of rows'}, e.g. "${name}": ${example}`,
    );
  const length = lengthOf(v);
  if (length === 0) fail(doc, `${name} is declared ${shapeWords}, but its value is an empty array`, v, 'every dimension is at least 1: give some entries');
  /** A flat array of n numbers: a column vector (or a declared row vector 1×k), checked before reading it. */
  const flat = (n: number, data: () => Float64Array) => {
    if (s.cols !== 1 && s.rows !== 1)
      fail(
        doc,
        `${name} is declared ${shapeWords}, but its value is a flat array of ${n} numbers`,
        v,
        `write a matrix as an array of rows, e.g. "${name}": ${example}`,
      );
    const column = s.cols === 1;
    return { rows: column ? n : 1, cols: column ? 1 : n, data: data() };
  };
  if (v.kind === 'numbers') return flat(v.length, () => doc.pool.subarray(v.offset, v.offset + v.length));
  const items = v.items;
  const first = isArray(items[0]);
  let k = 1;
  while (k < items.length && isArray(items[k]) === first) k++;
  if (k < items.length)
    fail(
      doc,
      `${name} mixes numbers and rows: ${name}[${k}] is ${found(doc, items[k])}, ${name}[0] is ${found(doc, items[0])}`,
      items[k],
      s.cols === 1 ? `give ${name} as a flat array of numbers, e.g. ${example}` : `give ${name} as an array of rows, e.g. ${example}`,
    );
  if (!first) return flat(items.length, () => Float64Array.from(items, (item, i) => finiteNumber(doc, item, () => `${name}[${i}]`)));
  // An array of rows.
  const rows = items as readonly DataArray[];
  const cols = lengthOf(rows[0]);
  rows.forEach((r, i) => {
    if (lengthOf(r) !== cols)
      fail(
        doc,
        `ragged rows in ${name}: ${name}[${i}] has ${lengthOf(r)} entries, ${name}[0] has ${cols}`,
        r,
        `every row of a matrix has the same number of entries`,
      );
  });
  if (cols === 0) fail(doc, `the rows of ${name} are empty`, rows[0], 'every dimension is at least 1: give each row some entries');
  if (s.cols === 1 && s.rows !== 1 && cols !== 1)
    fail(
      doc,
      `${name} is declared ${shapeWords}, but its value is ${rows.length}×${cols} rows`,
      v,
      `give ${name} a flat array of numbers, e.g. "${name}": ${example}`,
    );
  const r0 = rows[0];
  if (r0.kind === 'numbers' && rows.every((r, i) => r.kind === 'numbers' && r.offset === r0.offset + i * cols))
    return { rows: rows.length, cols, data: doc.pool.subarray(r0.offset, r0.offset + rows.length * cols) };
  const data = new Float64Array(rows.length * cols);
  rows.forEach((r, i) => {
    if (r.kind === 'numbers') data.set(doc.pool.subarray(r.offset, r.offset + cols), i * cols);
    else r.items.forEach((e, j) => (data[i * cols + j] = finiteNumber(doc, e, () => `${name}[${i}][${j}]`)));
  });
  return { rows: rows.length, cols, data };
}

/** Where entry [i][j] (0-based) of a value is in the file: a flat array of numbers or an array of rows. */
function entryAt(doc: DataDocument, v: DataValue, i: number, j: number, cols: number): Loc {
  if (v.kind === 'numbers') return numberAt(doc.text, v, i * cols + j);
  if (v.kind !== 'array') return v;
  const item = v.items[i];
  if (item === undefined || !isArray(item)) return v.items[i * cols + j] ?? v;
  return item.kind === 'numbers' ? numberAt(doc.text, item, j) : (item.items[j] ?? item);
}

/**
 * The declared domain: spd (a Cholesky factorization exists), diagonal (zero off the diagonal),
 * orthogonal (QᵀQ = I to ORTHOGONALITY_TOLERANCE), simplex (every column has entries >= 0
 * summing to 1), positive. Each failure points at the entry (or the value) that is wrong.
 */
function checkDomain(doc: DataDocument, name: string, d: Declaration, domain: VarDomain, t: Tensor, v: DataValue): void {
  const x = t.data;
  const { rows, cols } = t;
  // The declaration at the data's sizes (`simplex(2)`), and the plain type to fall back on in hints (`vector(k)`).
  const decl = declarationText({ rows, cols }, d.symmetric, domain);
  const plainType = declarationText(d.shape);
  if (domain === 'positive' && !(x[0] > 0))
    fail(doc, `${name} is declared positive, but its value is ${x[0]}`, v, `give ${name} a number > 0, or declare it scalar`);
  if (domain === 'simplex') {
    const vector = cols === 1;
    const where = (i: number, j: number) => (vector ? `${name}[${i}]` : `${name}[${i}][${j}]`);
    const plain = plainType;
    const what = vector ? 'a probability vector has' : 'each column of a simplex(k, m) matrix is a probability vector, with';
    for (let j = 0; j < cols; j++) {
      let sum = 0;
      for (let i = 0; i < rows; i++) {
        const e = x[i * cols + j];
        if (e < 0)
          fail(
            doc,
            `${name} is declared ${decl}, but ${where(i, j)} = ${e} is negative`,
            entryAt(doc, v, i, j, cols),
            `${what} entries >= 0 that sum to 1; or declare ${name} as ${plain}`,
          );
        sum += e;
      }
      if (Math.abs(sum - 1) > SIMPLEX_TOLERANCE * rows)
        fail(
          doc,
          vector
            ? `${name} is declared ${decl}, but its entries sum to ${sum}, not 1`
            : `${name} is declared ${decl}, but column ${j} (counting from 0) sums to ${sum}, not 1`,
          vector ? v : entryAt(doc, v, 0, j, cols),
          vector
            ? `a probability vector's entries sum to 1: divide by their sum, or declare ${name} as ${plain}`
            : `every column of ${name} must sum to 1 (columns, not rows: transpose the data if its rows are the distributions); divide the column by its sum, or declare ${name} as ${plain}`,
        );
    }
  }
  if (domain === 'spd' && !choleskyExists(t))
    fail(
      doc,
      `${name} is declared ${decl}, but it is not positive definite`,
      v,
      `give a symmetric matrix with positive eigenvalues (e.g. B*B' + I), or declare ${name} as ${declarationText(d.shape, true)}`,
    );
  if (domain === 'diagonal') {
    let scale = 1;
    for (let i = 0; i < rows; i++) scale = Math.max(scale, Math.abs(x[i * cols + i]));
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++)
        if (i !== j && Math.abs(x[i * cols + j]) > DIAGONAL_TOLERANCE * scale)
          fail(
            doc,
            `${name} is declared ${decl}, but ${name}[${i}][${j}] = ${x[i * cols + j]} is off the diagonal and not 0`,
            entryAt(doc, v, i, j, cols),
            `a diagonal matrix has zeros off the diagonal: set ${name}[${i}][${j}] to 0, or declare ${name} as ${plainType}`,
          );
  }
  if (domain === 'orthogonal') {
    const worst = orthogonalityDefect(t);
    if (worst.error > ORTHOGONALITY_TOLERANCE)
      fail(
        doc,
        `${name} is declared ${decl}, but ${name}'${name} is not the identity: (${name}'${name})[${worst.i}][${worst.j}] is ${worst.value}, not ${worst.i === worst.j ? 1 : 0} (tolerance ${ORTHOGONALITY_TOLERANCE})`,
        v,
        worst.i === worst.j
          ? `the columns of an orthogonal matrix have length 1 (column ${worst.i}, counting from 0, has length ${Math.sqrt(Math.max(worst.value, 0))}), and are orthogonal to each other; give more digits or orthonormalize (e.g. the Q of a QR factorization), or declare ${name} as ${plainType}`
          : `the columns of an orthogonal matrix are orthogonal to each other (columns ${worst.i} and ${worst.j}, counting from 0, have the inner product ${worst.value}) and of length 1; give more digits or orthonormalize (e.g. the Q of a QR factorization), or declare ${name} as ${plainType}`,
      );
  }
}

/** Entries of a probability vector may sum to 1 within this (times their count). */
export const SIMPLEX_TOLERANCE = 1e-9;
/** Off-diagonal entries of a diagonal matrix may be this small (relative to its largest diagonal entry, at least 1). */
export const DIAGONAL_TOLERANCE = 1e-12;
/** Every entry of QᵀQ − I of an orthogonal matrix is at most this in magnitude (printed data rounds). */
export const ORTHOGONALITY_TOLERANCE = 1e-8;

/** The entry of QᵀQ farthest from the identity's. */
function orthogonalityDefect(t: Tensor): { i: number; j: number; value: number; error: number } {
  const n = t.cols;
  let out = { i: 0, j: 0, value: 1, error: 0 };
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < t.rows; k++) s += t.data[k * n + i] * t.data[k * n + j];
      const error = Math.abs(s - (i === j ? 1 : 0));
      if (error > out.error) out = { i, j, value: s, error };
    }
  return out;
}

/** Does the symmetric matrix t have a Cholesky factor (is it positive definite)? */
function choleskyExists(t: Tensor): boolean {
  const n = t.rows;
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = t.data[j * n + j];
    for (let k = 0; k < j; k++) d -= L[j * n + k] ** 2;
    if (!(d > 0)) return false;
    L[j * n + j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let s = t.data[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = s / L[j * n + j];
    }
  }
  return true;
}

function checkSymmetric(doc: DataDocument, name: string, t: Tensor, v: DataValue): void {
  const n = t.rows;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const a = t.data[i * n + j];
      const b = t.data[j * n + i];
      if (Math.abs(a - b) > SYMMETRY_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b))) {
        const row = v.kind === 'array' ? v.items[i] : v;
        const at = row.kind === 'numbers' ? numberAt(doc.text, row, j) : row.kind === 'array' ? row.items[j] : row;
        fail(
          doc,
          `${name} is declared symmetric, but ${name}[${i}][${j}] = ${a} differs from ${name}[${j}][${i}] = ${b}`,
          at,
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

function explicitSize(doc: DataDocument, e: DataEntry, sizes: DimensionSizes): void {
  const v = e.value;
  if (v.kind !== 'number' || !Number.isSafeInteger(v.value) || v.value < 1)
    fail(
      doc,
      `"${e.key}" is a dimension symbol, so its value must be a positive integer size, not ${found(doc, v)}`,
      v,
      `e.g. "${e.key}": 100; or leave it out when a variable's data fixes ${e.key}`,
    );
  sizes.bind(e.key, (v as { value: number }).value, { name: e.key, axis: 'size', decl: 'a size', at: v });
}

/**
 * The Env for `program` from a data file's text. `file` names the file in messages.
 * Variables the program's expression uses (and `options.require`) must be present; other declared
 * variables may be given and are checked the same way.
 */
export function loadData(text: string, program: Program, file = 'the data file', options: LoadDataOptions = {}): Env {
  const doc = readData(text);
  const root = doc.value;
  const scope = program.scope;
  if (root.kind !== 'object')
    fail(doc, `the data must be a JSON object mapping names to values, not ${found(doc, root)}`, root, 'e.g. {"A": [[1, 2], [3, 4]], "x": [1, 0]}');
  const entries = (root as Extract<DataValue, { kind: 'object' }>).entries;
  const sizes = new DimensionSizes(doc);
  const vars = new Map<string, Tensor>();
  const seen = new Map<string, Loc>();
  const knownNames = () => [...scope.declarations.keys(), ...scope.dimensions.keys()];

  for (const e of entries) {
    const earlier = seen.get(e.key);
    if (earlier) {
      const first = doc.positions.at(earlier.start);
      fail(doc, `"${e.key}" is given twice (first at line ${first.line}, column ${first.col})`, e.keyLoc, 'give each name once');
    }
    seen.set(e.key, e.keyLoc);
    if (scope.dimension(e.key)) {
      explicitSize(doc, e, sizes);
      continue;
    }
    const decl = scope.declaration(e.key);
    if (!decl) {
      if (scope.definition(e.key))
        fail(
          doc,
          `"${e.key}" is defined by the program, so it cannot be given data`,
          e.keyLoc,
          `give values for the declared variables: ${[...scope.declarations.keys()].join(', ')}`,
        );
      const guess = nearest(e.key, knownNames());
      const plausible = guess && (e.key.length > 1 || guess.toLowerCase() === e.key.toLowerCase());
      const declaredList = [...scope.declarations.keys()].join(', ');
      fail(
        doc,
        `unknown name "${e.key}": the program declares no variable or dimension of that name`,
        e.keyLoc,
        (plausible ? `did you mean "${guess}"? ` : '') + (declaredList ? `the program declares ${declaredList}` : 'the program declares no variables'),
      );
    }
    const d = decl as Declaration;
    const shapeWords = declared(d);
    const got = rowsAndCols(doc, e.key, d, e.value);
    const t = tensor(got.rows, got.cols, got.data);
    // Bind rows, then columns, against the declaration (a vector's only dimension is its length).
    const isColumn = d.shape.cols === 1 && d.shape.rows !== 1;
    const source = (axis: string): Source => ({ name: e.key, axis, decl: shapeWords, at: e.value });
    if (isColumn) sizes.bind(d.shape.rows, got.rows, source('entries'));
    else if (!(d.shape.rows === 1 && d.shape.cols === 1)) {
      sizes.bind(d.shape.rows, got.rows, source('rows'));
      sizes.bind(d.shape.cols, got.cols, source('columns'));
    }
    // A diagonal matrix's own check says more than the symmetry check would.
    if (d.symmetric && d.domain !== 'diagonal') checkSymmetric(doc, e.key, t, e.value);
    if (d.domain) checkDomain(doc, e.key, d, d.domain, t, e.value);
    vars.set(e.key, t);
  }

  const result = program.result;
  const required = new Map<string, Declaration>();
  const used = options.partial ? [] : result ? [...freeVars(result).keys()] : [...scope.declarations.keys()];
  for (const name of [...used, ...(options.require ?? [])]) {
    const decl = scope.declaration(name);
    if (decl) required.set(name, decl);
  }
  for (const [name, decl] of required)
    if (!vars.has(name))
      fail(
        doc,
        `no value for ${name} (declared ${declared(decl)}) in ${file}`,
        undefined,
        `add "${name}": ${decl.shape.rows === 1 && decl.shape.cols === 1 ? '0.5' : decl.shape.cols === 1 ? '[...]' : '[[...], ...]'} to the data`,
      );

  const roots = [...(result && !options.partial ? [result] : []), ...[...required.values()].map((d) => d.node)];
  for (const dim of neededDimensions(roots))
    if (!sizes.sizes.has(dim))
      fail(doc, `no size for dimension ${dim}: no variable in ${file} fixes it`, undefined, `add its size to the data, e.g. "${dim}": 100`);

  return { vars, dims: new Map([...sizes.sizes].map(([k, b]) => [k, b.size])) };
}
