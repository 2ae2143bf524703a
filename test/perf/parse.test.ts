/**
 * Long products parse in linear time (issue 8, finding 21): a 20,000-factor product used to be
 * quadratic (each `*` copied every factor before it into a new chain and kept a key string of
 * that length) and ran out of memory; right-nested products A*(A*(...x)) likewise.
 * The limits are generous (a slow CI machine must not flake) yet far below the quadratic times.
 */
import { Node } from '../../src/core/graph';
import { evaluate } from '../../src/eval/reference';
import { tensor } from '../../src/eval/tensor';
import { parseProgram } from '../../src/parse';

const LIMIT_MS = 10_000;

function timed<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const out = f();
  return [out, performance.now() - t0];
}

const names = (n: Node): string[] => n.args.map((a) => a.name ?? a.op);

describe('long products parse in linear time', () => {
  it('a 20,000-factor left-to-right product', () => {
    const k = 20_000;
    const decl = Array.from({ length: 10 }, (_, i) => `M${i} : matrix(n, n);`).join(' ');
    const src = `${decl}\n${Array.from({ length: k }, (_, i) => `M${i % 10}`).join(' * ')}`;
    const [p, ms] = timed(() => parseProgram(src));
    expect(ms).toBeLessThan(LIMIT_MS);
    const r = p.result!;
    expect(r.op).toBe('matmul');
    expect(names(r)).toEqual(Array.from({ length: k }, (_, i) => `M${i % 10}`));
  });

  it('a 5,000-level right-nested product A*(A*(...(A*x))) with scalars between', () => {
    const k = 5_000;
    let e = 'x';
    for (let i = 0; i < k; i++) e = i % 1000 === 0 ? `A*(2*${e})` : `A*(${e})`;
    const [p, ms] = timed(() => parseProgram(`A : matrix(n, n); x : vector(n)\n${e}`));
    expect(ms).toBeLessThan(LIMIT_MS);
    const r = p.result!;
    expect(r.op).toBe('mul');
    expect(r.args[0].value!.valueOf()).toBe(2 ** 5);
    const chain = r.args[1];
    expect(names(chain)).toEqual([...Array.from({ length: k }, () => 'A'), 'x']);
  });

  it('a long product evaluates to the product of its factors', () => {
    const src = "A : matrix(2, 2); B : matrix(2, 2); x : vector(2)\n2 * A * B' * (A * (B * (A * x))) / 4";
    const p = parseProgram(src);
    // Row-major 2×2 and 2×1 values, multiplied by hand.
    const A = [1, 2, -1, 3];
    const B = [0.5, -1, 2, 1];
    const Bt = [0.5, 2, -1, 1];
    const x = [1, -2];
    const mm = (a: number[], b: number[]): number[] => {
      const cols = b.length / 2;
      return [0, 1].flatMap((i) => Array.from({ length: cols }, (_, j) => a[2 * i] * b[j] + a[2 * i + 1] * b[cols + j]));
    };
    const want = mm(mm(mm(A, Bt), A), mm(B, mm(A, x))).map((v) => v / 2);
    const t = (rows: number, cols: number, v: number[]) => tensor(rows, cols, Float64Array.from(v));
    const env = {
      vars: new Map([
        ['A', t(2, 2, A)],
        ['B', t(2, 2, B)],
        ['x', t(2, 1, x)],
      ]),
      dims: new Map<string, number>(),
    };
    const got = evaluate(p.result!, env);
    expect(Array.from(got.data)).toEqual(want.map((v) => expect.closeTo(v, 12)));
  });
});
