// @ts-nocheck
/* eslint-disable */
/**
 * GENERATED from RUNTIME_SOURCE in src/compile/runtime.ts: do not edit. Regenerate with
 * MATDIFF_WRITE_HOST=1 npx jest test/compile/ir/host (the test fails while the two differ).
 *
 * The evaluator's runtime (input conversion and checks, dimension binding, the buffer cache,
 * run) as a module, for the 'interp' backend: the same text the generated evaluators run
 * through `new Function`, loaded here without it (for pages whose Content-Security-Policy
 * forbids code generation). Type checking is off: the text carries its types as comments.
 */
const FORM_NUMBER = 0, FORM_ARRAY = 1, FORM_ROWS = 2, FORM_FLAT = 3, FORM_TENSOR = 4;
/** Longest array the kernel indexes: below 2³¹, so index arithmetic in int32 is exact. */
const MAX_ENTRIES = 2147483647;
/** Buffers are kept for at most this many dimension signatures (least recently used dropped first)... */
const MAX_SIGNATURES = 8;
/** ...and for no more than this many bytes in all (the signature in use is kept even if larger). */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

function describe(rows/*: number | string*/, cols/*: number | string*/)/*: string*/ {
  if (rows === 1 && cols === 1) return 'a scalar';
  if (cols === 1) return 'a vector(' + rows + ')';
  if (rows === 1) return 'a row vector(' + cols + ')';
  return 'a matrix(' + rows + ', ' + cols + ')';
}

/**
 * specialize(d), when given, may return a kernel generated for one dimension signature
 * (in-process only: emitted modules always run the general kernel).
 */
