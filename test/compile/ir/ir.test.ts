/**
 * The IR itself: the printed form of the seed (stable, deterministic) and the checker (every
 * kind of broken program is refused, with the pass and the instruction named).
 */
import {
  IR,
  IRCheckError,
  Instr,
  Local,
  PASSES,
  Value,
  allocateBuffers,
  buildIR,
  checkIR,
  fromPlan,
  fuseRows,
  printIR,
  runPasses,
} from '../../../src/compile/ir';
import { Lowering } from '../../../src/compile/lnode';
import { plan } from '../../../src/compile/plan';
import { stabilize } from '../../../src/compile/stable';
import { derive } from '../../../src/derive';
import { parseProgram } from '../../../src/parse';

const SEED = "A : matrix(m, n)\nx : vector(n)\nb : vector(m)\nJ = -1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))\nJ";

function seedIR(source = SEED, opts: { rowFusion?: boolean } = {}) {
  const p = parseProgram(source);
  const f = p.result!;
  const x = p.scope.declaration('x')!.node;
  return { ...buildIR(p.graph, { value: f, gradients: { x: derive(p.graph, 'grad', f, x).node } }, { inputs: [x], ...opts }), program: p };
}

/** The seed's plan as IR, row-fused (unless not) but without buffers. */
function seedFromPlan(source = SEED, rowFusion = true): IR {
  const p = parseProgram(source);
  const f = p.result!;
  const x = p.scope.declaration('x')!.node;
  const nodes = stabilize(p.graph, [f, derive(p.graph, 'grad', f, x).node]);
  const ir = fromPlan(plan(new Lowering().lower(nodes)), {
    outputs: [
      { role: 'value', name: 'value' },
      { role: 'gradient', name: 'x' },
    ],
  });
  return rowFusion ? fuseRows(ir, 4) : ir;
}

const SEED_TEXT = `{ lambda A:f64[m,n] b:f64[m] x:f64[n] ; let
    a:f64[] = pow m -1
    c:f64[] d:f64[] e:f64[n]@b0 = rows[block=4] A x {
        f = dot A[i] x
        g = load b
        h = mul -1 g
        j = add 1 h
        k = expNegAbs f
        l = log1pE k
        o = softplusE f l
        p = mul -1 f
        q = softplusE p l
        r = mul -1 g
        s = sigmoidE f k
        t = add r s
      in (dot j o, dot g q, update t) }
    u:f64[] = mul -1 c
    v:f64[] = mul -1 d
    w:f64[] = add u v
    y:f64[] = mul -1 w a
    z:f64[n]@b1 = loop[n] {
        ba = load e
        bb = mul a ba
      in (bb) }
  in (value: y@b2, gradient x: z@b1) }
`;

describe('printing', () => {
  test("the seed's value and gradient: one row-fused pass over A", () => {
    expect(printIR(seedIR().ir)).toBe(SEED_TEXT);
  });

  test('deterministic: the same program prints the same text however often it is built', () => {
    const texts = new Set([0, 1, 2].map(() => printIR(seedIR().ir)));
    expect(texts.size).toBe(1);
  });

  test('without row fusion: gemv and gemvT as separate kernels', () => {
    const text = printIR(seedIR(SEED, { rowFusion: false }).ir);
    expect(text).toMatch(/= gemv A x\n/);
    expect(text).toMatch(/= gemvT A [a-z]+\n/);
    expect(text).not.toContain('rows[');
  });

  test('a transposed vector as an output is a view; names that are not identifiers are quoted', () => {
    const p = parseProgram("A : matrix(m, n)\nx : vector(n)\nx'");
    const { ir } = buildIR(p.graph, [p.result!]);
    // the input's data, copied into the result buffer
    expect(printIR(ir)).toBe('{ lambda x:f64[n] ; let\n    a:f64[1,n] = view x\n  in (output 0: a@b0) }\n');
    const renamed = { ...ir, inputs: ir.inputs.map((v) => (v.name === 'x' ? { ...v, name: 'v@x' } : v)) };
    expect(printIR(renamed)).toContain('"v@x":f64[n] ; let');
    expect(printIR(renamed)).toContain('= view "v@x"');
  });

  test('from-plan alone has no buffers and no row pass; the passes fuse the rows and give every array a buffer', () => {
    const ir = seedFromPlan(SEED, false);
    expect(ir.passes).toEqual(['from-plan']);
    expect(printIR(ir)).not.toContain('rows[');
    expect(printIR(ir)).not.toContain('@b');
    const done = runPasses(ir);
    expect(done.passes).toEqual(['from-plan', ...PASSES.map((p) => p.name)]);
    expect(done.buffers!.map((b) => b.note)).toEqual(['update n×1', 'store n×1', 'output 0']);
  });
});

describe('fuse-rows', () => {
  /** The IR of a program's value and its gradients wrt `wrt`, row-fused or not. */
  const irOf = (source: string, wrt: string[], rowFusion = true) => {
    const p = parseProgram(source);
    const f = p.result!;
    const gradients = Object.fromEntries(wrt.map((v) => [v, derive(p.graph, 'grad', f, p.scope.declaration(v)!.node).node]));
    return printIR(buildIR(p.graph, { value: f, gradients }, { rowFusion }).ir);
  };

  test("with no loop over z's rows, a pass of its own just before z's first reader", () => {
    const src = "A : matrix(m, n)\nx : vector(n)\nsum(A' * (A * x))";
    expect(irOf(src, [], false)).toMatch(/= gemv A x\n(.|\n)*= gemvT A [a-z]+\n/);
    const text = irOf(src, []);
    expect(text).toMatch(/^ {4}[a-z]+:f64\[n\]@b\d+ = rows\[block=4\] A x \{\n {8}([a-z]+) = dot A\[i\] x\n {6}in \(update \1\) \}$/m);
    expect(text).not.toMatch(/gemvT? /);
  });

  test('z and h keep their stores only while something else reads them', () => {
    // d/dA sum(exp(Ax)) = exp(Ax) xᵀ reads exp(Ax); d/dx = Aᵀ exp(Ax) is the pass's update
    const text = irOf('A : matrix(m, n)\nx : vector(n)\nsum(exp(A*x))', ['A', 'x']);
    const head = text.split('\n').find((l) => l.includes('rows['))!;
    expect(head).toMatch(/^ {4}[a-z]+:f64\[m\]@b\d+ [a-z]+:f64\[\] [a-z]+:f64\[n\]@b\d+ = rows/); // exp(Ax) stored (the outer product reads it), z not
    expect(text).toMatch(/= outer [a-z]+ x\n/);
    expect(text).not.toMatch(/gemvT? /);
  });
});

