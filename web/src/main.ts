/**
 * The playground page: the editor and controls, requests to the engine (in Web Workers, so
 * typing never waits on a derivation or a descent), and the results. The engine's bundle
 * (engine.js) defines `matdiffEngine`, a function whose own text starts a worker from a Blob
 * URL; where no worker can start it runs on this thread instead.
 */
import { EXAMPLES } from './examples';
import { highlight } from './highlight';
import { plotLosses } from './plot';
import type {
  AnalyzeResult,
  CheckResult,
  DataSpec,
  DescendResult,
  Envelope,
  ErrorOut,
  ExplainResult,
  Formula,
  Kind,
  Request,
  Result,
  SampleResult,
} from './protocol';
import { DEFAULTS, type State, decode, encode } from './state';

declare const matdiffEngine: (() => void) | undefined;

/** Longest a request may run before its worker is stopped and restarted. */
const TIME_LIMIT_MS = 30_000;

type Handler = (r: Request) => Result;

interface Waiting {
  readonly req: Request;
  readonly resolve: (r: Result | undefined) => void;
}

/**
 * One engine (a worker, or the fallback on this thread) with one request in flight; a newer
 * request of the same type replaces a waiting one (its promise resolves to undefined).
 */
class Engine {
  private worker?: Worker;
  private local?: Handler;
  private nextId = 1;
  private inflight?: Waiting & { id: number; timer: number };
  private readonly waiting = new Map<Request['type'], Waiting>();
  mode: 'worker' | 'main thread' = 'worker';
  onBusy: (busy: boolean) => void = () => {};

  private started = false;

  /** The worker starts with the first request (the numeric one after the first gradient is shown). */
  constructor(private readonly name: string) {}

  private start(): void {
    this.started = true;
    if (this.local) return;
    try {
      if (typeof Worker === 'undefined' || typeof matdiffEngine !== 'function') throw new Error('no worker');
      const url = URL.createObjectURL(new Blob([`(${matdiffEngine.toString()})()`], { type: 'text/javascript' }));
      const w = new Worker(url, { name: this.name });
      w.onmessage = (e: MessageEvent) => this.answer(e.data as Envelope<Result>);
      w.onerror = (e) => {
        e.preventDefault();
        this.fallBack();
      };
      this.worker = w;
    } catch {
      this.fallBack();
    }
  }

  /** Run on the main thread from now on (no worker could start). */
  private fallBack(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.mode = 'main thread';
    if (!this.local) {
      if (typeof matdiffEngine === 'function') matdiffEngine();
      this.local = (globalThis as unknown as { matdiffHandle: Handler }).matdiffHandle;
    }
    const f = this.inflight;
    if (f) {
      clearTimeout(f.timer);
      this.inflight = undefined;
      this.waiting.set(f.req.type, this.waiting.get(f.req.type) ?? f);
    }
    this.pump();
  }

  request(req: Request): Promise<Result | undefined> {
    if (!this.started) this.start();
    return new Promise((resolve) => {
      this.waiting.get(req.type)?.resolve(undefined);
      this.waiting.set(req.type, { req, resolve });
      this.pump();
    });
  }

  /** Stop what runs now (the worker is restarted); its promise gets an error result. */
  stop(why: string): void {
    const f = this.inflight;
    if (!f || !this.worker) return;
    clearTimeout(f.timer);
    this.worker.terminate();
    this.worker = undefined;
    this.inflight = undefined;
    f.resolve({ type: f.req.type, error: { text: why, kind: 'user' }, ms: 0 } as Result);
    this.start();
    this.pump();
  }

  private pump(): void {
    if (this.inflight) return;
    const next = this.waiting.entries().next();
    if (next.done) return this.onBusy(false);
    const [type, w] = next.value;
    this.waiting.delete(type);
    const id = this.nextId++;
    this.onBusy(true);
    if (this.local) {
      const local = this.local;
      this.inflight = { ...w, id, timer: 0 };
      // Let the page paint "working…" first.
      setTimeout(() => this.answer({ id, body: local(w.req) }), 0);
      return;
    }
    const timer = window.setTimeout(
      () => this.stop(`stopped: this took longer than ${TIME_LIMIT_MS / 1000} s (try smaller sizes or fewer steps)`),
      TIME_LIMIT_MS,
    );
    this.inflight = { ...w, id, timer };
    this.worker!.postMessage({ id, body: w.req });
  }

