/**
 * Diagnoses for a claim that differs from the truth, tried in order; the first that holds on
 * every instance wins:
 *   1. the claim is the transpose of the truth,
 *   2. the claim is zero, or a multiple of the truth (a constant, or a monomial in the sizes),
 *   3. a term of the truth is missing, the claim has an extra term, or one term's sign is wrong.
 * Every test is numeric, on the same instances the verdict was decided on.
 */
import * as build from '../core/build';
import { isSquare } from '../core/dims';
import { Graph, Node } from '../core/graph';
import { evaluateAll } from '../eval/reference';
import { Tensor } from '../eval/tensor';
import { printText } from '../print';
import { factorNode, factorText, fitFactor, nameFactor } from './factor';
import { Instance, axpy, frobenius, inner, relDiff, transposeTensor } from './instances';
import { Diagnosis } from './verdict';

export interface DiagnoseInput {
  readonly graph: Graph;
  /** Both sides simplified. */
  readonly truth: Node;
  readonly claim: Node;
  readonly instances: readonly Instance[];
  readonly truthLabel: string;
  readonly tolerance: number;
}

const MAX_TERMS = 24;

function transposeDiagnosis(d: DiagnoseInput): Diagnosis | undefined {
  if (!isSquare(d.truth.shape) || d.truth.shape.rows === 1) return undefined;
  if (!d.instances.every((i) => relDiff(i.claim, transposeTensor(i.truth)) <= d.tolerance)) return undefined;
  return { kind: 'transpose', summary: `the claim is the transpose of ${d.truthLabel}` };
}

function factorDiagnosis(d: DiagnoseInput): Diagnosis | undefined {
  const ratios: number[] = [];
  for (const { truth, claim } of d.instances) {
    const tt = inner(truth, truth);
    if (tt === 0) return undefined;
    const r = inner(claim, truth) / tt;
    const residual = frobenius(axpy(claim, -r, truth));
    if (residual > d.tolerance * Math.max(frobenius(claim), frobenius(truth))) return undefined;
    ratios.push(r);
  }
  if (ratios.every((r) => Math.abs(r) <= d.tolerance)) return { kind: 'zero', summary: `the claim is zero but ${d.truthLabel} is not` };
  const fit = fitFactor(
    ratios,
    d.instances.map((i) => i.env.dims),
  );
  if (!fit)
    return {
      kind: 'scalar-factor',
      summary: `the claim is a multiple of ${d.truthLabel}, but the factor changes with the inputs (it is not a constant or a power of a dimension)`,
    };
  const factor = factorNode(d.graph, fit);
  const label = nameFactor(d.graph, fit, d.truth, d.claim);
  return { kind: 'factor', factor, label, summary: `${label}: the claim is ${factorText(fit.constant, fit.powers)} times ${d.truthLabel}` };
}

/**
 * The additive terms of `n`, distributing scalings and matrix products over one sum:
 * `1/m * A' * (s - b)` has the terms `1/m * A' * s` and `-1/m * A' * b`. [] when n is not a sum.
 */
export function termsOf(g: Graph, n: Node): Node[] {
  const wrap: Array<(t: Node) => Node> = [];
  let cur = n;
  for (let depth = 0; depth < 8 && cur.op !== 'add'; depth++) {
    const here = cur;
    if (here.op === 'mul') {
      // [coefficient?, ...scalars, matrix?]: descend into a sum factor, else into the matrix product.
      let k = here.args.findIndex((a) => a.op === 'add');
      if (k < 0 && here.args[here.args.length - 1].op === 'matmul') k = here.args.length - 1;
      if (k < 0) return [];
      const rest = here.args.filter((_, i) => i !== k);
      wrap.push((t) => build.mul(g, [...rest, t]));
      cur = here.args[k];
    } else if (here.op === 'matmul') {
      const k = here.args.findIndex((a) => a.op === 'add');
      if (k < 0) return [];
      wrap.push((t) => build.matmul(g, [...here.args.slice(0, k), t, ...here.args.slice(k + 1)]));
      cur = here.args[k];
    } else return [];
  }
  if (cur.op !== 'add') return [];
  return cur.args.map((t) => wrap.reduceRight((acc, f) => f(acc), t));
}

/** Does `claim = truth + c·term` (c a small integer) hold on every instance? */
function holds(d: DiagnoseInput, values: readonly Tensor[], c: number, side: 'truth' | 'claim'): boolean {
  return d.instances.every((inst, i) => {
    const term = values[i];
    return side === 'truth' ? relDiff(inst.claim, axpy(inst.truth, c, term)) <= d.tolerance : relDiff(axpy(inst.claim, c, term), inst.truth) <= d.tolerance;
  });
}

function termDiagnosis(d: DiagnoseInput): Diagnosis | undefined {
  const evalTerms = (terms: Node[]) => {
    const perInstance = d.instances.map((i) => evaluateAll(terms, i.env));
    return terms.map((t, k) => [t, perInstance.map((vals) => vals[k])] as const);
  };
  const truthTerms = evalTerms(termsOf(d.graph, d.truth).slice(0, MAX_TERMS));
  for (let k = 0; k < truthTerms.length; k++) {
    const term = truthTerms[k][0];
    if (holds(d, truthTerms[k][1], -1, 'truth')) return { kind: 'missing-term', term, summary: `missing the term ${printText(term)} of ${d.truthLabel}` };
    if (holds(d, truthTerms[k][1], -2, 'truth'))
      return { kind: 'term-sign', term, summary: `the term ${printText(term)} of ${d.truthLabel} has the wrong sign` };
  }
  const claimTerms = evalTerms(termsOf(d.graph, d.claim).slice(0, MAX_TERMS));
  for (let k = 0; k < claimTerms.length; k++) {
    const term = claimTerms[k][0];
    if (holds(d, claimTerms[k][1], -1, 'claim')) return { kind: 'extra-term', term, summary: `the claim has an extra term ${printText(term)}` };
  }
  return undefined;
}

const DIAGNOSES: ReadonlyArray<(d: DiagnoseInput) => Diagnosis | undefined> = [transposeDiagnosis, factorDiagnosis, termDiagnosis];

export function diagnose(d: DiagnoseInput): Diagnosis | undefined {
  for (const f of DIAGNOSES) {
    const out = f(d);
    if (out) return out;
  }
  return undefined;
}
