/**
 * One call's inputs: read each variable's form and sizes, bind the dimension symbols, and
 * copy (and check) array inputs into Float64Arrays. Float64Arrays and tensors are used in
 * place without a scan; blameInputs scans them only after an output came out non-finite.
 */
import type { Dim, Fail, RunOptions, Spec } from './types';

/** How a variable was given. */
export const FORM_NUMBER = 0,
  FORM_ARRAY = 1,
  FORM_ROWS = 2,
  FORM_FLAT = 3,
  FORM_TENSOR = 4;

/** The state of one call's inputs, kept by an evaluator and reset by every call. */
export interface Binding {
  readonly spec: Spec;
  readonly fail: Fail;
  /** Index of each dimension symbol in spec.dims (and d). */
  readonly dimIndex: Readonly<Record<string, number>>;
  /** Size of each dimension symbol, NaN until bound. */
  readonly d: Float64Array;
  /** The input that bound each dimension ('' for none, or options.dims). */
  readonly dimSource: string[];
  /** Per input: its form (FORM_*), rows and columns (NaN for a flat matrix not yet resolved). */
  readonly form: Int8Array;
  readonly rowsOf: Float64Array;
  readonly colsOf: Float64Array;
  /** Per input: the value given (after toArray()), dropped once copied or used. */
  readonly given: unknown[];
}

/** A mathjs Matrix, duck-typed. */
interface MatrixLike {
  toArray(): unknown;
  size(): unknown;
}

/** A { rows, cols, data } tensor as given (rows and cols not yet checked). */
interface TensorLike {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function createBinding(spec: Spec, fail: Fail): Binding {
  const nIn = spec.inputs.length;
  const dimIndex: Record<string, number> = Object.create(null);
  spec.dims.forEach((name, i) => (dimIndex[name] = i));
  return {
    spec,
    fail,
    dimIndex,
    d: new Float64Array(spec.dims.length),
    dimSource: new Array(spec.dims.length).fill(''),
    form: new Int8Array(nIn),
    rowsOf: new Float64Array(nIn),
    colsOf: new Float64Array(nIn),
    given: new Array(nIn).fill(undefined),
  };
}

/** 'a scalar', 'a vector(n)', 'a row vector(n)' or 'a matrix(m, n)'. */
export function describe(rows: Dim, cols: Dim): string {
  if (rows === 1 && cols === 1) return 'a scalar';
  if (cols === 1) return 'a vector(' + rows + ')';
  if (rows === 1) return 'a row vector(' + cols + ')';
  return 'a matrix(' + rows + ', ' + cols + ')';
}

/** The declared shape of input k, for messages. */
export function shapeText(b: Binding, k: number): string {
  return describe(b.spec.inputs[k].rows, b.spec.inputs[k].cols);
}

/** A dimension for messages: '3', or 'n = 3' (NaN while unbound). */
export function dimText(b: Binding, dim: Dim): string {
  return typeof dim === 'number' ? String(dim) : dim + ' = ' + b.d[b.dimIndex[dim]];
}

/** The size of a dimension now (NaN for a symbol not yet bound). */
export function sizeOf(b: Binding, dim: Dim): number {
  return typeof dim === 'number' ? dim : b.d[b.dimIndex[dim]];
}

/** Start a call: check inputs and options, forget the last call's sizes, apply options.dims. Returns options.copy. */
export function beginCall(b: Binding, inputs: unknown, options: RunOptions | undefined): boolean {
  const fail: Fail = b.fail;
  if (inputs === null || typeof inputs !== 'object')
    fail('run needs an object mapping variable names to values', 'e.g. run({ A: [[1, 2], [3, 4]], x: [1, 1] })');
  b.d.fill(NaN);
  b.dimSource.fill('');
  if (options !== undefined && (options === null || typeof options !== 'object'))
    fail('the options of run must be an object, not ' + (options === null ? 'null' : typeof options), 'e.g. run(inputs, { dims: { n: 10 } })');
  const copy: unknown = options !== undefined && options.copy;
  if (copy !== undefined && typeof copy !== 'boolean')
    fail(
      'options.copy must be true or false, not ' + (copy === null ? 'null' : typeof copy),
      'e.g. run(inputs, { copy: true }) for a result that later calls leave alone',
    );
  const fixed: unknown = options && options.dims;
  if (fixed !== undefined && (fixed === null || typeof fixed !== 'object'))
    fail('options.dims must be an object mapping dimension names to sizes', 'e.g. { dims: { n: 10 } }');
  if (fixed) {
    const sizes = fixed as Readonly<Record<string, unknown>>;
    for (const name of Object.keys(sizes)) {
      const v = sizes[name];
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1)
        fail(
          'options.dims.' + name + ' is ' + (typeof v === 'number' ? String(v) : typeof v) + ', but a dimension size must be a whole number of at least 1',
          'e.g. { dims: { ' + name + ': 10 } }',
        );
      const i = b.dimIndex[name];
      if (i !== undefined) b.d[i] = v;
    }
  }
  return copy === true;
}