  private answer(m: Envelope<Result>): void {
    const f = this.inflight;
    if (!f || f.id !== m.id) return;
    clearTimeout(f.timer);
    this.inflight = undefined;
    f.resolve(m.body);
    this.pump();
  }
}

// ---------- the page ----------

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const e = document.getElementById(id);
  if (!e) throw new Error(`the page has no #${id}`);
  return e as T;
};

const ui = {
  status: $('status'),
  program: $<HTMLTextAreaElement>('program'),
  highlight: $('highlight'),
  gutter: $('gutter'),
  programError: $('program-error'),
  wrt: $<HTMLSelectElement>('wrt'),
  expression: $('expression'),
  exprShape: $('expr-shape'),
  derivTitle: $('derivative-title'),
  derivative: $('derivative'),
  derivShape: $('derivative-shape'),
  derivError: $('derivative-error'),
  derivText: $('derivative-text'),
  trace: $('trace'),
  traceCount: $('trace-count'),
  claim: $<HTMLTextAreaElement>('claim'),
  claimKind: $('claim-kind'),
  checkBadge: $('check-badge'),
  checkResult: $('check-result'),
  sizes: $<HTMLInputElement>('sizes'),
  seed: $<HTMLInputElement>('seed'),
  binary: $<HTMLInputElement>('binary'),
  rate: $<HTMLInputElement>('rate'),
  steps: $<HTMLInputElement>('steps'),
  data: $<HTMLTextAreaElement>('data'),
  run: $<HTMLButtonElement>('run'),
  stop: $<HTMLButtonElement>('stop'),
  descendError: $('descend-error'),
  descendBadge: $('descend-badge'),
  plot: document.getElementById('plot') as unknown as SVGSVGElement,
  summary: $('descend-summary'),
  explainBox: $<HTMLDetailsElement>('explain-box'),
  explain: $('explain'),
  explainError: $('explain-error'),
};

const KIND_TITLES: Record<Kind, string> = { grad: 'Gradient', hessian: 'Hessian', jacobian: 'Jacobian' };

let state: State = decode(location.hash);
const symbolic = new Engine('matdiff-symbolic');
const numeric = new Engine('matdiff-numeric');
let current: { derivative?: Formula } = {};
let firstAnswer = false;

function showError(el: HTMLElement, e: ErrorOut | undefined): void {
  el.hidden = !e;
  el.textContent = e ? e.text : '';
  el.classList.toggle('internal', e?.kind === 'internal');
}

/** KaTeX's HTML, made in the worker; the Unicode form where KaTeX could not render. */
function showFormula(el: HTMLElement, f: Formula | undefined): void {
  if (!f) {
    el.replaceChildren();
    return;
  }
  if (f.html) el.innerHTML = f.html;
  else el.textContent = f.unicode;
  el.title = f.unicode;
}

/** Where the program's error is (from the last analysis), for the underline and for clicks. */
let programErrorAt: ErrorOut['at'];

/** The coloured copy under the textarea, with the error's span underlined. */
function paint(): void {
  const t = ui.program.value;
  const at = programErrorAt;
  ui.highlight.innerHTML = highlight(t, at && [offsetOf(t, at.line, at.col), offsetOf(t, at.endLine, at.endCol)]);
  ui.highlight.scrollTop = ui.program.scrollTop;
  ui.highlight.scrollLeft = ui.program.scrollLeft;
}

let errorLine = 0;
function updateGutter(): void {
  const lines = ui.program.value.split('\n').length;
  const key = `${lines}:${errorLine}`;
  if (ui.gutter.dataset.key === key) return;
  ui.gutter.dataset.key = key;
  ui.gutter.replaceChildren(
    ...Array.from({ length: lines }, (_, i) => {
      const d = document.createElement('div');
      d.textContent = String(i + 1);
      if (i + 1 === errorLine) d.className = 'err';
      return d;
    }),
  );
}

