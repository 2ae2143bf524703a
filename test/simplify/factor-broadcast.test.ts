/**
 * Found by the fuzz wall: collecting a common matrix factor must leave out scalar terms
 * broadcast over a non-scalar sum (z2' * ones(k) + Z' * ones(k) is not (z2' + Z') * ones(k)).
 */
import { jacobian } from '../../src/ad';
import { derive } from '../../src/derive';
import { parseProgram } from '../../src/parse';
import { factorCommonMatrix } from '../../src/simplify/factor';

test("a broadcast scalar keeps its own factor: w' * ones(m) + A' * ones(m)", () => {
  const p = parseProgram("w : vector(m); A : matrix(m, n)\nw' * ones(m) + A' * ones(m)");
  expect(() => factorCommonMatrix(p.graph, p.result!)).not.toThrow();
  expect(factorCommonMatrix(p.graph, p.result!)).toBeUndefined();
});

test.each([
  ['jacobian', "Z : matrix(k, l); z2 : vector(k)\ncos(Z' * ones(k) + z2' * ones(k))", 'z2'],
  ['grad', "z : scalar; z2 : vector(k); U : matrix(k, k)\n(sin(z2') * (U' - eye(k))) * softmax(ones(k) + z)", 'z'],
] as const)('%s of %s is derived and verified', (kind, src, wrt) => {
  const p = parseProgram(src);
  expect(() => derive(p.graph, kind, p.result!, p.scope.declaration(wrt)!.node)).not.toThrow();
  void jacobian;
});