describe('checking', () => {
  const expectRefused = (ir: IR, pass: string, pattern: RegExp) => {
    let error: unknown;
    try {
      checkIR(ir, pass);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IRCheckError);
    const e = error as IRCheckError;
    expect(e.pass).toBe(pass);
    expect(e.message).toContain(`after pass "${pass}"`);
    expect(e.message).toMatch(pattern);
    return e;
  };
  const withInstrs = (ir: IR, f: (list: Instr[]) => Instr[]): IR => ({ ...ir, instrs: f([...ir.instrs]) });

  test('the seed passes after every pass', () => {
    expect(() => checkIR(seedFromPlan(), 'from-plan')).not.toThrow();
    expect(() => checkIR(allocateBuffers(seedFromPlan()), 'allocate-buffers')).not.toThrow();
  });

  test('a use before its definition', () => {
    const ir = seedFromPlan();
    const e = expectRefused(
      withInstrs(ir, (l) => [l[0], ...l.slice(2), l[1]]),
      'from-plan',
      /instruction 1 \(.*= mul -1 [a-z]+\): argument 2 of mul .* is used before it is defined/,
    );
    expect(e.instruction).toBe(1);
  });

  test('a value assigned twice', () => {
    expectRefused(
      withInstrs(seedFromPlan(), (l) => [...l, l[l.length - 2]]),
      'from-plan',
      /is assigned twice/,
    );
  });

  test('a local of another loop', () => {
    const ir = seedFromPlan();
    const rows = ir.instrs.find((i) => i.kind === 'rows')!;
    const foreign = (rows.body[0] as { out: Local }).out;
    const broken = withInstrs(ir, (l) =>
      l.map((i) => (i.kind === 'loop' ? { ...i, body: [...i.body, { kind: 'op', op: 'copy', out: { tag: 'local', id: 9999 }, args: [foreign] }] } : i)),
    );
    expectRefused(broken, 'from-plan', /argument 1 of copy is a local of another loop/);
  });

  test('an array read directly in a loop body, not through a load', () => {
    const ir = seedFromPlan();
    const A = ir.inputs.find((v) => v.name === 'A')!;
    const broken = withInstrs(ir, (l) =>
      l.map((i) => (i.kind === 'loop' ? { ...i, body: [...i.body, { kind: 'op', op: 'exp', out: { tag: 'local', id: 9999 }, args: [A] }] } : i)),
    );
    expectRefused(broken, 'from-plan', /f64\[m,n\]: only scalars are read directly/);
  });

  test('a load whose shape is not the index space', () => {
    const ir = seedFromPlan();
    const A = ir.inputs.find((v) => v.name === 'A')!;
    const broken = withInstrs(ir, (l) =>
      l.map((i) => (i.kind === 'loop' ? { ...i, body: [{ kind: 'load', out: { tag: 'local', id: 9999 }, src: A, transposed: false }, ...i.body] } : i)),
    );
    expectRefused(broken, 'from-plan', /a load of f64\[m,n\] in a loop over \[n\]/);
  });

  test('shapes of a product that disagree', () => {
    const ir = seedFromPlan(SEED, false);
    const broken = withInstrs(ir, (l) => l.map((i) => (i.kind === 'call' && i.op === 'gemv' ? { ...i, out: { ...i.out, type: { rows: 'n', cols: 1 } } } : i)));
    expectRefused(broken, 'from-plan', /gemv: the result's length and the matrix's rows: n ≠ m/);
  });

  test('an output that nothing produces', () => {
    const ir = seedFromPlan();
    const ghost: Value = { tag: 'value', id: 9999, type: { rows: 'n', cols: 1 } };
    expectRefused({ ...ir, outputs: [ir.outputs[0], { ...ir.outputs[1], src: ghost }] }, 'from-plan', /output 1 \(gradient x\) is not produced/);
  });

  test('after allocate-buffers: two arrays in one buffer, an array without one', () => {
    const ir = allocateBuffers(seedFromPlan());
    const ids = [...ir.storage!.keys()];
    const shared = new Map(ir.storage!);
    shared.set(ids[1], shared.get(ids[0])!);
    expectRefused({ ...ir, storage: shared }, 'allocate-buffers', /buffer b0 holds two arrays/);
    const missing = new Map(ir.storage!);
    missing.delete(ids[0]);
    expectRefused({ ...ir, storage: missing }, 'allocate-buffers', /has no buffer/);
  });

  test('a pass that breaks the program is named', () => {
    const dropLast = { name: 'drop-last', run: (ir: IR): IR => ({ ...ir, instrs: ir.instrs.slice(0, -1) }) };
    expect(() => runPasses(seedFromPlan(), [dropLast])).toThrow(/after pass "drop-last".*output 1 \(gradient x\) is not produced/);
  });
});