/** The offset in `text` of 1-based line `line`, column `col`. */
function offsetOf(text: string, line: number, col: number): number {
  let o = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', o);
    if (nl < 0) return text.length;
    o = nl + 1;
  }
  return Math.min(text.length, o + col - 1);
}

/** Click an error: the cursor goes to its place in the program, the span selected. */
function selectError(): void {
  const at = programErrorAt;
  if (!at) return;
  const t = ui.program.value;
  ui.program.focus();
  ui.program.setSelectionRange(offsetOf(t, at.line, at.col), offsetOf(t, at.endLine, at.endCol));
}

function writeHash(): void {
  const h = encode(state);
  if (h !== location.hash && !(h === '' && location.hash === '')) history.replaceState(null, '', h || location.pathname + location.search);
}

function dataSpec(): DataSpec {
  return { mode: state.mode, sizes: state.sizes, seed: state.seed, binary: state.binary, json: state.json };
}

const timings = { analyze: NaN, check: NaN, descend: NaN };
function setStatus(): void {
  const parts = [`engine: ${symbolic.mode}`];
  if (Number.isFinite(timings.analyze)) parts.push(`derive ${timings.analyze.toFixed(1)} ms`);
  if (Number.isFinite(timings.check)) parts.push(`check ${timings.check.toFixed(0)} ms`);
  if (Number.isFinite(timings.descend)) parts.push(`descent ${timings.descend.toFixed(0)} ms`);
  ui.status.textContent = parts.join(' · ');
}

async function analyze(): Promise<void> {
  const r = (await symbolic.request({ type: 'analyze', source: state.program, kind: state.kind, wrt: state.wrt })) as AnalyzeResult | undefined;
  if (!r) return;
  timings.analyze = r.ms;
  const located = r.error ?? r.derivativeError;
  programErrorAt = located?.at;
  errorLine = located?.at?.line ?? 0;
  updateGutter();
  paint();
  showError(ui.programError, r.error);
  ui.programError.classList.toggle('located', !!r.error?.at);
  ui.derivError.classList.toggle('located', !!r.derivativeError?.at);
  // What is shown is of the last program that parsed: say so while this one does not.
  document.querySelector('.result-panel')?.classList.toggle('stale', !!r.error);
  if (r.error) {
    if (!firstAnswer) ((firstAnswer = true), schedule('descend', true));
    setStatus();
    return;
  }
  const options = r.declarations.map((d) => `${d.name}\u0000${d.shape}`).join('\n');
  if (ui.wrt.dataset.options !== options) {
    ui.wrt.replaceChildren(...r.declarations.map((d) => new Option(`${d.name} : ${d.shape}`, d.name)));
    ui.wrt.dataset.options = options;
  }
  if (r.wrt) ui.wrt.value = r.wrt;
  showFormula(ui.expression, r.expression);
  ui.exprShape.textContent = r.expression?.shape ?? '';
  const v = document.createElement('var');
  v.textContent = r.wrt ?? '';
  ui.derivTitle.replaceChildren(`${KIND_TITLES[state.kind]}${r.wrt ? ' with respect to ' : ''}`, ...(r.wrt ? [v] : []));
  showError(ui.derivError, r.derivativeError);
  showFormula(ui.derivative, r.derivative);
  ui.derivative.hidden = !r.derivative;
  ui.derivShape.textContent = r.derivative?.shape ?? '';
  ui.derivText.textContent = r.derivative?.text ?? '';
  current = { derivative: r.derivative };
  ui.traceCount.textContent = r.trace ? `(${r.trace.length} ${r.trace.length === 1 ? 'step' : 'steps'})` : '';
  ui.trace.replaceChildren(
    ...(r.trace ?? []).map((s) => {
      const li = document.createElement('li');
      const rule = document.createElement('div');
      rule.className = 'rule';
      rule.textContent = s.rule;
      const before = document.createElement('div');
      const after = document.createElement('div');
      before.className = 'before';
      after.className = 'after';
      showFormula(before, s.before);
      showFormula(after, s.after);
      li.append(rule, before, after);
      return li;
    }),
  );
  if (r.trace && r.trace.length === 0) {
    const li = document.createElement('li');
    li.className = 'none';
    li.textContent = 'no rule fired: reverse mode gave this form directly';
    ui.trace.append(li);
  }
  document.body.dataset.analyzed = String(Number(document.body.dataset.analyzed ?? 0) + 1);
  if (!firstAnswer) {
    firstAnswer = true;
    if (r.derivative) {
      performance.mark('matdiff:first-gradient');
      document.body.dataset.firstGradientMs = performance.now().toFixed(1);
    }
    // Only now the second worker and the descent: they would compete with the first gradient for the CPU.
    schedule('descend', true);
  }
  setStatus();
}