/** Inspect every input, resolve flat matrices, and fail on a dimension left unbound. */
export function bindInputs(b: Binding, inputs: Readonly<Record<string, unknown>>): void {
  const nIn = b.spec.inputs.length;
  for (let k = 0; k < nIn; k++) {
    const name = b.spec.inputs[k].name;
    const v = Object.prototype.hasOwnProperty.call(inputs, name) ? inputs[name] : undefined;
    if (v === undefined) b.fail('no value for ' + name + ' (' + shapeText(b, k) + ')', 'give ' + name + ' a value');
    inspect(b, k, v);
  }
  for (let k = 0; k < nIn; k++) if (b.form[k] === FORM_FLAT && Number.isNaN(b.rowsOf[k])) resolveFlat(b, k);
  for (let i = 0; i < b.d.length; i++)
    if (Number.isNaN(b.d[i])) b.fail('no size for dimension ' + b.spec.dims[i], 'pass it in options.dims, e.g. { dims: { ' + b.spec.dims[i] + ': 10 } }');
}

/** Bind dimension `dim` of input k to `size` (its rows or columns), or fail on a mismatch. */
function bind(b: Binding, k: number, dim: Dim, size: number, what: string): void {
  const { d, dimSource } = b;
  const fail: Fail = b.fail;
  const name = b.spec.inputs[k].name;
  if (typeof dim === 'number') {
    if (size !== dim) fail(name + ' has ' + size + ' ' + what + ', but it is declared as ' + shapeText(b, k), 'give ' + name + ' exactly ' + dim + ' ' + what);
    return;
  }
  const i = b.dimIndex[dim];
  if (Number.isNaN(d[i])) {
    if (!(size >= 1)) fail(name + ' has ' + size + ' ' + what + ': dimension ' + dim + ' must be at least 1', 'give ' + name + ' some entries');
    d[i] = size;
    dimSource[i] = name;
  } else if (d[i] !== size)
    fail(
      name + ' has ' + size + ' ' + what + ', but ' + dim + ' = ' + d[i] + (dimSource[i] ? ' (from ' + dimSource[i] + ')' : ''),
      name + ' is declared as ' + shapeText(b, k) + ': its ' + what + ' must number ' + dim + ' = ' + d[i],
    );
}

/** Read the form and sizes of input k (no copying yet) and bind its dimensions. */
function inspect(b: Binding, k: number, v0: unknown): void {
  const { form, rowsOf, colsOf } = b;
  const fail: Fail = b.fail;
  const s = b.spec.inputs[k];
  const isVectorDecl = s.rows === 1 || s.cols === 1;
  let v = v0;
  if (v !== null && typeof v === 'object' && typeof (v as MatrixLike).toArray === 'function' && typeof (v as MatrixLike).size === 'function') {
    try {
      v = (v as MatrixLike).toArray();
    } catch (e) {
      fail(
        s.name + "'s toArray() threw: " + String(e instanceof Error ? e.message : e).slice(0, 200),
        'pass ' + s.name + ' as a number[][], a Float64Array or a { rows, cols, data } tensor',
      );
    }
  }
  b.given[k] = v;
  if (typeof v === 'number') {
    form[k] = FORM_NUMBER;
    rowsOf[k] = 1;
    colsOf[k] = 1;
  } else if (v instanceof Float64Array) {
    form[k] = FORM_FLAT;
    if (isVectorDecl) {
      rowsOf[k] = s.cols === 1 ? v.length : 1;
      colsOf[k] = s.cols === 1 ? 1 : v.length;
    } else {
      rowsOf[k] = NaN; // a flat matrix: resolved once the other inputs have bound its dimensions
      colsOf[k] = NaN;
      return;
    }
  } else if (
    v !== null &&
    typeof v === 'object' &&
    (v as TensorLike).data instanceof Float64Array &&
    typeof (v as TensorLike).rows === 'number' &&
    typeof (v as TensorLike).cols === 'number'
  ) {
    const t = v as TensorLike;
    form[k] = FORM_TENSOR;
    for (const [what, x] of [
      ['rows', t.rows],
      ['cols', t.cols],
    ] as const)
      if (!Number.isSafeInteger(x) || x < 1)
        fail(
          s.name + '.' + what + ' is ' + x + ', but a tensor has a whole number of at least 1 ' + what,
          'give ' + s.name + ' as { rows, cols, data } with whole rows and cols >= 1 and rows*cols numbers in data',
        );
    if (t.data.length !== t.rows * t.cols)
      fail(s.name + ' says it is ' + t.rows + '×' + t.cols + ' but holds ' + t.data.length + ' numbers', 'data must have rows*cols entries, row-major');
    rowsOf[k] = t.rows;
    colsOf[k] = t.cols;
  } else if (Array.isArray(v)) {
    const a: readonly unknown[] = v;
    if (a.length === 0) fail(s.name + ' is an empty array', 'give ' + s.name + ' as ' + shapeText(b, k));
    if (Array.isArray(a[0])) {
      form[k] = FORM_ROWS;
      const c = a[0].length;
      for (let i = 0; i < a.length; i++) {
        const row = a[i];
        if (!Array.isArray(row) || row.length !== c)
          fail(
            s.name + '[' + i + '] has ' + (Array.isArray(row) ? row.length + ' entries' : 'no entries (not an array)') + ', ' + s.name + '[0] has ' + c,
            'every row of ' + s.name + ' must have the same number of entries',
          );
      }
      rowsOf[k] = a.length;
      colsOf[k] = c;
    } else {
      form[k] = FORM_ARRAY;
      if (isVectorDecl || a.length === 1) {
        rowsOf[k] = s.rows === 1 && s.cols !== 1 ? 1 : a.length;
        colsOf[k] = s.rows === 1 && s.cols !== 1 ? a.length : 1;
      } else
        fail(
          s.name + ' is declared as ' + shapeText(b, k) + ' but was given a flat array of ' + a.length + ' numbers',
          'give a matrix as an array of rows, e.g. [[1, 2], [3, 4]]',
        );
    }
  } else {
    fail(
      s.name + ' must be a number, an array, a Float64Array or a matrix, not ' + (v === null ? 'null' : typeof v),
      'give ' + s.name + ' as ' + shapeText(b, k),
    );
  }
  bind(b, k, s.rows, rowsOf[k], 'rows');
  bind(b, k, s.cols, colsOf[k], 'columns');
}

