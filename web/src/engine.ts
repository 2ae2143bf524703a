/**
 * The playground's engine: everything that touches matdiff, and KaTeX's rendering to HTML
 * strings. It runs in a Web Worker (worker.ts), so the page never waits on a derivation; it has
 * no DOM access and imports the library's modules one by one (src/index.ts is not browser-safe:
 * it re-exports the REPL, which needs Node).
 */
import katex from 'katex';
import { check, formatVerdict, parseClaim } from '../../src/check';
import { type StepsReport, checkStepsText, describeProblem } from '../../src/check/steps';
import { calculusExtensions } from '../../src/derive/extensions';
import { compile, tensorToJSON } from '../../src/compile';
import { describeShape, isColumn, isScalar } from '../../src/core/dims';
import { MatdiffError, type Position, type Span } from '../../src/core/errors';
import type { Node } from '../../src/core/graph';
import { formatError } from '../../src/core/report';
import { DERIVATIVES, derive } from '../../src/derive';
import { explain } from '../../src/explain';
import { latexLines, renderExplanation } from '../../src/explain/render';
import { loadData } from '../../src/eval/data';
import { makeRng, randomEnv } from '../../src/eval/random';
import { evaluate } from '../../src/eval/reference';
import type { Env, Tensor } from '../../src/eval/tensor';
import { type Program, definitionName, parseProgram } from '../../src/parse';
import { print } from '../../src/print';
import type {
  AnalyzeResult,
  CheckResult,
  DataSpec,
  DescendResult,
  ErrorOut,
  ExplainResult,
  Formula,
  Kind,
  Request,
  Result,
  SampleResult,
  TraceStep,
} from './protocol';

const PROGRAM_FILE = 'program';
const CLAIM_FILE = 'claim';
const DATA_FILE = 'data.json';

/** Error text for people: located MatdiffErrors with a caret; anything else named, no stack. */
export function errorOut(e: unknown, source?: string, file = PROGRAM_FILE): ErrorOut {
  if (e instanceof MatdiffError) {
    const sp = e.span;
    const at = sp && { line: sp.start.line, col: sp.start.col, endLine: sp.end.line, endCol: sp.end.col };
    return { text: formatError(e, source, file), kind: 'user', ...(at ? { at } : {}) };
  }
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { text: `internal error (a bug in matdiff, please report it): ${message}`, kind: 'internal' };
}

function renderTex(latex: string, display: boolean): string | undefined {
  try {
    return katex.renderToString(latex, { displayMode: display, throwOnError: true, output: 'htmlAndMathml' });
  } catch {
    return undefined;
  }
}

export function formula(n: Node, display = true): Formula {
  const latex = print(n, 'latex');
  return { text: print(n, 'text'), unicode: print(n, 'unicode'), latex, html: renderTex(latex, display), shape: describeShape(n.shape) };
}

function parse(source: string): Program {
  return parseProgram(source, { file: PROGRAM_FILE });
}

const KIND_NAMES: Record<Kind, string> = { grad: 'gradient', hessian: 'Hessian', jacobian: 'Jacobian' };

/** The variable to differentiate with respect to: the asked one, else x, else the first vector, else the first declared. */
function pickWrt(p: Program, asked: string): string | undefined {
  const decls = [...p.scope.declarations.values()];
  if (p.scope.declaration(asked)) return asked;
  return (decls.find((d) => d.name === 'x') ?? decls.find((d) => isColumn(d.shape) && !isScalar(d.shape)) ?? decls[0])?.name;
}

function resultNode(p: Program): Node {
  if (!p.result) throw new MatdiffError('usage', 'the program has no expression', undefined, 'end the program with an expression or a definition, e.g. J');
  return p.result;
}

/**
 * The program parsed, and `done`, which stamps a result with its type and the time since; or,
 * when the program does not parse, the result that says where.
 */