let explained: ExplainResult | undefined;
async function runExplain(): Promise<void> {
  if (!ui.explainBox.open) return;
  if (state.kind !== 'grad') {
    explained = undefined;
    ui.explain.replaceChildren();
    return showError(ui.explainError, { text: 'the step-by-step derivation is of a gradient: choose gradient above', kind: 'user' });
  }
  const r = (await symbolic.request({ type: 'explain', source: state.program, wrt: state.wrt })) as ExplainResult | undefined;
  if (!r) return;
  explained = r.error ? undefined : r;
  showError(ui.explainError, r.error);
  ui.explain.replaceChildren(
    ...(r.lines ?? []).map((l) => {
      const li = document.createElement('li');
      const math = document.createElement('div');
      math.className = 'line';
      if (l.math) math.innerHTML = l.math;
      li.append(math);
      if (l.why) {
        const why = document.createElement('div');
        why.className = 'why';
        why.innerHTML = l.why;
        li.append(why);
      }
      return li;
    }),
  );
  document.body.dataset.explained = String(Number(document.body.dataset.explained ?? 0) + 1);
}

async function runCheck(): Promise<void> {
  ui.claimKind.textContent = KIND_TITLES[state.kind].replace(/^G/, 'g');
  ui.checkBadge.textContent = 'checking…';
  ui.checkBadge.className = 'badge';
  const r = (await symbolic.request({ type: 'check', source: state.program, kind: state.kind, wrt: state.wrt, claim: state.claim })) as CheckResult | undefined;
  if (!r) return;
  timings.check = r.ms;
  if (r.error) {
    ui.checkBadge.textContent = 'cannot check';
    ui.checkBadge.className = 'badge bad-input';
    ui.checkResult.textContent = r.error.text;
    ui.checkResult.className = 'verdict error';
  } else {
    ui.checkBadge.textContent =
      r.method === 'steps'
        ? r.equal
          ? 'every step holds'
          : `line ${r.failedLine} is false`
        : r.equal
          ? r.method === 'symbolic'
            ? 'equal, symbolically'
            : 'equal, numerically'
          : 'different';
    ui.checkBadge.className = `badge ${r.equal ? 'equal' : 'different'}`;
    ui.checkResult.textContent = r.verdict ?? '';
    ui.checkResult.className = 'verdict';
  }
  document.body.dataset.checked = String(Number(document.body.dataset.checked ?? 0) + 1);
  setStatus();
}

async function descend(): Promise<void> {
  ui.descendBadge.textContent = 'running…';
  const r = (await numeric.request({ type: 'descend', source: state.program, wrt: state.wrt, data: dataSpec(), rate: state.rate, steps: state.steps })) as
    DescendResult | undefined;
  if (!r) return;
  timings.descend = r.ms;
  showError(ui.descendError, r.error);
  ui.plot.classList.toggle('stale', !!r.error);
  if (!r.error && r.losses) {
    plotLosses(ui.plot, r.losses);
    const first = r.losses[0],
      last = r.losses[r.losses.length - 1];
    const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(5)).toString() : String(v));
    const rows: [string, string, string?][] = [
      ['loss', `${fmt(first)} → ${fmt(last)}`],
      ['steps', `${r.losses.length - 1} of rate ${state.rate}`],
      ['‖∇‖ at the end', fmt(r.gradNorm ?? NaN)],
      [`${r.wrt ?? state.wrt} at the end`, r.iterate ?? ''],
      ['sizes', r.sizes || '(none)'],
      ['evaluator', `backend ${r.backend}, ${r.ms.toFixed(0)} ms in all`],
    ];
    if (r.note) rows.push(['note', r.note, 'note']);
    ui.summary.replaceChildren(
      ...rows.flatMap(([k, v, cls]) => {
        const dt = document.createElement('dt');
        const dd = document.createElement('dd');
        dt.textContent = k;
        dd.textContent = v;
        if (cls) dd.className = cls;
        return [dt, dd];
      }),
    );
    ui.descendBadge.textContent = r.note ? 'see the note' : 'done';
  } else ui.descendBadge.textContent = r.error ? 'error' : '';
  document.body.dataset.descended = String(Number(document.body.dataset.descended ?? 0) + 1);
  setStatus();
}