function createEvaluator(spec/*: Spec*/, allocate/*: (d: Float64Array) => Float64Array[]*/, kernel/*: Kernel*/, fail/*: (message: string, hint: string) => never*/, specialize/*?: (d: Float64Array) => Kernel | undefined*/)/*: Evaluator*/ {
  const nIn = spec.inputs.length;
  const dimIndex/*: Record<string, number>*/ = Object.create(null);
  spec.dims.forEach((name/*: string*/, i/*: number*/) => (dimIndex[name] = i));
  const d = new Float64Array(spec.dims.length);
  const dimSource/*: string[]*/ = new Array(spec.dims.length).fill('');
  const form = new Int8Array(nIn);
  const rowsOf = new Float64Array(nIn);
  const colsOf = new Float64Array(nIn);
  const given/*: any[]*/ = new Array(nIn).fill(undefined);
  const states = new Map/*<string, State>*/();
  let last/*: State | undefined*/ = undefined;

  const shapeText = (k/*: number*/) => describe(spec.inputs[k].rows, spec.inputs[k].cols);
  const dimText = (dim/*: number | string*/) => (typeof dim === 'number' ? String(dim) : dim + ' = ' + d[dimIndex[dim]]);

  function bind(k/*: number*/, dim/*: number | string*/, size/*: number*/, what/*: string*/)/*: void*/ {
    const name = spec.inputs[k].name;
    if (typeof dim === 'number') {
      if (size !== dim) fail(name + ' has ' + size + ' ' + what + ', but it is declared as ' + shapeText(k), 'give ' + name + ' exactly ' + dim + ' ' + what);
      return;
    }
    const i = dimIndex[dim];
    if (Number.isNaN(d[i])) {
      if (!(size >= 1)) fail(name + ' has ' + size + ' ' + what + ': dimension ' + dim + ' must be at least 1', 'give ' + name + ' some entries');
      d[i] = size;
      dimSource[i] = name;
    } else if (d[i] !== size)
      fail(
        name + ' has ' + size + ' ' + what + ', but ' + dim + ' = ' + d[i] + (dimSource[i] ? ' (from ' + dimSource[i] + ')' : ''),
        name + ' is declared as ' + shapeText(k) + ': its ' + what + ' must number ' + dim + ' = ' + d[i],
      );
  }

  /** Read the sizes of input k (no copying yet) and bind its dimensions. */
  function inspect(k/*: number*/, v/*: any*/)/*: void*/ {
    const s = spec.inputs[k];
    const isVectorDecl = s.rows === 1 || s.cols === 1;
    if (v !== null && typeof v === 'object' && typeof v.toArray === 'function' && typeof v.size === 'function') {
      try {
        v = v.toArray();
      } catch (e) {
        fail(s.name + "'s toArray() threw: " + String(e instanceof Error ? e.message : e).slice(0, 200), 'pass ' + s.name + ' as a number[][], a Float64Array or a { rows, cols, data } tensor');
      }
    }
    given[k] = v;
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
    } else if (v !== null && typeof v === 'object' && v.data instanceof Float64Array && typeof v.rows === 'number' && typeof v.cols === 'number') {
      form[k] = FORM_TENSOR;
      for (const [what, x] of [['rows', v.rows], ['cols', v.cols]])
        if (!Number.isSafeInteger(x) || x < 1) fail(s.name + '.' + what + ' is ' + x + ', but a tensor has a whole number of at least 1 ' + what, 'give ' + s.name + ' as { rows, cols, data } with whole rows and cols >= 1 and rows*cols numbers in data');
      if (v.data.length !== v.rows * v.cols) fail(s.name + ' says it is ' + v.rows + '×' + v.cols + ' but holds ' + v.data.length + ' numbers', 'data must have rows*cols entries, row-major');
      rowsOf[k] = v.rows;
      colsOf[k] = v.cols;
    } else if (Array.isArray(v)) {
      if (v.length === 0) fail(s.name + ' is an empty array', 'give ' + s.name + ' as ' + shapeText(k));
      if (Array.isArray(v[0])) {
        form[k] = FORM_ROWS;
        const c = v[0].length;
        for (let i = 0; i < v.length; i++)
          if (!Array.isArray(v[i]) || v[i].length !== c)
            fail(s.name + ': row ' + (i + 1) + ' has ' + (Array.isArray(v[i]) ? v[i].length + ' entries' : 'no entries (not an array)') + ', row 1 has ' + c, 'every row of ' + s.name + ' must have the same number of entries');
        rowsOf[k] = v.length;
        colsOf[k] = c;
      } else {
        form[k] = FORM_ARRAY;
        if (isVectorDecl || v.length === 1) {
          rowsOf[k] = s.rows === 1 && s.cols !== 1 ? 1 : v.length;
          colsOf[k] = s.rows === 1 && s.cols !== 1 ? v.length : 1;
        } else fail(s.name + ' is declared as ' + shapeText(k) + ' but was given a flat array of ' + v.length + ' numbers', 'give a matrix as an array of rows, e.g. [[1, 2], [3, 4]]');
      }
    } else {
      fail(s.name + ' must be a number, an array, a Float64Array or a matrix, not ' + (v === null ? 'null' : typeof v), 'give ' + s.name + ' as ' + shapeText(k));
    }
    bind(k, s.rows, rowsOf[k], 'rows');
    bind(k, s.cols, colsOf[k], 'columns');
  }

  /** A flat Float64Array for a matrix: one known dimension fixes the other. */
  function resolveFlat(k/*: number*/)/*: void*/ {
    const s = spec.inputs[k];
    const len = given[k].length;
    const known = (dim/*: number | string*/) => (typeof dim === 'number' ? dim : d[dimIndex[dim]]);
    let r = known(s.rows), c = known(s.cols);
    if (Number.isNaN(r) && Number.isNaN(c))
      fail('cannot tell the dimensions of ' + s.name + ' (' + shapeText(k) + ') from a flat Float64Array of ' + len + ' numbers', 'give ' + s.name + ' as {rows, cols, data}, or pass the sizes of ' + s.rows + ' and ' + s.cols + ' in options.dims');
    if (Number.isNaN(r)) r = len / c;
    if (Number.isNaN(c)) c = len / r;
    if (!Number.isInteger(r) || !Number.isInteger(c) || r * c !== len)
      fail(s.name + ' has ' + len + ' numbers, which is not ' + dimText(s.rows) + ' × ' + dimText(s.cols), 'a flat ' + s.name + ' must hold rows*cols numbers, row-major');
    rowsOf[k] = r;
    colsOf[k] = c;
    bind(k, s.rows, r, 'rows');
    bind(k, s.cols, c, 'columns');
  }

  /** Refuse sizes whose arrays cannot exist (before allocating anything). */
  function checkArrays()/*: void*/ {
    const size = (dim/*: number | string*/) => (typeof dim === 'number' ? dim : d[dimIndex[dim]]);
    for (const [r, c] of spec.arrays) {
      const len = size(r) * size(c);
      if (len > MAX_ENTRIES)
        fail(
          'the sizes ' + dimText(r) + ' × ' + dimText(c) + ' need an array of ' + len + ' numbers (' + (len * 8 / 1e9).toPrecision(3) + ' GB), more than the ' + MAX_ENTRIES + ' one array can hold',
          'use sizes whose products stay below ' + MAX_ENTRIES + ' (2^31 - 1)',
        );
    }
  }

  /** Buffers and the result for the current dimensions (checkArrays has passed). */
  function makeState(key/*: string*/)/*: State*/ {
    let B/*: Float64Array[]*/;
    try {
      B = allocate(d);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      let total = 0;
      for (const [r, c] of spec.arrays) total += (typeof r === 'number' ? r : d[dimIndex[r]]) * (typeof c === 'number' ? c : d[dimIndex[c]]);
      return fail('not enough memory for the sizes ' + spec.dims.map((n/*: string*/, i/*: number*/) => n + ' = ' + d[i]).join(', ') + ': the evaluator needs about ' + (total * 8 / 1e9).toPrecision(3) + ' GB of arrays', 'use smaller sizes, or give node more memory (node --max-old-space-size)');
    }
    const tensorOf = (o/*: OutputSpec*/, i/*: number*/) => ({
      rows: typeof o.rows === 'number' ? o.rows : d[dimIndex[o.rows]],
      cols: typeof o.cols === 'number' ? o.cols : d[dimIndex[o.cols]],
      data: B[spec.outputBuffers[i]],
    });
    const own = specialize === undefined ? undefined : specialize(d);
    return { key, d: Float64Array.from(d), B, kernel: own === undefined ? kernel : own, ins: new Array(nIn).fill(undefined), conv: new Array(nIn).fill(undefined), result: resultOf(spec.outputs.map(tensorOf)) };
  }

  /** The result object over output tensors in spec order: value and gradients by role. */
  function resultOf(outputs/*: Tensor[]*/)/*: Result*/ {
    const gradients/*: Record<string, Tensor>*/ = Object.create(null);
    let value/*: Tensor | undefined*/ = undefined;
    spec.outputs.forEach((o/*: OutputSpec*/, i/*: number*/) => {
      if (o.role === 'value') value = outputs[i];
      else if (o.role === 'gradient') gradients[o.name] = outputs[i];
    });
    return { value, gradients, hessians: Object.create(null), hvps: Object.create(null), outputs };
  }

  /** A copy of a result that no later call touches (run(inputs, { copy: true })). */
  function freshCopy(r/*: Result*/)/*: Result*/ {
    return resultOf(r.outputs.map((t/*: Tensor*/) => ({ rows: t.rows, cols: t.cols, data: t.data.slice() })));
  }

  /** Bytes a cached signature holds: the kernel's buffers and the converted array inputs. */
  function bytesOf(st/*: State*/)/*: number*/ {
    const seen = new Set/*<Float64Array>*/();
    let bytes = 0;
    for (const b of st.B) if (!seen.has(b)) (seen.add(b), (bytes += b.byteLength));
    for (const c of st.conv) if (c !== undefined) bytes += c.byteLength;
    return bytes;
  }

  /**
   * Drop least recently used signatures (never keep) until at most count remain and their
   * bytes, plus extra for a signature about to be made, fit in MAX_CACHE_BYTES.
   */
  function trim(keep/*: State | undefined*/, count/*: number*/, extra/*: number*/)/*: void*/ {
    let total = extra;
    for (const s of states.values()) total += bytesOf(s);
    for (const [key, s] of states) {
      if (states.size <= count && total <= MAX_CACHE_BYTES) break;
      if (s === keep) continue;
      total -= bytesOf(s);
      states.delete(key);
    }
  }

  /**
   * At most the bytes a new signature for the current dimensions will hold: the arrays the kernel
   * indexes, less its inputs (spec.arrays lists both), plus copies of array inputs.
   */
  function bytesNeeded()/*: number*/ {
    const size = (dim/*: number | string*/) => (typeof dim === 'number' ? dim : d[dimIndex[dim]]);
    let entries = 0;
    for (const [r, c] of spec.arrays) entries += size(r) * size(c);
    for (let k = 0; k < nIn; k++) entries -= rowsOf[k] * colsOf[k];
    for (let k = 0; k < nIn; k++) if (form[k] !== FORM_FLAT && form[k] !== FORM_TENSOR) entries += rowsOf[k] * colsOf[k];
    return Math.max(0, entries) * 8;
  }

  function copyIn(k/*: number*/, target/*: Float64Array*/)/*: void*/ {
    const v = given[k];
    const name = spec.inputs[k].name;
    const bad = (x/*: any*/, where/*: string*/) =>
      fail(name + where + ' is ' + (typeof x === 'number' ? String(x) : x === null ? 'null' : typeof x === 'string' ? JSON.stringify(x) : typeof x) + ', not a finite number', 'every entry of ' + name + ' must be a finite number');
    if (form[k] === FORM_NUMBER) {
      if (!Number.isFinite(v)) bad(v, '');
      target[0] = v;
    } else if (form[k] === FORM_ARRAY) {
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if (typeof x !== 'number' || !(x - x === 0)) bad(x, '[' + (i + 1) + ']');
        target[i] = x;
      }
    } else {
      const c = colsOf[k];
      for (let i = 0; i < v.length; i++) {
        const row = v[i];
        for (let j = 0; j < c; j++) {
          const x = row[j];
          if (typeof x !== 'number' || !(x - x === 0)) bad(x, '[' + (i + 1) + ', ' + (j + 1) + ']');
          target[i * c + j] = x;
        }
      }
    }
  }

  /** After a non-finite output: blame a non-finite entry of an input given as a Float64Array. */
  function blameInputs(ins/*: Float64Array[]*/)/*: void*/ {
    for (let k = 0; k < nIn; k++) {
      if (form[k] !== FORM_FLAT && form[k] !== FORM_TENSOR) continue;
      const a = ins[k];
      for (let i = 0; i < a.length; i++)
        if (!Number.isFinite(a[i])) {
          const c = colsOf[k];
          const where = c === 1 || rowsOf[k] === 1 ? '[' + (i + 1) + ']' : '[' + (Math.floor(i / c) + 1) + ', ' + ((i % c) + 1) + ']';
          fail(spec.inputs[k].name + where + ' is ' + a[i] + ', not a finite number', 'every entry of ' + spec.inputs[k].name + ' must be a finite number');
        }
    }
  }

  function run(inputs/*: Record<string, unknown>*/, options/*?: RunOptions*/)/*: Result*/ {
    if (inputs === null || typeof inputs !== 'object') fail('run needs an object mapping variable names to values', 'e.g. run({ A: [[1, 2], [3, 4]], x: [1, 1] })');
    d.fill(NaN);
    dimSource.fill('');
    if (options !== undefined && (options === null || typeof options !== 'object')) fail('the options of run must be an object, not ' + (options === null ? 'null' : typeof options), 'e.g. run(inputs, { dims: { n: 10 } })');
    const copy = options !== undefined && options.copy;
    if (copy !== undefined && typeof copy !== 'boolean') fail('options.copy must be true or false, not ' + (copy === null ? 'null' : typeof copy), 'e.g. run(inputs, { copy: true }) for a result that later calls leave alone');
    const fixed = options && options.dims;
    if (fixed !== undefined && (fixed === null || typeof fixed !== 'object')) fail('options.dims must be an object mapping dimension names to sizes', 'e.g. { dims: { n: 10 } }');
    if (fixed)
      for (const name of Object.keys(fixed)) {
        const v = fixed[name];
        if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1)
          fail('options.dims.' + name + ' is ' + (typeof v === 'number' ? String(v) : typeof v) + ', but a dimension size must be a whole number of at least 1', 'e.g. { dims: { ' + name + ': 10 } }');
        const i = dimIndex[name];
        if (i !== undefined) d[i] = v;
      }
    for (let k = 0; k < nIn; k++) {
      const name = spec.inputs[k].name;
      const v = Object.prototype.hasOwnProperty.call(inputs, name) ? inputs[name] : undefined;
      if (v === undefined) fail('no value for ' + name + ' (' + shapeText(k) + ')', 'give ' + name + ' a value');
      inspect(k, v);
    }
    for (let k = 0; k < nIn; k++) if (form[k] === FORM_FLAT && Number.isNaN(rowsOf[k])) resolveFlat(k);
    for (let i = 0; i < d.length; i++)
      if (Number.isNaN(d[i])) fail('no size for dimension ' + spec.dims[i], 'pass it in options.dims, e.g. { dims: { ' + spec.dims[i] + ': 10 } }');
    let st = last;
    if (st === undefined || !sameDims(st.d, d)) {
      const key = Array.prototype.join.call(d, ',');
      st = states.get(key);
      if (st === undefined) {
        // least recently used first: make room before allocating (their buffers go with them)
        checkArrays();
        trim(undefined, MAX_SIGNATURES - 1, bytesNeeded());
        st = makeState(key);
        states.set(key, st);
        trim(st, MAX_SIGNATURES, 0); // exact, now that the buffers exist
      } else (states.delete(key), states.set(key, st));
      last = st;
    }
    let grew = false;
    for (let k = 0; k < nIn; k++) {
      const f = form[k];
      if (f === FORM_FLAT) st.ins[k] = given[k];
      else if (f === FORM_TENSOR) st.ins[k] = given[k].data;
      else {
        let buf = st.conv[k];
        if (buf === undefined) (buf = st.conv[k] = new Float64Array(rowsOf[k] * colsOf[k])), (grew = true);
        copyIn(k, buf);
        st.ins[k] = buf;
      }
      given[k] = undefined; // hold no reference to the caller's data between calls
    }
    if (grew) trim(st, MAX_SIGNATURES, 0);
    st.kernel(st.d, st.ins, st.B);
    for (let i = 0; i < spec.outputBuffers.length; i++) {
      const o = st.B[spec.outputBuffers[i]];
      // x - x is 0 for a finite x and NaN otherwise (no global lookup per entry: under a vm
      // context, as in jest, Number.isFinite per entry measured 50× slower)
      for (let j = 0; j < o.length; j++) if (!(o[j] - o[j] === 0)) return blameInputs(st.ins), copy ? freshCopy(st.result) : st.result;
    }
    return copy ? freshCopy(st.result) : st.result;
  }

  function sameDims(a/*: Float64Array*/, b/*: Float64Array*/)/*: boolean*/ {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  return { run, spec };
}

export { createEvaluator };