function begin<R extends Result>(type: R['type'], source: string): { p: Program; done: (r: Omit<R, 'type' | 'ms'>) => R } | { failed: R } {
  const t0 = performance.now();
  const done = (r: Omit<R, 'type' | 'ms'>): R => ({ type, ...r, ms: performance.now() - t0 }) as unknown as R;
  try {
    return { p: parse(source), done };
  } catch (e) {
    return { failed: done({ error: errorOut(e, source) } as Omit<R, 'type' | 'ms'>) };
  }
}

/** The variable to differentiate wrt, or a usage error when the program declares none. */
function requireWrt(p: Program, asked: string, what = 'differentiate'): string {
  const wrt = pickWrt(p, asked);
  if (!wrt) throw new MatdiffError('usage', `nothing to ${what}: the program declares no variable`, undefined, 'declare one, e.g. x : vector(n)');
  return wrt;
}

function analyze(source: string, kind: Kind, askedWrt: string): AnalyzeResult {
  const t0 = performance.now();
  let p: Program;
  try {
    p = parse(source);
  } catch (e) {
    return { type: 'analyze', error: errorOut(e, source), declarations: [], dimensions: [], ms: performance.now() - t0 };
  }
  const declarations = [...p.scope.declarations.values()].map((d) => ({ name: d.name, shape: describeShape(d.shape) }));
  const dimensions = [...p.scope.dimensions.keys()];
  const base = { type: 'analyze' as const, declarations, dimensions };
  if (!p.result)
    return {
      ...base,
      derivativeError: errorOut(
        new MatdiffError('usage', 'the program has no expression', undefined, 'end the program with an expression or a definition, e.g. J'),
        source,
      ),
      ms: performance.now() - t0,
    };
  const expression = formula(p.result);
  const wrt = pickWrt(p, askedWrt);
  if (!wrt)
    return {
      ...base,
      expression,
      derivativeError: errorOut(
        new MatdiffError('usage', `nothing to differentiate: the program declares no variable`, undefined, 'declare one, e.g. x : vector(n)'),
        source,
      ),
      ms: performance.now() - t0,
    };
  try {
    const d = derive(p.graph, kind, p.result, p.scope.declaration(wrt)!.node);
    const trace: TraceStep[] = d.steps.map((s) => ({ rule: s.rule, before: formula(s.before, false), after: formula(s.after, false) }));
    return { ...base, wrt, expression, derivative: formula(d.node), trace, ms: performance.now() - t0 };
  } catch (e) {
    return { ...base, wrt, expression, derivativeError: errorOut(e, source), ms: performance.now() - t0 };
  }
}

/** The span of the whole claim text, so a shape error in it points at all of it. */
function wholeSpan(text: string): Span {
  const lines = text.split('\n');
  return { start: { offset: 0, line: 1, col: 1 }, end: { offset: text.length, line: lines.length, col: lines[lines.length - 1].length + 1 } };
}

function checkClaim(source: string, kind: Kind, askedWrt: string, claim: string): CheckResult {
  const started = begin<CheckResult>('check', source);
  if ('failed' in started) return started.failed;
  const { p, done } = started;
  if (!claim.trim()) return done({ error: { text: "write your derivation in the claim box, e.g. 1/m * A' * (sigmoid(A*x) - b)", kind: 'user' } });
  if (claimLines(claim) > 1) return done(checkDerivation(p, kind, askedWrt, claim));
  let c: Node;
  try {
    c = parseClaim(p, claim, { claimFile: CLAIM_FILE, extensions: calculusExtensions() });
  } catch (e) {
    return done({ error: errorOut(e, claim, CLAIM_FILE) });
  }
  let f: Node, truth: Node;
  try {
    f = resultNode(p);
    const wrt = requireWrt(p, askedWrt);
    // The raw derivative is the truth (as checkGradient does): the simplifier is trusted least.
    truth = DERIVATIVES[kind](p.graph, f, p.scope.declaration(wrt)!.node);
  } catch (e) {
    return done({ error: errorOut(e, source) });
  }
  try {
    const v = check(p.graph, truth, c, { truthLabel: `the ${KIND_NAMES[kind]}`, claimSpan: wholeSpan(claim), domain: [f] });
    return done({ equal: v.equal, method: v.method, summary: v.diagnosis?.summary, verdict: formatVerdict(v, 'unicode'), truth: formula(v.truth) });
  } catch (e) {
    // A located error here is about the claim (its shape against the truth's); others are the program's.
    return done({ error: e instanceof MatdiffError && e.span ? errorOut(e, claim, CLAIM_FILE) : errorOut(e, source) });
  }
}

