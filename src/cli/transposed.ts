/**
 * A claim of the transposed shape (`2*(A*x - b)'*A` for a gradient that is a column): the
 * library's check refuses to compare different shapes (a ShapeError), but to a person who
 * asked "is my derivation right?" it is a wrong answer with an obvious diagnosis, not bad
 * input. The CLI's `check` (exit 1) and the REPL's `check` say so as a verdict: different, with
 * what is wrong, checked numerically against the transpose of the truth.
 */
import { check, formatNumber, shapeText } from '../check';
import type { Verdict } from '../check';
import * as build from '../core/build';
import { sameShape, transposed } from '../core/dims';
import { Graph, Node } from '../core/graph';
import { Format, print, printText } from '../print';

export interface TransposedVerdict {
  readonly text: string;
  readonly json: Record<string, unknown>;
}

/**
 * When `claim` has the shape of `truth` transposed (and not its own shape): the verdict, as text
 * in `format` and as JSON. `domain`: nodes the instances must be finite on (the function a
 * gradient came from). Otherwise undefined: the ordinary check applies.
 */
export function transposedClaim(
  g: Graph,
  truth: Node,
  claim: Node,
  label: string,
  format: Format,
  domain: readonly Node[] = [],
): TransposedVerdict | undefined {
  if (sameShape(truth.shape, claim.shape) || !sameShape(claim.shape, transposed(truth.shape))) return undefined;
  const v: Verdict = check(g, build.transpose(g, truth), claim, { truthLabel: `the transpose of ${label}`, domain: [...domain] });
  const shapes = `the claim is ${shapeText(claim.shape)} but ${label} is ${shapeText(truth.shape)}`;
  const how = v.method === 'symbolic' ? 'symbolically' : `on ${v.instances} random instances`;
  const summary = v.equal
    ? `the claim is the transpose of ${label} (equal to it ${how}); transpose it: (...)'`
    : `the claim has the transposed shape, and it is not the transpose of ${label} either (relative difference up to ${formatNumber(v.maxRelDiff)} ${how})${v.diagnosis ? `; against the transpose: ${v.diagnosis.summary}` : ''}`;
  const text = [`different: ${shapes}`, `diagnosis: ${summary}`, `${label} is ${print(build.transpose(g, v.truth), format === 'json' ? 'text' : format)}`].join(
    '\n',
  );
  const json = {
    equal: false,
    method: v.method,
    instances: v.instances,
    truth: printText(build.transpose(g, v.truth)),
    claim: printText(v.claim),
    shape: shapeText(truth.shape),
    claimShape: shapeText(claim.shape),
    diagnosis: { kind: v.equal ? 'transpose' : 'transposed-shape', summary },
  };
  return { text, json };
}