async function showData(): Promise<void> {
  const r = (await numeric.request({ type: 'sample', source: state.program, wrt: state.wrt, data: { ...dataSpec(), mode: 'random' } })) as
    SampleResult | undefined;
  if (!r) return;
  if (r.error) return showError(ui.descendError, r.error);
  state.mode = 'json';
  state.json = r.json ?? '';
  pushStateToInputs();
  writeHash();
  schedule('descend');
}

// ---------- wiring ----------

const timers = new Map<string, number>();
const DELAYS = { analyze: 120, check: 300, descend: 450, explain: 350 } as const;
const jobs = { analyze, check: runCheck, descend, explain: runExplain } as const;
function schedule(what: keyof typeof jobs, now = false): void {
  clearTimeout(timers.get(what));
  timers.set(
    what,
    window.setTimeout(() => void jobs[what](), now ? 0 : DELAYS[what]),
  );
}
function scheduleAll(now = false): void {
  schedule('analyze', now);
  schedule('check', now);
  schedule('descend', now);
  schedule('explain', now);
}

/** The claim box grows with its lines (a derivation), up to 14. */
function fitClaim(): void {
  ui.claim.rows = Math.min(14, Math.max(2, ui.claim.value.split('\n').length));
}

function pushStateToInputs(): void {
  if (ui.program.value !== state.program) ui.program.value = state.program;
  updateGutter();
  paint();
  for (const r of document.querySelectorAll<HTMLInputElement>('input[name=kind]')) r.checked = r.value === state.kind;
  for (const r of document.querySelectorAll<HTMLInputElement>('input[name=mode]')) r.checked = r.value === state.mode;
  ui.claim.value = state.claim;
  fitClaim();
  ui.sizes.value = state.sizes;
  ui.seed.value = String(state.seed);
  ui.binary.value = state.binary;
  ui.rate.value = String(state.rate);
  ui.steps.value = String(state.steps);
  ui.data.value = state.json;
  ui.data.hidden = state.mode !== 'json';
  for (const e of [ui.sizes, ui.seed, ui.binary]) e.disabled = state.mode === 'json';
  ui.claimKind.textContent = KIND_TITLES[state.kind].replace(/^G/, 'g');
}

function on<K extends keyof HTMLElementEventMap>(el: HTMLElement, ev: K, f: (e: HTMLElementEventMap[K]) => void): void {
  el.addEventListener(ev, f);
}

on(ui.program, 'input', () => {
  state.program = ui.program.value;
  updateGutter();
  paint();
  writeHash();
  scheduleAll();
});
on(ui.program, 'scroll', () => {
  ui.gutter.scrollTop = ui.program.scrollTop;
  ui.highlight.scrollTop = ui.program.scrollTop;
  ui.highlight.scrollLeft = ui.program.scrollLeft;
});
on(ui.programError, 'click', selectError);
on(ui.derivError, 'click', selectError);
on(ui.program, 'keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    scheduleAll(true);
  } else if (e.key === 'Tab' && !e.shiftKey) {
    e.preventDefault();
    ui.program.setRangeText('  ', ui.program.selectionStart, ui.program.selectionEnd, 'end');
    ui.program.dispatchEvent(new Event('input'));
  }
});
for (const r of document.querySelectorAll<HTMLInputElement>('input[name=kind]'))
  on(r, 'change', () => {
    state.kind = r.value as Kind;
    writeHash();
    pushStateToInputs();
    schedule('analyze', true);
    schedule('check', true);
    schedule('explain', true);
  });
