/**
 * Checking a hand derivation: is `claim` equal to `truth` (a gradient, or any expression)?
 *
 *   1. Shapes first: a claim of another shape is a ShapeError naming both shapes (with a hint
 *      when the claim is the transpose of the truth).
 *   2. Symbolically: both sides simplified; the same node, or a difference that simplifies to
 *      zero, is "equal, symbolically".
 *   3. Numerically: random instances with different dimension sizes (distinct, never 1) and
 *      inputs in every function's domain; equal within a relative tolerance on all of them, or
 *      different, with a diagnosis when one fits and the smallest counterexample.
 *
 * See docs/check.md.
 */
import { requireGraph, requireNode, requireOptions, requireOwned, requireProgram, requireString } from '../core/args';
import * as build from '../core/build';
import { Shape, describeShape, isScalar, sameShape, transposed } from '../core/dims';
import { MatdiffError, ShapeError, Span } from '../core/errors';
import { Graph, Node, freeVars } from '../core/graph';
import { grad } from '../ad';
import { Program, parseExpression } from '../parse';
import type { Extension } from '../parse';
import { VerificationError } from '../derive';
import { simplify } from '../simplify';
import { diagnose } from './diagnose';
import { Instance, drawInstances, relDiff } from './instances';
import { Counterexample, Verdict } from './verdict';

export type { Counterexample, Diagnosis, DiagnosisKind, Method, Verdict } from './verdict';
export { formatVerdict, verdictToJSON, formatTensor, formatNumber } from './format';
export { termsOf } from './diagnose';

export interface CheckOptions {
  /** Random instances for the numeric check (default 6). */
  readonly instances?: number;
  /** Seed of the random instances (default 1): the same inputs give the same verdict. */
  readonly seed?: number;
  /** Largest relative difference still counted as equal (default 1e-8). */
  readonly tolerance?: number;
  /** Largest dimension size drawn (default 8; the first instance always uses the smallest sizes). */
  readonly maxSize?: number;
  /** What the truth is called in messages (default "the expression"). */
  readonly truthLabel?: string;
  /** Where the claim was written, to locate a shape error. */
  readonly claimSpan?: Span;
  /** Try the symbolic proof first (default true). */
  readonly symbolic?: boolean;
  /**
   * Nodes whose domain the instances must lie in besides the truth's own: the function a
   * gradient was taken of (the gradient may be defined where the function is not).
   */
  readonly domain?: readonly Node[];
}

const DEFAULTS = { instances: 6, seed: 1, tolerance: 1e-8, maxSize: 8 };

/** `vector(n) (n×1)`: a shape named as the user declares it and as rows×cols. */
export function shapeText(s: Shape): string {
  const d = describeShape(s);
  return d.includes('×') || isScalar(s) ? d : `${d} (${s.rows}×${s.cols})`;
}

function shapeMismatch(g: Graph, truth: Node, claim: Node, label: string, opts: CheckOptions): ShapeError {
  const message = `the claim is ${shapeText(claim.shape)} but ${label} is ${shapeText(truth.shape)}`;
  let hint = `write a claim of the shape of ${label}, ${describeShape(truth.shape)}`;
  if (sameShape(claim.shape, transposed(truth.shape))) {
    const instances = drawInstances(g, build.transpose(g, truth), claim, 3, opts.seed ?? DEFAULTS.seed, opts.maxSize ?? DEFAULTS.maxSize);
    const tol = opts.tolerance ?? DEFAULTS.tolerance;
    hint = instances.every((i) => relDiff(i.truth, i.claim) <= tol)
      ? `the claim equals the transpose of ${label}: transpose it, (...)'`
      : `the claim has the transposed shape; did you mean its transpose, (...)'?`;
  }
  return new ShapeError(message, opts.claimSpan, hint);
}

function counterexample(instances: readonly Instance[], truth: Node, claim: Node): Counterexample | undefined {
  const cost = (i: Instance) => [...i.env.dims.values()].reduce((s, v) => s + v, 0);
  const bad = instances.filter((i) => i.judgment === 'differ').sort((a, b) => cost(a) - cost(b));
  const pick = bad[0];
  if (!pick) return undefined;
  const names = [...new Set([...freeVars(truth).keys(), ...freeVars(claim).keys()])].sort();
  return {
    sizes: pick.env.dims,
    inputs: new Map(names.map((n) => [n, pick.env.vars.get(n)!])),
    truth: pick.truth,
    claim: pick.claim,
    relDiff: relDiff(pick.truth, pick.claim),
  };
}

/**
 * Is `claim` equal to `truth` (two nodes of `graph`)? Throws a ShapeError if their shapes differ.
 * The numbers always come from `truth` itself (for a gradient: the raw reverse-mode result),
 * never from its simplified form: a symbolic proof (both sides simplify to the same node) is
 * reported only when the numbers agree too, and a proof the numbers contradict is a
 * VerificationError (a bug in the simplifier), never a verdict.
 */
