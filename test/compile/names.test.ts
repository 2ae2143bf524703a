/**
 * User names are keys (issue 8, finding 5): a variable called __proto__, constructor, toString
 * or hasOwnProperty gets its gradient in `compile` and in the emitted module, and its data
 * through loadData, like any other name. Numbers are checked against the reference.
 */
import { grad } from '../../src/ad';
import { compileProgram, emitModule, resultToJSON } from '../../src/compile';
import { loadData } from '../../src/eval/data';
import { evaluateAll } from '../../src/eval/reference';
import { parseProgram } from '../../src/parse';
import { mismatches } from './helpers';

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe.each(NAMES)('a variable named %s', (name) => {
  const src = `${name} : vector(n); b : vector(n); sum(exp(${name})) + ${name}' * b`;
  const text = `{"${name}": [1, -2, 0.5], "b": [3, 4, -1]}`;

  test('data, value and both gradients agree with the reference, in process and in an emitted module', () => {
    const p = parseProgram(src);
    const env = loadData(text, p, 'data.json', { require: [name, 'b'] });
    expect([...env.vars.keys()].sort()).toEqual([name, 'b'].sort());
    expect(Array.from(env.vars.get(name)!.data)).toEqual([1, -2, 0.5]);
    const decl = (v: string) => p.scope.declaration(v)!.node;
    const expected = evaluateAll([p.result!, grad(p.graph, p.result!, decl(name)), grad(p.graph, p.result!, decl('b'))], env);

    // bit-for-bit with Math.exp: the 'js' backend (the wasm exp is within 1 ulp; checked below at 1e-12)
    const ev = compileProgram(src, { wrt: [name, 'b'], backend: 'js' });
    const inputs = JSON.parse(text);
    const rw = compileProgram(src, { wrt: [name, 'b'], backend: 'auto' }).run(inputs);
    expect(mismatches(rw.gradients[name], expected[1], name)).toEqual([]);
    expect(mismatches(rw.value!, expected[0], 'value')).toEqual([]);
    const r = ev.run(inputs);
    expect(Object.keys(r.gradients).sort()).toEqual([name, 'b'].sort());
    expect(mismatches(r.value!, expected[0], 'value')).toEqual([]);
    expect(mismatches(r.gradients[name], expected[1], name)).toEqual([]);
    expect(mismatches(r.gradients.b, expected[2], 'b')).toEqual([]);
    const json = JSON.parse(JSON.stringify(resultToJSON(r)));
    expect(Object.prototype.hasOwnProperty.call(json.gradient, name)).toBe(true);
    expect(json.gradient[name]).toEqual(Array.from(expected[1].data));

    const m: { exports: { run: typeof ev.run } } = { exports: {} as never };
    new Function('module', emitModule(ev))(m);
    const r2 = m.exports.run(inputs);
    expect(Array.from(r2.gradients[name].data)).toEqual(Array.from(r.gradients[name].data));
  });
});