for (const r of document.querySelectorAll<HTMLInputElement>('input[name=mode]'))
  on(r, 'change', () => {
    state.mode = r.value as State['mode'];
    writeHash();
    pushStateToInputs();
    schedule('descend', true);
  });
on(ui.wrt, 'change', () => {
  state.wrt = ui.wrt.value;
  writeHash();
  scheduleAll(true);
});
on(ui.claim, 'input', () => {
  state.claim = ui.claim.value;
  fitClaim();
  writeHash();
  schedule('check');
});
on(ui.claim, 'keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    schedule('check', true);
  }
});
$('check').addEventListener('click', () => schedule('check', true));

const numberField = (el: HTMLInputElement, key: 'seed' | 'rate' | 'steps', ok: (v: number) => boolean) =>
  on(el, 'input', () => {
    const v = Number(el.value);
    el.classList.toggle('invalid', !(el.value !== '' && ok(v)));
    if (el.value === '' || !ok(v)) return;
    state[key] = v;
    writeHash();
    schedule('descend');
  });
numberField(ui.seed, 'seed', (v) => Number.isInteger(v) && v >= 0);
numberField(ui.rate, 'rate', (v) => v > 0 && Number.isFinite(v));
numberField(ui.steps, 'steps', (v) => Number.isInteger(v) && v >= 1 && v <= 100000);
for (const [el, key] of [
  [ui.sizes, 'sizes'],
  [ui.binary, 'binary'],
  [ui.data, 'json'],
] as const)
  on(el, 'input', () => {
    state[key] = el.value;
    writeHash();
    schedule('descend');
  });
ui.run.addEventListener('click', () => schedule('descend', true));
ui.stop.addEventListener('click', () => numeric.stop('stopped'));
numeric.onBusy = (busy) => {
  ui.stop.hidden = !busy;
};
$('show-data').addEventListener('click', () => void showData());

async function copy(text: string, button: HTMLElement): Promise<void> {
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch {
    const t = document.createElement('textarea');
    t.value = text;
    t.style.position = 'fixed';
    t.style.opacity = '0';
    document.body.append(t);
    t.select();
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    t.remove();
  }
  const was = button.dataset.label ?? button.textContent ?? '';
  button.dataset.label = was;
  button.textContent = ok ? 'Copied' : 'Copy failed';
  setTimeout(() => (button.textContent = was), 1200);
}
for (const [id, key] of [
  ['copy-latex', 'latex'],
  ['copy-text', 'text'],
  ['copy-unicode', 'unicode'],
] as const) {
  const b = $(id);
  b.addEventListener('click', () => {
    const f = current.derivative;
    if (f) void copy(f[key], b);
  });
}
for (const [id, key] of [
  ['copy-explain-latex', 'latex'],
  ['copy-explain-text', 'unicode'],
] as const) {
  const b = $(id);
  b.addEventListener('click', () => {
    if (explained?.[key]) void copy(explained[key]!, b);
  });
}
ui.explainBox.addEventListener('toggle', () => schedule('explain', true));
$('share').addEventListener('click', (e) => void copy(location.href, e.currentTarget as HTMLElement));
const examples = $<HTMLSelectElement>('examples');
examples.append(...EXAMPLES.map((e, i) => new Option(e.title, String(i))));
examples.addEventListener('change', () => {
  const e = EXAMPLES[Number(examples.value)];
  examples.value = '';
  if (!e) return;
  state = { ...DEFAULTS, ...e.state };
  pushStateToInputs();
  writeHash();
  scheduleAll(true);
});
$('reset').addEventListener('click', () => {
  state = { ...DEFAULTS };
  pushStateToInputs();
  writeHash();
  scheduleAll(true);
});
window.addEventListener('hashchange', () => {
  const next = decode(location.hash);
  if (encode(next) === encode(state)) return;
  state = next;
  pushStateToInputs();
  scheduleAll(true);
});

pushStateToInputs();
setStatus();
void analyze();
schedule('check', true);