export function check(graph: Graph, truth: Node, claim: Node, opts: CheckOptions = {}): Verdict {
  requireGraph(graph, 'check: the graph');
  requireNode(truth, 'check: the truth');
  requireNode(claim, 'check: the claim');
  requireOwned(graph, truth, 'check: the truth');
  requireOwned(graph, claim, 'check: the claim');
  requireOptions(opts, 'check: the options');
  const truthLabel = opts.truthLabel ?? 'the expression';
  if (!sameShape(truth.shape, claim.shape)) throw shapeMismatch(graph, truth, claim, truthLabel, opts);
  const t = simplify(graph, truth);
  const c = simplify(graph, claim);
  const base = { truth: t, claim: c, truthLabel };
  const proved = opts.symbolic !== false && (t === c || build.isZero(simplify(graph, build.sub(graph, t, c))));

  const tol = opts.tolerance ?? DEFAULTS.tolerance;
  const count = Math.max(1, opts.instances ?? DEFAULTS.instances);
  const instances = drawInstances(graph, truth, claim, count, opts.seed ?? DEFAULTS.seed, opts.maxSize ?? DEFAULTS.maxSize, opts.domain, tol);
  const maxRelDiff = Math.max(...instances.map((i) => relDiff(i.truth, i.claim)));
  const differing = instances.filter((i) => i.judgment === 'differ');
  if (proved && differing.length > 0)
    throw new VerificationError(
      `self-verification failed: the simplifier proved the claim equal, but the numbers differ (relative difference ${maxRelDiff.toExponential(2)})`,
      [],
      maxRelDiff,
    );
  if (proved) return { ...base, equal: true, method: 'symbolic', instances: 0, maxRelDiff: 0 };
  if (differing.length === 0 && !instances.some((i) => i.judgment === 'agree'))
    throw new MatdiffError(
      'domain',
      `every random instance was too ill-conditioned to compare the claim with ${truthLabel} (relative differences up to ${maxRelDiff.toExponential(2)}, of the size of rounding noise)`,
      opts.claimSpan,
      'try more instances, or a claim written without cancellation (1 - sigmoid(z) as sigmoid(-z))',
    );
  if (differing.length === 0) return { ...base, equal: true, method: 'numeric', instances: count, maxRelDiff };
  return {
    ...base,
    equal: false,
    method: 'numeric',
    instances: count,
    maxRelDiff,
    diagnosis: diagnose({ graph, truth: t, claim: c, instances, truthLabel, tolerance: 1e-7 }),
    counterexample: counterexample(instances, truth, claim),
  };
}

// ---------- from text ----------

export interface ClaimOptions extends CheckOptions {
  /** Functions the claim may call besides the built-ins (e.g. grad from src/repl/language.ts). */
  readonly extensions?: ReadonlyMap<string, Extension>;
  /** Name under which errors in the claim text are reported (default "<claim>"). */
  readonly claimFile?: string;
}

/** The span of the whole of `text` (for locating a shape error at the claim). */
function wholeSpan(text: string): Span {
  const lines = text.split('\n');
  const last = lines[lines.length - 1];
  return {
    start: { offset: 0, line: 1, col: 1 },
    end: { offset: text.length, line: lines.length, col: last.length + 1 },
  };
}

/** Parse a claim in the program's scope. Errors are located in `claimText` (format them with it). */
export function parseClaim(program: Program, claimText: string, opts: ClaimOptions = {}): Node {
  requireProgram(program, 'the program');
  requireString(claimText, 'the claim', 'pass the claim as text, e.g. "A\' * (A*x - b)"');
  return parseExpression(claimText, program.scope, program.graph, { file: opts.claimFile ?? '<claim>', extensions: opts.extensions });
}

/**
 * Check a hand-derived gradient: `claimText` against the simplified gradient of the program's
 * expression with respect to `wrt`. MatdiffErrors in the claim (syntax, names, a wrong shape)
 * are located in `claimText`.
 */
export function checkGradient(program: Program, wrt: string, claimText: string, opts: ClaimOptions = {}): Verdict {
  requireProgram(program, 'checkGradient: the program');
  requireString(wrt, 'checkGradient: the variable', "name a declared variable, e.g. 'x'");
  const f = program.result;
  if (!f) throw new MatdiffError('usage', 'the program has no expression to differentiate', undefined, 'end the program with an expression, e.g. J');
  const decl = program.scope.declaration(wrt);
  if (!decl) {
    const names = [...program.scope.declarations.keys()];
    throw new MatdiffError(
      'usage',
      `cannot take a gradient with respect to ${wrt}: it is not a declared variable`,
      undefined,
      names.length ? `declared variables: ${names.join(', ')}` : 'declare it first, e.g. x : vector(n)',
    );
  }
  // The raw gradient is the truth: the simplifier is what is being trusted least here.
  const truth = grad(program.graph, f, decl.node);
  const claim = parseClaim(program, claimText, opts);
  return check(program.graph, truth, claim, { truthLabel: 'the gradient', claimSpan: wholeSpan(claimText), domain: [f], ...opts });
}

/** Check a claim against the program's expression (its last expression statement). */
export function checkExpression(program: Program, claimText: string, opts: ClaimOptions = {}): Verdict {
  requireProgram(program, 'checkExpression: the program');
  const truth = program.result;
  if (!truth) throw new MatdiffError('usage', 'the program has no expression to check against', undefined, 'end the program with an expression, e.g. J');
  const claim = parseClaim(program, claimText, opts);
  return check(program.graph, truth, claim, { truthLabel: 'the expression', claimSpan: wholeSpan(claimText), ...opts });
}