/** A flat Float64Array for a matrix: one known dimension fixes the other. */
function resolveFlat(b: Binding, k: number): void {
  const s = b.spec.inputs[k];
  const len = (b.given[k] as Float64Array).length;
  let r = sizeOf(b, s.rows),
    c = sizeOf(b, s.cols);
  if (Number.isNaN(r) && Number.isNaN(c))
    b.fail(
      'cannot tell the dimensions of ' + s.name + ' (' + shapeText(b, k) + ') from a flat Float64Array of ' + len + ' numbers',
      'give ' + s.name + ' as {rows, cols, data}, or pass the sizes of ' + s.rows + ' and ' + s.cols + ' in options.dims',
    );
  if (Number.isNaN(r)) r = len / c;
  if (Number.isNaN(c)) c = len / r;
  if (!Number.isInteger(r) || !Number.isInteger(c) || r * c !== len)
    b.fail(
      s.name + ' has ' + len + ' numbers, which is not ' + dimText(b, s.rows) + ' × ' + dimText(b, s.cols),
      'a flat ' + s.name + ' must hold rows*cols numbers, row-major',
    );
  b.rowsOf[k] = r;
  b.colsOf[k] = c;
  bind(b, k, s.rows, r, 'rows');
  bind(b, k, s.cols, c, 'columns');
}

/** Is input k used in place (a Float64Array or a tensor), rather than copied? */
export function inPlace(b: Binding, k: number): boolean {
  return b.form[k] === FORM_FLAT || b.form[k] === FORM_TENSOR;
}

/** The array input k is read from: the caller's own for in-place forms, else undefined. */
export function inPlaceData(b: Binding, k: number): Float64Array | undefined {
  const f = b.form[k];
  if (f === FORM_FLAT) return b.given[k] as Float64Array;
  if (f === FORM_TENSOR) return (b.given[k] as TensorLike).data;
  return undefined;
}

/** Copy a number or array input k into target, checking that every entry is a finite number. */
export function copyIn(b: Binding, k: number, target: Float64Array): void {
  const v = b.given[k];
  const name = b.spec.inputs[k].name;
  const bad = (x: unknown, where: string) =>
    b.fail(
      name +
        where +
        ' is ' +
        (typeof x === 'number' ? String(x) : x === null ? 'null' : typeof x === 'string' ? JSON.stringify(x) : typeof x) +
        ', not a finite number',
      'every entry of ' + name + ' must be a finite number',
    );
  const f = b.form[k];
  if (f === FORM_NUMBER) {
    const x = v as number;
    if (!Number.isFinite(x)) bad(x, '');
    target[0] = x;
  } else if (f === FORM_ARRAY) {
    const a = v as readonly unknown[];
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      if (typeof x !== 'number' || !(x - x === 0)) bad(x, '[' + i + ']');
      target[i] = x as number;
    }
  } else {
    const rows = v as readonly (readonly unknown[])[];
    const c = b.colsOf[k];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      for (let j = 0; j < c; j++) {
        const x = row[j];
        if (typeof x !== 'number' || !(x - x === 0)) bad(x, '[' + i + '][' + j + ']');
        target[i * c + j] = x as number;
      }
    }
  }
}

/** After a non-finite output: fail on the first non-finite entry of an input used in place. */
export function blameInputs(b: Binding, ins: readonly Float64Array[]): void {
  for (let k = 0; k < b.spec.inputs.length; k++) {
    if (!inPlace(b, k)) continue;
    const a = ins[k];
    for (let i = 0; i < a.length; i++)
      if (!Number.isFinite(a[i])) {
        const c = b.colsOf[k];
        const where = c === 1 || b.rowsOf[k] === 1 ? '[' + i + ']' : '[' + Math.floor(i / c) + '][' + (i % c) + ']';
        b.fail(b.spec.inputs[k].name + where + ' is ' + a[i] + ', not a finite number', 'every entry of ' + b.spec.inputs[k].name + ' must be a finite number');
      }
  }
}