/** Lines of the claim that hold an expression (not blank, not only a comment). */
const claimLines = (claim: string): number => claim.split('\n').filter((l) => l.replace(/#.*/, '').trim()).length;

const FUNCTION_NAMES = ['f', 'f_', 'f__'];

/**
 * A derivation, one expression per line, checked line by line (src/check/steps.ts): the
 * program up to its function's definition, then the claim's lines. Positions in the report are
 * moved back into the claim text, so errors point into the claim box.
 */
function checkDerivation(p: Program, kind: Kind, askedWrt: string, claim: string): Omit<CheckResult, 'type' | 'ms'> {
  if (kind !== 'grad')
    return { error: { text: 'a derivation of several lines is checked step by step for gradients only: choose gradient, or write one line', kind: 'user' } };
  const f = p.result;
  if (!f)
    return {
      error: errorOut(new MatdiffError('usage', 'the program has no expression', undefined, 'end the program with an expression or a definition, e.g. J')),
    };
  const wrt = pickWrt(p, askedWrt);
  // The function must be a definition: the one the expression is, or one made for it.
  const def = [...p.statements].reverse().find((s) => s.kind === 'definition' && s.node === f);
  let prefix: string;
  let of: string;
  if (def && def.kind === 'definition') {
    prefix = p.source.slice(0, def.span.end.offset);
    of = def.name;
  } else {
    const last = [...p.statements].reverse().find((s) => s.kind === 'expression' && s.node === f) ?? p.statements[p.statements.length - 1];
    of = FUNCTION_NAMES.find((n) => !p.scope.lookup(n)) ?? 'f___';
    prefix = `${p.source.slice(0, last.span.start.offset)}${of} = ${p.source.slice(last.span.start.offset, last.span.end.offset)}`;
  }
  prefix += '\n';
  const shiftLines = prefix.split('\n').length - 1;
  const move = (q: Position): Position => ({ offset: q.offset - prefix.length, line: q.line - shiftLines, col: q.col });
  const moveSpan = (sp: Span): Span => ({ start: move(sp.start), end: move(sp.end) });
  let r: StepsReport;
  try {
    r = checkStepsText(prefix + claim, { wrt, of, file: CLAIM_FILE });
  } catch (e) {
    if (e instanceof MatdiffError && e.span && e.span.start.offset >= prefix.length)
      return { error: errorOut(new MatdiffError(e.kind, e.message, moveSpan(e.span), e.hint), claim, CLAIM_FILE) };
    return { error: errorOut(e, p.source) };
  }
  const lineOf = (i: number) => r.lines[i].span.start.line - shiftLines;
  const first = lineOf(0),
    last = lineOf(r.lines.length - 1);
  const from = r.startsWithFunction ? `the function ${r.name}` : `the gradient of ${r.name}`;
  if (!r.failure)
    return {
      equal: true,
      method: 'steps',
      verdict: [
        `every step holds: lines ${first}–${last} of the claim (${r.lines.length} lines), from ${from} wrt ${r.x.name}`,
        `the gradient is ${print(r.gradient, 'unicode')}`,
      ].join('\n'),
      truth: formula(r.gradient),
    };
  // The library numbers lines in the whole text; the page shows the claim's own numbers.
  const renumber = (text: string) => text.replace(/\bline (\d+)\b/g, (all, n: string) => (Number(n) > shiftLines ? `line ${Number(n) - shiftLines}` : all));
  const { problem, index, against } = r.failure;
  const at = r.failure.span.start.line - shiftLines;
  const what = renumber(describeProblem(problem));
  const step = against === 'the line before' ? `line ${at} does not follow from line ${lineOf(index - 1)}` : `line ${at} is not ${against}`;
  const located = new MatdiffError('usage', `${step}: ${what}`, moveSpan(r.failure.span), problem.kind === 'ill-formed' ? problem.error.hint : undefined);
  const out = [formatError(located, claim, CLAIM_FILE)];
  if (index > 0) out.push(lineOf(index - 1) === first ? `line ${first} holds` : `lines ${first}–${lineOf(index - 1)} hold`);
  if (problem.kind === 'shape') out.push(renumber(problem.message));
  else if (problem.kind === 'different') out.push(renumber(formatVerdict(problem.verdict, 'unicode')));
  return { equal: false, method: 'steps', summary: what, verdict: out.join('\n'), truth: formula(r.gradient), failedLine: at };
}

// ---------- numbers ----------

const MAX_SIZE = 1_000_000;

/** "m=200, n=5" as a map, each name a dimension symbol of the program. */
function parseSizes(text: string, p: Program): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of text.split(/[,;\s]+/).filter(Boolean)) {
    const m = /^([A-Za-z_\u0370-\u03ff][A-Za-z0-9_\u0370-\u03ff]*)=(\d+)$/.exec(part);
    if (!m) throw new MatdiffError('usage', `sizes: cannot read "${part}"`, undefined, 'write sizes as name=number, e.g. m=200, n=5');
    const [, name, num] = m;
    if (!p.scope.dimension(name)) {
      const dims = [...p.scope.dimensions.keys()];
      throw new MatdiffError(
        'usage',
        `sizes: ${name} is not a dimension symbol of the program`,
        undefined,
        dims.length ? `its dimension symbols: ${dims.join(', ')}` : 'the program has no symbolic dimensions',
      );
    }
    const v = Number(num);
    if (v < 1 || v > MAX_SIZE)
      throw new MatdiffError('usage', `sizes: ${name}=${num} is out of range`, undefined, `a size is a whole number from 1 to ${MAX_SIZE}`);
    out.set(name, v);
  }
  return out;
}

