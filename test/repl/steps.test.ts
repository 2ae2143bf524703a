/** The REPL's :steps (a derivation of a gradient) and :derivation (a hand derivation checked line by line). */
import * as fs from 'fs';
import * as path from 'path';
import { Session } from '../../src/repl';
import { run, tempDirPerTest } from './session-helpers';

const SEED = "A : matrix(m, n); x : vector(n); b : vector(m)\nJ = -1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))";
const DERIVATION = fs.readFileSync(path.join(__dirname, '../../examples/seed-derivation.matdiff'), 'utf8');
const dir = tempDirPerTest('matdiff-steps-');

describe(':steps', () => {
  it('derives the gradient of a definition step by step', () => {
    const s = new Session();
    run(s, SEED);
    const out = run(s, ':steps J, x');
    expect(out).toMatch(/^1\. dJ = /);
    expect(out).toContain('hence ∇J (wrt x) = (1/m) Aᵀ(σ(Ax) − b)');
  });

  it('says what it needs without a variable', () => {
    const s = new Session();
    run(s, SEED);
    expect(run(s, ':steps J')).toMatch(/needs the expression and the variable/);
    expect(run(s, ':steps J, y')).toMatch(/y is not one/);
  });
});

describe(':derivation', () => {
  it('holds for the seed derivation, and points at a slip with its outcome "different"', () => {
    const s = new Session();
    fs.writeFileSync(path.join(dir(), 'good.matdiff'), DERIVATION);
    fs.writeFileSync(path.join(dir(), 'bad.matdiff'), DERIVATION.replace("1/m * A' * (sigmoid(A*x) - b)", "1/m * A' * (b - sigmoid(A*x))"));
    const good = s.execute(`:derivation ${path.join(dir(), 'good.matdiff')}`);
    expect(good.outcome).toBeUndefined();
    const bad = s.execute(`:derivation ${path.join(dir(), 'bad.matdiff')}`);
    expect(bad.outcome).toBe('different');
    expect(bad.chunks.map((c) => c.text).join('')).toMatch(/line 13 does not follow from line 12: sign flipped/);
  });
});

describe('hvp in the notation', () => {
  it('hvp(J, x, v) is the Hessian-vector product in matrix form, and :help knows it', () => {
    const s = new Session();
    run(s, SEED);
    run(s, 'v : vector(n)');
    expect(run(s, 'hvp(J, x, v)')).toBe('(1/m) Aᵀ(Av ⊙ σ(Ax) ⊙ (1 − σ(Ax)))  : vector(n)');
    expect(run(s, ':help hvp')).toMatch(/Hessian-vector product/);
  });
});
