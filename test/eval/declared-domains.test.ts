/**
 * Random instances and data files honour the declared domains diagonal(n), orthogonal(n) and
 * simplex(k, m) (issue 9 item 5): every draw is inside the domain, and data outside it is an
 * error located at the entry (or value) that is wrong, saying what would be right.
 */
import { MatdiffError } from '../../src/core/errors';
import { formatError } from '../../src/core/report';
import { ORTHOGONALITY_TOLERANCE, loadData } from '../../src/eval/data';
import { makeRng, randomEnv } from '../../src/eval/random';
import { Tensor } from '../../src/eval/tensor';
import { parseProgram } from '../../src/parse';

const at = (t: Tensor, i: number, j: number) => t.data[i * t.cols + j];

/** max |QᵀQ − I| */
function orthogonalityError(q: Tensor): number {
  let worst = 0;
  for (let i = 0; i < q.cols; i++)
    for (let j = 0; j < q.cols; j++) {
      let s = 0;
      for (let k = 0; k < q.rows; k++) s += at(q, k, i) * at(q, k, j);
      worst = Math.max(worst, Math.abs(s - (i === j ? 1 : 0)));
    }
  return worst;
}

/** det by elimination (small matrices). */
function det(t: Tensor): number {
  const n = t.rows;
  const m = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => at(t, i, j)));
  let d = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    if (p !== c) (([m[p], m[c]] = [m[c], m[p]]), (d = -d));
    d *= m[c][c];
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k < n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return d;
}

describe('random instances stay in the declared domain', () => {
  const p = parseProgram('D : diagonal(n); Q : orthogonal(n); Y : simplex(k, m)\ntr(D * Q) + sum(Y)');
  const seeds = Array.from({ length: 12 }, (_, i) => i + 1);

  test.each(seeds)('seed %i: D is zero off the diagonal, Q is orthogonal, every column of Y is a probability vector', (seed) => {
    const env = randomEnv(p.graph, p.result!, makeRng(seed));
    const D = env.vars.get('D')!;
    const Q = env.vars.get('Q')!;
    const Y = env.vars.get('Y')!;
    expect([D.rows, D.cols, Q.rows]).toEqual([env.dims.get('n'), env.dims.get('n'), env.dims.get('n')]);
    for (let i = 0; i < D.rows; i++) for (let j = 0; j < D.cols; j++) if (i !== j) expect(at(D, i, j)).toBe(0);
    expect([...D.data].some((v) => v !== 0)).toBe(true);
    expect(orthogonalityError(Q)).toBeLessThan(1e-12);
    expect(Math.abs(Math.abs(det(Q)) - 1)).toBeLessThan(1e-10);
    expect([Y.rows, Y.cols]).toEqual([env.dims.get('k'), env.dims.get('m')]);
    for (let j = 0; j < Y.cols; j++) {
      let s = 0;
      for (let i = 0; i < Y.rows; i++) {
        expect(at(Y, i, j)).toBeGreaterThan(0);
        s += at(Y, i, j);
      }
      expect(Math.abs(s - 1)).toBeLessThan(1e-12);
    }
  });

  test('free draws give orthogonal matrices of both determinants and diagonals of both signs', () => {
    const dets = new Set<number>();
    const signs = new Set<number>();
    for (const seed of seeds) {
      const env = randomEnv(p.graph, p.result!, makeRng(seed));
      dets.add(Math.sign(det(env.vars.get('Q')!)));
      const D = env.vars.get('D')!;
      for (let i = 0; i < D.rows; i++) signs.add(Math.sign(at(D, i, i)));
    }
    expect([...dets].sort()).toEqual([-1, 1]);
    expect([...signs].sort()).toEqual([-1, 1]);
  });

  test('under logdet an orthogonal draw has det +1 and a diagonal one positive entries', () => {
    const q = parseProgram('D : diagonal(n); Q : orthogonal(n)\nlogdet(Q) + logdet(D)');
    for (const seed of seeds) {
      const env = randomEnv(q.graph, q.result!, makeRng(seed));
      expect(det(env.vars.get('Q')!)).toBeCloseTo(1, 10);
      const D = env.vars.get('D')!;
      for (let i = 0; i < D.rows; i++) expect(at(D, i, i)).toBeGreaterThan(0);
    }
  });
});