function names(text: string): string[] {
  return text.split(/[,;\s]+/).filter(Boolean);
}

interface Data {
  readonly env: Env;
  readonly note?: string;
}

/**
 * Random data on which the expression is finite (the library's sampler), then: the variables
 * named as labels get 0/1 entries (drawn from a logistic model X w* with hidden weights w* when
 * a matrix X has one row per label and one column per entry of the variable, else fair coins),
 * and the variable descended on starts at zero if the expression is finite there (else where the
 * sampler put it).
 */
function randomData(p: Program, f: Node, wrt: string | undefined, spec: DataSpec): Data {
  const sizes = parseSizes(spec.sizes, p);
  const rng = makeRng(spec.seed >>> 0);
  const env = randomEnv(p.graph, f, rng, { sizes, maxSize: 8 });
  const vars = new Map(env.vars);
  const w = wrt ? vars.get(wrt) : undefined;
  for (const name of names(spec.binary)) {
    const t = vars.get(name);
    if (!t || name === wrt) continue;
    const d = new Float64Array(t.data.length);
    const X =
      t.cols === 1 && w && w.cols === 1 ? [...vars].find(([k, M]) => k !== name && k !== wrt && M.rows === t.rows && M.cols === w.rows)?.[1] : undefined;
    if (X) {
      // A logistic model with hidden weights, so there is something to learn: P(1) = σ(X w*).
      const hidden = Array.from({ length: X.cols }, () => rng.normal());
      for (let i = 0; i < d.length; i++) {
        let z = 0;
        for (let j = 0; j < X.cols; j++) z += X.data[i * X.cols + j] * hidden[j];
        d[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
      }
    } else for (let i = 0; i < d.length; i++) d[i] = rng.next() < 0.5 ? 0 : 1;
    vars.set(name, { rows: t.rows, cols: t.cols, data: d });
  }
  if (wrt && vars.has(wrt)) {
    // Start at zero where the loss is finite there (not under a log-determinant, say).
    const t = vars.get(wrt)!;
    const zero = new Map(vars).set(wrt, { rows: t.rows, cols: t.cols, data: new Float64Array(t.data.length) });
    if (evaluate(f, { vars: zero, dims: env.dims }).data.every(Number.isFinite)) return { env: { vars: zero, dims: env.dims } };
  }
  return { env: { vars, dims: env.dims } };
}

function dataOf(p: Program, f: Node, wrt: string | undefined, spec: DataSpec): Data {
  if (spec.mode === 'json') return { env: loadData(spec.json, p, DATA_FILE) };
  return randomData(p, f, wrt, spec);
}

const dimsRecord = (env: Env): Record<string, number> => Object.fromEntries(env.dims);
const sizesText = (env: Env): string => [...env.dims].map(([k, v]) => `${k} = ${v}`).join(', ');
const norm = (a: Float64Array): number => Math.sqrt(a.reduce((s, v) => s + v * v, 0));
const short = (v: number): string => (Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString());

function iterateText(t: Tensor): string {
  const k = Math.min(t.data.length, 8);
  const parts = Array.from(t.data.subarray(0, k), short);
  return `[${parts.join(', ')}${t.data.length > k ? `, … (${t.data.length} entries)` : ''}]`;
}

/** Gradient descent on the wrt variable with a fixed rate, on the compiled evaluator. */
function descend(source: string, askedWrt: string, spec: DataSpec, rate: number, steps: number): DescendResult {
  const started = begin<DescendResult>('descend', source);
  if ('failed' in started) return started.failed;
  const { p, done } = started;
  let data: Data;
  let f: Node;
  const wrt = pickWrt(p, askedWrt);
  try {
    f = resultNode(p);
    if (!isScalar(f.shape))
      throw new MatdiffError(
        'usage',
        `gradient descent needs a scalar loss, but the expression is a ${describeShape(f.shape)}`,
        undefined,
        'end the program with a scalar, e.g. norm2(A*x - b)^2',
      );
    if (!wrt) throw new MatdiffError('usage', 'nothing to descend on: the program declares no variable', undefined, 'declare one, e.g. x : vector(n)');
    if (!(rate > 0 && Number.isFinite(rate))) throw new MatdiffError('usage', `the rate must be a positive number, not ${rate}`, undefined, 'e.g. 0.5');
    if (!(Number.isInteger(steps) && steps >= 1 && steps <= 100000))
      throw new MatdiffError('usage', `steps must be a whole number from 1 to 100000, not ${steps}`, undefined, 'e.g. 100');
  } catch (e) {
    return done({ error: errorOut(e, source) });
  }
  try {
    data = dataOf(p, f, wrt, spec);
  } catch (e) {
    return done({ error: spec.mode === 'json' ? errorOut(e, spec.json, DATA_FILE) : errorOut(e, source) });
  }
  try {
    const ev = compile(p, { wrt });
    const inputs: Record<string, Tensor> = Object.create(null);
    for (const [k, t] of data.env.vars) inputs[k] = { rows: t.rows, cols: t.cols, data: Float64Array.from(t.data) };
    const x = inputs[wrt];
    if (!x) throw new MatdiffError('data', `the data has no value for ${wrt}, the variable to descend on`, undefined, `add "${wrt}": its starting point`);
    const dims = dimsRecord(data.env);
    const losses: number[] = [];
    let gradNorm = NaN;
    let note: string | undefined;
    for (let k = 0; k <= steps; k++) {
      const r = ev.run(inputs, { dims });
      const value = r.value!.data[0];
      const g = r.gradients[wrt].data;
      losses.push(value);
      gradNorm = norm(g);
      if (!Number.isFinite(value) || !Number.isFinite(gradNorm)) {
        note = `stopped at step ${k}: the loss is ${value}${k > 0 ? '; the rate may be too large' : ''}`;
        break;
      }
      if (k === steps) break;
      for (let i = 0; i < g.length; i++) x.data[i] -= rate * g[i];
    }
    if (!note && losses.length > 2 && losses[losses.length - 1] > losses[0]) note = 'the loss went up: try a smaller rate';
    ev.dispose();
    return done({ losses, gradNorm, backend: ev.backend, wrt, sizes: sizesText(data.env), iterate: iterateText(x), note });
  } catch (e) {
    return done({ error: spec.mode === 'json' && e instanceof MatdiffError && e.kind === 'data' ? errorOut(e, spec.json, DATA_FILE) : errorOut(e, source) });
  }
}

const round = (v: number): number => Number(v.toPrecision(6));

/** The data as the JSON a data file holds (what `matdiff eval --data` reads), to edit or paste. */
function sample(source: string, askedWrt: string, spec: DataSpec): SampleResult {
  const started = begin<SampleResult>('sample', source);
  if ('failed' in started) return started.failed;
  const { p, done } = started;
  try {
    const f = resultNode(p);
    const { env } = randomData(p, f, pickWrt(p, askedWrt), { ...spec, mode: 'random' });
    const entries = [...env.vars.values()].reduce((s, t) => s + t.data.length, 0);
    if (entries > 20000)
      throw new MatdiffError(
        'usage',
        `${entries} numbers are too many to show as text`,
        undefined,
        'use smaller sizes to see the data, or run on random data directly',
      );
    const fixed = new Set<string>();
    for (const n of env.vars.keys()) {
      const s = p.scope.declaration(n)?.shape;
      if (s) for (const d of [s.rows, s.cols]) if (typeof d === 'string') fixed.add(d);
    }
    const lines: string[] = [];
    const ordered = [...p.scope.declarations.keys()].filter((k) => env.vars.has(k));
    for (const k of ordered) {
      const t = env.vars.get(k)!;
      const j = tensorToJSON({ rows: t.rows, cols: t.cols, data: t.data.map(round) });
      const text =
        Array.isArray(j) && Array.isArray(j[0]) ? `[\n    ${(j as number[][]).map((r) => JSON.stringify(r)).join(',\n    ')}\n  ]` : JSON.stringify(j);
      lines.push(`  ${JSON.stringify(k)}: ${text}`);
    }
    for (const [k, v] of env.dims) if (!fixed.has(k)) lines.push(`  ${JSON.stringify(k)}: ${v}`);
    return done({ json: `{\n${lines.join(',\n')}\n}\n` });
  } catch (e) {
    return done({ error: errorOut(e, source) });
  }
}

/** The gradient derived in differential form, each line rendered on its own (the align* is too wide for a panel). */
function explainGradient(source: string, askedWrt: string): ExplainResult {
  const started = begin<ExplainResult>('explain', source);
  if ('failed' in started) return started.failed;
  const { p, done } = started;
  try {
    const f = resultNode(p);
    const wrt = requireWrt(p, askedWrt);
    const e = explain(p.graph, f, p.scope.declaration(wrt)!.node, { name: definitionName(p.scope, f) ?? 'f' });
    const latex = renderExplanation(e, 'latex');
    // Each line on its own (the align* is too wide for a panel); the whole block if one will not render.
    const lines = latexLines(e).map((l) => ({ math: renderTex(`${l.lhs} = ${l.rhs}`, true), why: renderTex(l.why, false) }));
    const whole = lines.some((l) => !l.math) ? [{ math: renderTex(latex, true) }] : lines;
    return done({ lines: whole, latex, unicode: renderExplanation(e, 'unicode') });
  } catch (e) {
    return done({ error: errorOut(e, source) });
  }
}

export function handle(req: Request): Result {
  try {
    switch (req.type) {
      case 'analyze':
        return analyze(req.source, req.kind, req.wrt);
      case 'check':
        return checkClaim(req.source, req.kind, req.wrt, req.claim);
      case 'descend':
        return descend(req.source, req.wrt, req.data, req.rate, req.steps);
      case 'sample':
        return sample(req.source, req.wrt, req.data);
      case 'explain':
        return explainGradient(req.source, req.wrt);
    }
  } catch (e) {
    // A bug above: still an answer, never a hung request.
    return { type: req.type, error: errorOut(e), ms: 0 } as Result;
  }
}
