/**
 * The Python target with NumPy as the array namespace: the emitted module's value and gradients
 * equal the JS evaluator's within 1e-10 on random data, stay finite where |Ax| = 1000, and use
 * no package but the namespace passed in. (.ci/run installs Debian's python3-numpy when no
 * python3 here has NumPy.)
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compileNodes } from '../../src/compile';
import { freeVars } from '../../src/core/graph';
import { derive } from '../../src/derive';
import { makeRng, randomEnv } from '../../src/eval/random';
import { Tensor } from '../../src/eval/tensor';
import { parseProgram } from '../../src/parse';
import { emitPython, pythonName } from '../../src/python';
import { LOSSES } from '../sql/helpers';

/** A python3 that has NumPy ($MATDIFF_PYTHON first), or a loud failure saying how to get one. */
function python(): string {
  for (const exe of [process.env.MATDIFF_PYTHON, 'python3', '/usr/bin/python3'].filter((e): e is string => !!e)) {
    try {
      execFileSync(exe, ['-c', 'import numpy'], { stdio: 'ignore' });
      return exe;
    } catch {
      // try the next
    }
  }
  throw new Error('no python3 with NumPy: apt-get install -y python3-numpy (.ci/run does this)');
}

const RUNNER = `
import importlib.util, json, sys
import numpy
spec = importlib.util.spec_from_file_location("loss", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
inputs = json.load(sys.stdin)
value, grads = mod.value_and_grad(numpy, **{k: numpy.array(v) for k, v in inputs.items()})
print(json.dumps({"value": float(value), "gradients": {k: numpy.asarray(g).reshape(-1).tolist() for k, g in grads.items()}}))
`;

let dir = '';
let exe = '';
beforeAll(() => {
  exe = python();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'matdiff-py-'));
  fs.writeFileSync(path.join(dir, 'run.py'), RUNNER);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A tensor as nested lists the way the module takes it: vectors 1-D, matrices 2-D. */
function asLists(t: Tensor): number | number[] | number[][] {
  if (t.rows === 1 && t.cols === 1) return t.data[0];
  if (t.rows === 1 || t.cols === 1) return Array.from(t.data);
  return Array.from({ length: t.rows }, (_, i) => Array.from(t.data.subarray(i * t.cols, (i + 1) * t.cols)));
}

function runCase(source: string, wrt: readonly string[], scale = 1) {
  const p = parseProgram(source);
  const f = p.result!;
  const vars = wrt.map((w) => freeVars(f).get(w)!);
  const gradients = Object.fromEntries(vars.map((v) => [v.name!, derive(p.graph, 'grad', f, v).node]));
  const module = emitPython(p.graph, { value: f, gradients });
  const file = path.join(dir, `loss${Math.random().toString(36).slice(2)}.py`);
  fs.writeFileSync(file, module);
  const env = randomEnv(p.graph, [f, ...Object.values(gradients)], makeRng(11), {
    sizes: new Map([
      ['m', 40],
      ['n', 4],
      ['k', 3],
    ]),
  });
  if (scale !== 1) for (const t of env.vars.values()) for (let i = 0; i < t.data.length; i++) t.data[i] *= scale;
  const inputs = Object.fromEntries([...env.vars].map(([k, t]) => [pythonName(k), asLists(t)]));
  const out = JSON.parse(execFileSync(exe, [path.join(dir, 'run.py'), file], { input: JSON.stringify(inputs), encoding: 'utf8' }));
  const ev = compileNodes(p.graph, { value: f, gradients }, { backend: 'js' });
  const want = ev.run(Object.fromEntries(env.vars), { dims: Object.fromEntries(env.dims), copy: true });
  return { module, out, want, vars };
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-300, Math.abs(a), Math.abs(b));

describe('the Python target on NumPy', () => {
  it.each(LOSSES)('%s: value and gradients equal the JS evaluator within 1e-10', (_label, source, wrt) => {
    const { out, want, vars } = runCase(source, wrt);
    expect(rel(out.value, want.value!.data[0])).toBeLessThan(1e-10);
    for (const v of vars) {
      const got: number[] = out.gradients[v.name!];
      const ref = Array.from(want.gradients[v.name!]!.data);
      expect(got).toHaveLength(ref.length);
      got.forEach((g, i) => expect(rel(g, ref[i])).toBeLessThan(1e-10));
    }
  });

  it('the seed stays finite and right where |Ax| is about 1000', () => {
    const { out, want } = runCase(LOSSES[0][1], ['x'], 300);
    expect(Number.isFinite(out.value)).toBe(true);
    expect(rel(out.value, want.value!.data[0])).toBeLessThan(1e-10);
  });

  it('imports nothing: the namespace is passed in', () => {
    const { module } = runCase(LOSSES[0][1], ['x']);
    expect(module).not.toMatch(/^\s*(import|from)\s/m);
    expect(module).toContain('def value_and_grad(xp, A, x, b):');
  });
});