describe('data files are checked against the new domains, with located errors', () => {
  const SOURCE = 'D : diagonal(n); Q : orthogonal(n); Y : simplex(k, m)\ntr(D * Q) + sum(Y)';
  const program = () => parseProgram(SOURCE);
  const good = { D: '[[2, 0], [0, -3]]', Q: '[[0.6, -0.8], [0.8, 0.6]]', Y: '[[0.25, 1, 0.5], [0.75, 0, 0.5]]' };
  const text = (over: Partial<typeof good>) => {
    const v = { ...good, ...over };
    return `{\n  "D": ${v.D},\n  "Q": ${v.Q},\n  "Y": ${v.Y}\n}`;
  };
  const error = (t: string): MatdiffError => {
    try {
      loadData(t, program(), 'd.json');
    } catch (e) {
      if (e instanceof MatdiffError) return e;
      throw e;
    }
    throw new Error('expected a data error');
  };
  /** 1-based line and column of the `nth` occurrence of `needle`. */
  const where = (t: string, needle: string, nth = 1) => {
    let i = -1;
    for (let k = 0; k < nth; k++) i = t.indexOf(needle, i + 1);
    const before = t.slice(0, i).split('\n');
    return `${before.length}:${before[before.length - 1].length + 1}`;
  };

  test('data inside the domains loads, including a reflection (det -1) and a column on a vertex', () => {
    const env = loadData(text({ Q: '[[1, 0], [0, -1]]' }), program(), 'd.json');
    expect([env.dims.get('n'), env.dims.get('k'), env.dims.get('m')]).toEqual([2, 2, 3]);
  });

  test('an off-diagonal entry of a diagonal matrix is pointed at', () => {
    const t = text({ D: '[[2, 0], [0.5, -3]]' });
    const e = error(t);
    expect(e.message).toBe('D is declared diagonal(2), but D[1][0] = 0.5 is off the diagonal and not 0');
    expect(e.hint).toBe('a diagonal matrix has zeros off the diagonal: set D[1][0] to 0, or declare D as matrix(n, n)');
    expect(formatError(e, t, 'd.json')).toMatch(new RegExp(`^d\\.json:${where(t, '0.5')}: `));
  });

  test('rounding noise off the diagonal is not an error', () => {
    expect(() => loadData(text({ D: '[[2, 1e-17], [0, -3]]' }), program(), 'd.json')).not.toThrow();
  });

  test('a matrix that is not orthogonal: the worst entry of QᵀQ − I, and the tolerance', () => {
    const t = text({ Q: '[[0.6, -0.8], [0.8, 0.61]]' });
    const e = error(t);
    expect(e.message).toMatch(
      new RegExp(
        `^Q is declared orthogonal\\(2\\), but Q'Q is not the identity: \\(Q'Q\\)\\[1\\]\\[1\\] is 1\\.01\\d*, not 1 \\(tolerance ${ORTHOGONALITY_TOLERANCE}\\)$`,
      ),
    );
    expect(e.hint).toMatch(
      /the columns of an orthogonal matrix have length 1 \(column 1, counting from 0, has length 1\.00\d*\).*or declare Q as matrix\(n, n\)$/,
    );
    expect(formatError(e, t, 'd.json')).toMatch(new RegExp(`^d\\.json:${where(t, '[[0.6')}: `));
  });

  test('columns that are not orthogonal are named', () => {
    const e = error(text({ Q: '[[1, 0.1], [0, 1]]' }));
    expect(e.message).toMatch(/\(Q'Q\)\[0\]\[1\] is 0\.1, not 0/);
    expect(e.hint).toMatch(/columns 0 and 1, counting from 0, have the inner product 0\.1/);
  });

  test('four printed decimals are not enough for an orthogonal matrix', () => {
    expect(error(text({ Q: '[[0.7071, -0.7071], [0.7071, 0.7071]]' })).message).toMatch(/is not the identity/);
    expect(() =>
      loadData(text({ Q: '[[0.7071067811865476, -0.7071067811865476], [0.7071067811865476, 0.7071067811865476]]' }), program(), 'd.json'),
    ).not.toThrow();
  });

  test('a negative entry of a simplex matrix is pointed at', () => {
    const t = text({ Y: '[[0.25, 1.25, 0.5], [0.75, -0.25, 0.5]]' });
    const e = error(t);
    expect(e.message).toBe('Y is declared simplex(2, 3), but Y[1][1] = -0.25 is negative');
    expect(e.hint).toMatch(/each column of a simplex\(k, m\) matrix is a probability vector, with entries >= 0 that sum to 1; or declare Y as matrix\(k, m\)/);
    expect(formatError(e, t, 'd.json')).toMatch(new RegExp(`^d\\.json:${where(t, '-0.25')}: `));
  });

  test('a column that does not sum to one is named, and the hint says columns, not rows', () => {
    const t = text({ Y: '[[0.25, 0.5, 0.5], [0.75, 0.4, 0.5]]' });
    const e = error(t);
    expect(e.message).toBe('Y is declared simplex(2, 3), but column 1 (counting from 0) sums to 0.9, not 1');
    expect(e.hint).toMatch(/every column of Y must sum to 1 \(columns, not rows/);
    expect(formatError(e, t, 'd.json')).toMatch(new RegExp(`^d\\.json:${where(t, '0.5', 1)}: `));
  });

  test('rows that sum to one are not columns that do', () => {
    expect(error(text({ Y: '[[0.25, 0.25, 0.5], [0.5, 0.25, 0.25]]' })).message).toBe(
      'Y is declared simplex(2, 3), but column 0 (counting from 0) sums to 0.75, not 1',
    );
  });
});
