/**
 * Plain JavaScript values for the variables of an expression, checked and turned into the
 * reference evaluator's Env: numbers, number[], number[][], row-major Float64Arrays,
 * { rows, cols, data } tensors and mathjs matrices (anything with toArray() and size()).
 * Indices in messages count from 0, as JavaScript does: `x[2]` is the third entry.
 */
import { describeValue } from '../core/args';
import { Dim, describeShape } from '../core/dims';
import { MatdiffError } from '../core/errors';
import { Node } from '../core/graph';
import { Env, Tensor, tensor } from '../eval/tensor';

function fail(message: string, hint: string): never {
  throw new MatdiffError('data', message, undefined, hint);
}

const FROM_ZERO = 'indices count from 0, as in JavaScript';

function checkFinite(name: string, where: string, x: unknown): number {
  if (typeof x === 'number' && Number.isFinite(x)) return x;
  return fail(
    `${name}${where} is ${typeof x === 'number' ? String(x) : describeValue(x)}, not a finite number`,
    `every entry of ${name} must be a finite number (${FROM_ZERO})`,
  );
}

interface Given {
  readonly name: string;
  readonly node: Node;
  rows: number;
  cols: number;
  /** Row-major entries; a flat Float64Array for a matrix waits for its dimensions. */
  data: Float64Array;
  flat?: boolean;
}

/** One value, read into rows, cols and entries (copied, except tensors and Float64Arrays). */
function read(name: string, node: Node, v0: unknown): Given {
  const s = node.shape;
  const vector = s.rows === 1 || s.cols === 1;
  const row = s.rows === 1 && s.cols !== 1;
  let v = v0;
  if (v !== null && typeof v === 'object' && typeof (v as { toArray?: unknown }).toArray === 'function' && typeof (v as { size?: unknown }).size === 'function')
    v = (v as { toArray(): unknown }).toArray();
  if (typeof v === 'number') return { name, node, rows: 1, cols: 1, data: Float64Array.of(checkFinite(name, '', v)) };
  if (v instanceof Float64Array) {
    if (vector) return { name, node, rows: row ? 1 : v.length, cols: row ? v.length : 1, data: v };
    return { name, node, rows: NaN, cols: NaN, data: v, flat: true };
  }
  const t = v as Partial<Tensor> | null;
  if (t !== null && typeof t === 'object' && t.data instanceof Float64Array && typeof t.rows === 'number' && typeof t.cols === 'number') {
    if (!Number.isSafeInteger(t.rows) || !Number.isSafeInteger(t.cols) || t.rows < 1 || t.cols < 1 || t.data.length !== t.rows * t.cols)
      fail(
        `${name} says it is ${t.rows}×${t.cols} but holds ${t.data.length} numbers`,
        'a tensor { rows, cols, data } has whole rows, cols >= 1 and rows*cols numbers in data, row-major',
      );
    return { name, node, rows: t.rows, cols: t.cols, data: t.data };
  }
  if (Array.isArray(v)) {
    if (v.length === 0) fail(`${name} is an empty array`, `give ${name} as a ${describeShape(s)}`);
    if (!Array.isArray(v[0])) {
      if (!vector && v.length !== 1)
        fail(
          `${name} is declared as a ${describeShape(s)} but was given a flat array of ${v.length} numbers`,
          'give a matrix as an array of rows, e.g. [[1, 2], [3, 4]]',
        );
      const data = Float64Array.from(v, (x: unknown, i) => checkFinite(name, `[${i}]`, x));
      return { name, node, rows: row ? 1 : v.length, cols: row ? v.length : 1, data };
    }
    const cols = (v[0] as unknown[]).length;
    if (cols === 0) fail(`${name}[0] is an empty row`, `give ${name} as a ${describeShape(s)}`);
    const data = new Float64Array(v.length * cols);
    v.forEach((r: unknown, i) => {
      if (!Array.isArray(r) || r.length !== cols)
        fail(
          `${name}: row ${i} has ${Array.isArray(r) ? `${r.length} entries` : `no entries (${describeValue(r)})`}, row 0 has ${cols}`,
          `every row of ${name} must have the same number of entries (${FROM_ZERO})`,
        );
      r.forEach((x: unknown, j) => (data[i * cols + j] = checkFinite(name, `[${i}][${j}]`, x)));
    });
    return { name, node, rows: v.length, cols, data };
  }
  return fail(`${name} must be a number, an array, a Float64Array or a matrix, not ${describeValue(v)}`, `give ${name} as a ${describeShape(s)}`);
}

