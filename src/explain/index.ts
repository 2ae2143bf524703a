/**
 * explain: a derivation of a gradient a person can follow, in the differential form of
 * Magnus and Neudecker, the way a textbook or a hand derivation writes it:
 *
 *   1. the differential d f, one rule per line, each line naming its rule (differential.ts);
 *   2. the algebra, as the simplifier's named steps (algebra.ts);
 *   3. dx gathered on the right (dJ = gᵀdx, or tr(Gᵀ dX) for a matrix variable), g simplified;
 *   4. the identification: hence ∇f = g.
 *
 * Every line is verified before it is returned: with each pending d(u) replaced by its full
 * forward-mode differential, the line must equal ⟨∇f, dx⟩ built by reverse mode, on random
 * instances from f's domain (the self-verification of src/derive, per line). A line that fails
 * is a VerificationError naming the step, never shown. The gradient at the end is the one
 * `derive` returns (simplified and verified), so explain and grad cannot disagree.
 */
import { dot, matmul, mul, num, tr, transpose, zeros } from '../core/build';
import { isScalar } from '../core/dims';
import { Graph, Node, mapBottomUp } from '../core/graph';
import { rebuild } from '../core/rebuild';
import { backpropagate } from '../ad/reverse';
import { differentials } from '../ad/forward';
import { derive, VerificationError, verifySimplification } from '../derive';
import { algebraLines } from './algebra';
import { Differentials, expandDifferential } from './differential';
import { firstWrongLine } from './locate';
import { IDENTIFICATION, IDENTITY, Identity, LINEAR_IDENTITY, MOVING_EXPONENT } from './identities';

export type { Identity } from './identities';

export type StepKind = 'differential' | 'algebra' | 'gather' | 'identify';

/** One line of a derivation: `= expr`, and why it follows from the line before. */
export interface ExplainStep {
  readonly kind: StepKind;
  /** Short names of the rules used: "linearity", "chain rule through log", "move-sign-into-sum". */
  readonly rules: readonly string[];
  /** The identities stated beside the line (the differential rules), if any. */
  readonly identities: readonly Identity[];
  /** The line's right side; differentials d(u) are placeholder variables (see `Explanation.differentialOf`). */
  readonly expr: Node;
}

export interface Explanation {
  /** The function differentiated and the variable. */
  readonly f: Node;
  readonly x: Node;
  /** The name shown on the left of the first line: J in dJ. */
  readonly name: string;
  readonly steps: readonly ExplainStep[];
  /** The gradient, as `derive` returns it (simplified and verified). */
  readonly gradient: Node;
  /** For a placeholder variable in a step's expression: the node it is the differential of. */
  differentialOf(n: Node): Node | undefined;
}

export type Detail = 'brief' | 'full';

export interface ExplainOptions {
  /** The name of the function on the left side (default 'f'). */
  readonly name?: string;
  /** 'brief' (default): one line per algebra stage; 'full': every named simplifier step. */
  readonly detail?: Detail;
}

/** ⟨G, dX⟩ written as a person writes it: g dx (scalar), gᵀdx (vector), tr(Gᵀ dX) (matrix). */
function pairing(g: Graph, G: Node, dx: Node): Node {
  if (isScalar(dx.shape)) return mul(g, [G, dx]);
  if (dx.shape.cols === 1) return matmul(g, [transpose(g, G), dx]);
  return tr(g, matmul(g, [transpose(g, G), dx]));
}

/** Lines of one stage, keeping only the last in brief mode (its rules: all of the stage's). */
function stage(lines: readonly { rules: readonly string[]; expr: Node }[], kind: StepKind, detail: Detail): ExplainStep[] {
  const steps = lines.map((l) => ({ kind, rules: l.rules, identities: [], expr: l.expr }));
  if (detail === 'full' || steps.length <= 1) return steps;
  return [{ ...steps[steps.length - 1], rules: [...new Set(steps.flatMap((s) => s.rules))] }];
}