/**
 * An Env for the variables `vars` (by name) from `values`, binding dimension symbols from
 * the values' sizes and `dims`. Values for names not in `vars` are refused when `known` says
 * the name is not a variable at all, and ignored otherwise (a gradient may not read every
 * variable of its program).
 */
export function envFor(fn: string, vars: ReadonlyMap<string, Node>, values: unknown, dims: unknown, known?: ReadonlySet<string>): Env {
  if (values === null || typeof values !== 'object' || Array.isArray(values))
    throw new MatdiffError(
      'usage',
      `${fn}: the values must be an object mapping variable names to values, not ${describeValue(values)}`,
      undefined,
      'e.g. { A: [[1, 2], [3, 4]], x: [1, 1] }',
    );
  if (dims !== undefined && (dims === null || typeof dims !== 'object' || Array.isArray(dims)))
    throw new MatdiffError(
      'usage',
      `${fn}: dims must be an object mapping dimension names to sizes, not ${describeValue(dims)}`,
      undefined,
      'e.g. { dims: { n: 3 } }',
    );
  const given = values as Record<string, unknown>;
  if (known)
    for (const name of Object.keys(given))
      if (!known.has(name))
        throw new MatdiffError(
          'usage',
          `${fn}: ${name} is not a variable of the program`,
          undefined,
          known.size ? `its variables: ${[...known].join(', ')}` : 'the program declares no variables',
        );
  const sizes = new Map<string, number>();
  const source = new Map<string, string>();
  for (const [d, v] of Object.entries((dims ?? {}) as Record<string, unknown>)) {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1)
      fail(`dims.${d} is ${describeValue(v)}, but a dimension size is a whole number of at least 1`, `e.g. { dims: { ${d}: 10 } }`);
    sizes.set(d, v as number);
    source.set(d, 'dims');
  }
  const bind = (g: Given, dim: Dim, size: number, what: string) => {
    if (typeof dim === 'number') {
      if (size !== dim) fail(`${g.name} has ${size} ${what}, but it is declared as a ${describeShape(g.node.shape)}`, `give ${g.name} exactly ${dim} ${what}`);
      return;
    }
    const had = sizes.get(dim);
    if (had === undefined) (sizes.set(dim, size), source.set(dim, g.name));
    else if (had !== size)
      fail(
        `${g.name} has ${size} ${what}, but ${dim} = ${had} (from ${source.get(dim)})`,
        `${g.name} is declared as a ${describeShape(g.node.shape)}: its ${what} must number ${dim} = ${had}`,
      );
  };
  const read1: Given[] = [];
  for (const [name, node] of vars) {
    if (!Object.prototype.hasOwnProperty.call(given, name) || given[name] === undefined)
      fail(
        `no value for ${name} (a ${describeShape(node.shape)})`,
        `give ${name} a value: evaluate(program, { ${[...vars.keys()].map((n) => `${n}: ...`).join(', ')} })`,
      );
    const g = read(name, node, given[name]);
    read1.push(g);
    if (!g.flat) (bind(g, node.shape.rows, g.rows, 'rows'), bind(g, node.shape.cols, g.cols, 'columns'));
  }
  for (const g of read1.filter((x) => x.flat)) {
    const { rows, cols } = g.node.shape;
    const r = typeof rows === 'number' ? rows : sizes.get(rows);
    const c = typeof cols === 'number' ? cols : sizes.get(cols);
    const len = g.data.length;
    const R = r ?? (c ? len / c : NaN);
    const C = c ?? (r ? len / r : NaN);
    if (!Number.isInteger(R) || !Number.isInteger(C) || R * C !== len)
      fail(
        `cannot read ${g.name} (a ${describeShape(g.node.shape)}) from a flat Float64Array of ${len} numbers`,
        `give ${g.name} as { rows, cols, data } or an array of rows, or pass the sizes in dims`,
      );
    g.rows = R;
    g.cols = C;
    bind(g, rows, R, 'rows');
    bind(g, cols, C, 'columns');
  }
  for (const g of read1)
    for (let k = 0; k < g.data.length; k++)
      if (!Number.isFinite(g.data[k]!)) {
        const vector = g.rows === 1 || g.cols === 1;
        checkFinite(g.name, vector ? `[${k}]` : `[${Math.floor(k / g.cols)}][${k % g.cols}]`, g.data[k]);
      }
  return {
    vars: new Map(read1.map((g) => [g.name, tensor(g.rows, g.cols, g.data)])),
    dims: sizes,
  };
}