export function explain(g: Graph, f: Node, x: Node, opts: ExplainOptions = {}): Explanation {
  const detail = opts.detail ?? 'brief';
  const { node: gradient } = derive(g, 'grad', f, x);
  const d = new Differentials(g, x);
  const dx = d.dx;
  const zeroOf = (p: Node) => zeros(g, p.shape);

  // 1. The differential, one rule per line.
  const steps: ExplainStep[] = expandDifferential(g, f, d, zeroOf).map((line) => {
    if (line.rule.kind === 'linearity')
      return {
        kind: 'differential',
        rules: ['linearity'],
        identities: line.through.map((op) => LINEAR_IDENTITY[op]).filter((i): i is Identity => !!i),
        expr: line.expr,
      };
    const identity = (line.rule.product ? MOVING_EXPONENT[line.rule.op] : undefined) ?? IDENTITY[line.rule.op];
    return { kind: 'differential', rules: [identity.name], identities: [identity], expr: line.expr };
  });
  const expanded = steps.length ? steps[steps.length - 1].expr : dx;

  // 2. Its algebra; 3. dx gathered on the right, and the coefficient simplified.
  const tidy = algebraLines(g, expanded);
  steps.push(...stage(tidy.lines, 'algebra', detail));
  const coefficient = backpropagate(g, tidy.result, num(g, 1), dx) ?? zeros(g, x.shape);
  const gathered = pairing(g, coefficient, dx);
  if (gathered !== tidy.result) steps.push({ kind: 'gather', rules: ['gather dx on the right'], identities: [], expr: gathered });
  const grad = algebraLines(g, coefficient, (G) => pairing(g, G, dx));
  steps.push(...stage(grad.lines, 'algebra', detail));
  // A symmetric or diagonal variable moves only in its own space: its gradient is the part of
  // the coefficient that space sees (the convention `grad` follows, docs/gradients.md).
  const final = pairing(g, gradient, dx);
  const convention = x.domain === 'diagonal' ? IDENTIFICATION.diagonal : x.symmetric ? IDENTIFICATION.symmetric : undefined;
  if (steps[steps.length - 1]?.expr !== final)
    steps.push(
      convention
        ? { kind: 'algebra', rules: [convention.name], identities: [convention], expr: final }
        : { kind: 'algebra', rules: ['algebra'], identities: [], expr: final },
    );
  const identification = isScalar(x.shape) ? IDENTIFICATION.scalar : x.shape.cols === 1 ? IDENTIFICATION.vector : IDENTIFICATION.matrix;
  steps.push({ kind: 'identify', rules: [identification.name], identities: [identification], expr: gradient });

  verifySteps(g, f, x, d, steps);
  return { f, x, name: opts.name ?? 'f', steps, gradient, differentialOf: (n) => d.target(n) };
}

/**
 * Every line against ⟨∇f, dx⟩ from reverse mode, with each d(u) replaced by its full forward
 * differential. The identification line is the gradient itself, verified by `derive`.
 */
function verifySteps(g: Graph, f: Node, x: Node, d: Differentials, steps: readonly ExplainStep[]): void {
  const dx = d.dx;
  const full = differentials(g, [f], x, dx);
  const raw = backpropagate(g, f, num(g, 1), x);
  const reference = raw ? dot(g, raw, dx) : num(g, 0);
  const expand = (e: Node) =>
    mapBottomUp(e, (n, args) => {
      const u = d.target(n);
      if (u && u !== x) return full.get(u) ?? zeros(g, u.shape);
      return rebuild(g, n, args);
    });
  const lines = steps.filter((s) => s.kind !== 'identify');
  lines.forEach((step, i) => {
    try {
      verifySimplification(g, [f], reference, expand(step.expr), []);
    } catch (e) {
      if (!(e instanceof VerificationError)) throw e;
      // Every line shares the expansion, so name the line whose rule broke it, if the numbers can tell.
      const wrong = firstWrongLine(
        f,
        d,
        lines.map((l) => l.expr),
        reference,
      );
      const k = wrong >= 0 ? wrong : i;
      const rules = lines[k].rules;
      throw new VerificationError(`explain: line ${k + 1} (${rules.join(', ')}) could not be verified: ${e.message}`, rules, e.relDiff);
    }
  });
}
