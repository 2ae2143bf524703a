/**
 * The web playground end to end in headless Chromium: build it (scripts/build-web.ts), open it
 * from file:// (and once from a local static server), and read what it renders: the seed's
 * gradient in KaTeX, a typed program's gradient and Hessian, a located error with its caret, a
 * wrong hand derivation's diagnosis, gradient descent on random data, and a shared link. The
 * expected forms come from the library itself, except the seed's documented textbook form.
 * A screenshot and the page's load figures are kept in test-artifacts/web/.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import type { AddressInfo } from 'net';
import type { Page } from 'playwright-core';
import { DEFAULT_OUT, type WebBuild, buildWeb } from '../../scripts/build-web';
import { check, parseClaim } from '../../src/check';
import { derive } from '../../src/derive';
import { grad } from '../../src/ad';
import { parseProgram } from '../../src/parse';
import { print } from '../../src/print';
import { EXAMPLES } from '../../web/src/examples';
import { SEED } from '../../web/src/seed';
import { type Browser, launch } from '../../scripts/web-chromium';

/** The page's globals these tests read inside page.evaluate (the root tsconfig has no DOM types). */
declare const document: {
  readonly body: { readonly dataset: Record<string, string | undefined> };
  readonly fonts: { readonly ready: Promise<unknown> } & Iterable<{ readonly status: string; readonly family: string }>;
};

const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts', 'web');
const LEAST_SQUARES = 'A : matrix(m, n)\nx : vector(n)\nb : vector(m)\nnorm2(A*x - b)^2';

let build: WebBuild;
let browser: Browser;
const offline: string[] = [];

beforeAll(async () => {
  build = await buildWeb(DEFAULT_OUT);
  browser = await launch();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const fileUrl = (hash = '') => `file://${path.join(build.outDir, 'index.html')}${hash}`;

async function open(url = fileUrl()): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('request', (r) => {
    if (!/^(file|blob|data):/.test(r.url()) && !r.url().startsWith('http://127.0.0.1:')) offline.push(r.url());
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { errors: string[] }).errors = errors;
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  (page as Page & { requested: string[] }).requested = requested;
  await page.goto(url);
  return page;
}

const counter = (page: Page, name: string) => page.evaluate((n) => Number(document.body.dataset[n] ?? 0), name);

/** Wait until the page has answered `name` more than `after` times and `pred` holds. */
async function until(page: Page, what: string, pred: () => boolean | Promise<boolean>, timeout = 15_000): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    if (await pred()) return;
    if (Date.now() - t0 > timeout) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(50);
  }
}

const text = (page: Page, sel: string) => page.locator(sel).innerText();
/** The LaTeX KaTeX rendered (its MathML annotation). */
const latexOf = (page: Page, sel: string) => page.locator(`${sel} annotation[encoding="application/x-tex"]`).first().textContent();

function derivative(source: string, kind: 'grad' | 'hessian', wrt = 'x') {
  const p = parseProgram(source);
  const node = derive(p.graph, kind, p.result!, p.scope.declaration(wrt)!.node).node;
  return { text: print(node, 'text'), latex: print(node, 'latex'), unicode: print(node, 'unicode') };
}

test('the seed opens with its gradient in textbook form, rendered by KaTeX with local fonts, and no network', async () => {
  const page = await open();
  await page.waitForSelector('#derivative .katex', { timeout: 20_000 });
  const seed = derivative(SEED, 'grad');
  expect(await page.locator('#derivative').getAttribute('title')).toBe('(1/m) Aᵀ(σ(Ax) − b)');
  expect(await latexOf(page, '#derivative')).toBe(seed.latex);
  expect(await text(page, '#derivative-text')).toBe("1/m * A' * (sigmoid(A*x) - b)");
  expect(await latexOf(page, '#expression')).toBe(print(parseProgram(SEED).result!, 'latex'));
  expect(await text(page, '#status')).toContain('engine: worker'); // a Web Worker, from file:// too
  expect(await page.locator('#trace li').count()).toBeGreaterThan(0);
  expect(await page.locator('#trace .rule').first().innerText()).toMatch(/\S/);
  const fonts = await page.evaluate(async () => {
    await document.fonts.ready;
    return [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/"/g, ''));
  });
  expect(fonts).toContain('KaTeX_Main');
  expect(fonts).toContain('KaTeX_Math');

  // The pre-filled claim is wrong on purpose: the check runs by itself and says how.
  await until(page, 'the first check', async () => (await counter(page, 'checked')) > 0);
  expect(await text(page, '#check-badge')).toBe('different');
  expect(await text(page, '#check-result')).toContain('diagnosis: missing 1/m');

  // Gradient descent on random data: the loss falls; no SharedArrayBuffer here (file://, no
  // COOP/COEP), so the evaluator's 'auto' backend runs wasm on one thread or generated JavaScript.
  await until(page, 'the first descent', async () => (await counter(page, 'descended')) > 0);
  const summary = await text(page, '#descend-summary');
  expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('undefined');
  expect(summary).toMatch(/backend (js|interp|wasm)/);
  const [, first, last] = /loss\s*(\S+) → (\S+)/.exec(summary)!;
  expect(Number(last)).toBeLessThan(Number(first));
  expect((await page.locator('#plot polyline').getAttribute('points'))!.split(' ').length).toBe(101);
  expect((page as Page & { errors: string[] }).errors).toEqual([]);

  // Figures: what the page fetched (from disk sizes) and the time to the first gradient.
  await page.evaluate(() => document.fonts.ready);
  const fetched = (page as Page & { requested: string[] }).requested;
  const files = [...new Set(fetched.filter((u) => u.startsWith('file://')).map((u) => decodeURIComponent(new URL(u).pathname)))];
  const bytes = (pred: (f: string) => boolean) => files.filter(pred).reduce((s, f) => s + fs.statSync(f).size, 0);
  const metrics = {
    firstGradientMs: Number(await page.evaluate(() => document.body.dataset.firstGradientMs)),
    loadBytes: bytes(() => true),
    jsBytes: bytes((f) => f.endsWith('.js')),
    cssBytes: bytes((f) => f.endsWith('.css')),
    fontBytes: bytes((f) => f.endsWith('.woff2')),
    htmlBytes: bytes((f) => f.endsWith('.html')),
    files: files.map((f) => path.relative(build.outDir, f)).sort(),
    backend: /backend (\w+)/.exec(summary)![1],
    builtFiles: build.files,
    stubbed: build.stubbed,
  };
  fs.writeFileSync(path.join(ARTIFACTS, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
  await page.screenshot({ path: path.join(ARTIFACTS, 'playground.png'), fullPage: true });
  expect(metrics.firstGradientMs).toBeGreaterThan(0);
  expect(metrics.firstGradientMs).toBeLessThan(10_000);
  expect(offline).toEqual([]);

  // The derivation in differential form, on demand: one KaTeX line per step, ending at the gradient.
  await page.locator('#explain-box summary').click();
  await until(page, 'the derivation', async () => (await counter(page, 'explained')) > 0);
  const lines = await page.locator('#explain li .line annotation').allTextContents();
  expect(lines.length).toBeGreaterThan(3);
  expect(lines[0]).toMatch(/^\\mathrm\{d\}J = /);
  expect(lines[lines.length - 1]).toBe(`\\nabla_{x} J = ${seed.latex}`);
  expect(await page.locator('#explain-error').isVisible()).toBe(false);
  await page.screenshot({ path: path.join(ARTIFACTS, 'playground-derivation.png'), fullPage: true });
  await page.close();
});

test('a typed program gets its gradient and Hessian; a shape error shows line:column and a caret, no stack', async () => {
  const page = await open();
  await page.waitForSelector('#derivative .katex', { timeout: 20_000 });
  const ls = derivative(LEAST_SQUARES, 'grad');
  await page.locator('#program').fill(LEAST_SQUARES);
  await until(page, 'the least-squares gradient', async () => (await text(page, '#derivative-text')) === ls.text);
  expect(await latexOf(page, '#derivative')).toBe(ls.latex);

  await page.locator('input[name=kind][value=hessian]').check();
  const h = derivative(LEAST_SQUARES, 'hessian');
  await until(page, 'the least-squares Hessian', async () => (await text(page, '#derivative-text')) === h.text);
  expect(await latexOf(page, '#derivative')).toBe(h.latex);
  expect(await text(page, '#derivative-title')).toBe('Hessian with respect to x');

  // The state is in the hash: the same link opens the same page.
  const url = page.url();
  expect(url).toContain('#');
  const again = await open(url);
  await until(again, 'the shared Hessian', async () => (await again.locator('#derivative-text').innerText()) === h.text);
  expect(await again.locator('#program').inputValue()).toBe(LEAST_SQUARES);
  await again.close();

  // Type more of the program, key by key, at its end.
  await page.locator('input[name=kind][value=grad]').check();
  await page.locator('#program').press('Control+End');
  await page.locator('#program').pressSequentially(" + 3 * x' * x");
  const more = derivative(LEAST_SQUARES + " + 3 * x' * x", 'grad');
  await until(page, 'the typed gradient', async () => (await text(page, '#derivative-text')) === more.text);
  expect(await latexOf(page, '#derivative')).toBe(more.latex);

  await page.locator('#program').fill('A : matrix(m, n)\nb : vector(m)\nx : vector(n)\nnorm2(A*b)^2');
  await until(page, 'the error', async () => page.locator('#program-error').isVisible());
  const err = await text(page, '#program-error');
  const lines = err.split('\n');
  expect(lines[0]).toMatch(/^program:4:7: cannot multiply/);
  expect(lines[1]).toBe('norm2(A*b)^2');
  expect(lines[2]).toBe('      ^~~');
  expect(err).not.toMatch(/\n\s+at /); // no stack trace
  expect(await page.locator('#gutter .err').innerText()).toBe('4');
  expect((await page.locator('#highlight .err').allInnerTexts()).join('')).toBe('A*b'); // underlined in the editor
  await page.locator('#program-error').click(); // selects the span in the editor
  const start = 'A : matrix(m, n)\nb : vector(m)\nx : vector(n)\nnorm2('.length;
  expect(await page.evaluate("(t => [t.selectionStart, t.selectionEnd])(document.getElementById('program'))")).toEqual([start, start + 3]);
  expect((page as Page & { errors: string[] }).errors).toEqual([]);
  await page.close();
});

test('checking a wrong hand derivation gives the diagnosis; a right one is equal', async () => {
  const page = await open(fileUrl(`#p=${encodeURIComponent(LEAST_SQUARES)}&c=`));
  await page.waitForSelector('#derivative .katex', { timeout: 20_000 });
  const claim = "A' * (A*x - b)";
  const p = parseProgram(LEAST_SQUARES);
  const expected = check(p.graph, grad(p.graph, p.result!, p.scope.declaration('x')!.node), parseClaim(p, claim), { truthLabel: 'the gradient' });
  expect(expected.diagnosis?.summary).toBeDefined();
  const n = await counter(page, 'checked');
  await page.locator('#claim').pressSequentially(claim);
  await page.locator('#check').click();
  await until(page, 'the verdict', async () => (await counter(page, 'checked')) > n && (await text(page, '#check-badge')) === 'different');
  const verdict = await text(page, '#check-result');
  expect(verdict).toContain(`diagnosis: ${expected.diagnosis!.summary}`);
  expect(verdict).toContain('counterexample');

  await page.locator('#claim').fill("2 * A' * (A*x - b)");
  await until(page, 'equal', async () => (await text(page, '#check-badge')).startsWith('equal'));
  // A claim that does not parse is located in the claim.
  await page.locator('#claim').fill("2 * A' * (A*x - )");
  await until(page, 'the claim error', async () => (await text(page, '#check-badge')) === 'cannot check');
  expect(await text(page, '#check-result')).toMatch(/^claim:1:\d+: /);
  await page.close();
});

test('a derivation of several lines is checked step by step: the first false line, with its diagnosis', async () => {
  // examples/seed-derivation.matdiff: the seed's program, then a hand derivation, one step per line.
  const file = fs.readFileSync(path.resolve(__dirname, '..', '..', 'examples', 'seed-derivation.matdiff'), 'utf8').split('\n');
  const start = file.findIndex((l) => l.startsWith('grad('));
  const steps = file.slice(start).join('\n').trim();
  const page = await open(fileUrl(`#c=${encodeURIComponent(steps)}`));
  await until(page, 'the steps', async () => (await counter(page, 'checked')) > 0);
  expect(await text(page, '#check-badge')).toBe('every step holds');
  expect(await text(page, '#check-result')).toContain('the gradient is (1/m) Aᵀ(σ(Ax) − b)');

  // A slip in line 6: the sign.
  const lines = steps.split('\n');
  expect(lines[5]).toBe("-1/m * A' * (b - sigmoid(A*x))");
  lines[5] = "1/m * A' * (b - sigmoid(A*x))";
  await page.locator('#claim').fill(lines.join('\n'));
  await until(page, 'the false step', async () => (await text(page, '#check-badge')) === 'line 6 is false');
  const report = (await text(page, '#check-result')).split('\n');
  expect(report[0]).toBe('claim:6:1: line 6 does not follow from line 5: sign flipped: the claim is -1 times line 5');
  expect(report[1]).toBe(lines[5]);
  expect(report[2]).toMatch(/^\^~+$/);
  expect(report).toContain('lines 1–5 hold');
  await page.screenshot({ path: path.join(ARTIFACTS, 'playground-steps.png') });
  await page.close();
});

test('the Examples menu loads a program, its derivative and its claim', async () => {
  const page = await open();
  await page.waitForSelector('#derivative .katex', { timeout: 20_000 });
  const i = EXAMPLES.findIndex((e) => e.title.startsWith('Softmax'));
  const e = EXAMPLES[i];
  await page.locator('#examples').selectOption(String(i));
  const want = derivative(e.state.program, 'grad', e.state.wrt);
  await until(page, "the example's gradient", async () => (await text(page, '#derivative-text')) === want.text);
  expect(await page.locator('#wrt').inputValue()).toBe('W');
  expect(await page.locator('#claim').inputValue()).toBe(e.state.claim);
  await until(page, "the example's check", async () => (await text(page, '#check-badge')).startsWith('equal'));
  expect(page.url()).toContain('w=W');
  await page.close();
});

test('the same build works from a static server', async () => {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2' };
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.join(build.outDir, rel);
    if (!file.startsWith(build.outDir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const page = await open(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForSelector('#derivative .katex', { timeout: 20_000 });
    expect(await text(page, '#derivative-text')).toBe("1/m * A' * (sigmoid(A*x) - b)");
    expect(await text(page, '#status')).toContain('engine: worker');
    // Copy as LaTeX and as text, read back from the clipboard.
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    const seed = derivative(SEED, 'grad');
    for (const [button, want] of [
      ['#copy-latex', seed.latex],
      ['#copy-text', seed.text],
      ['#copy-unicode', seed.unicode],
    ]) {
      await page.locator(button).click();
      await until(page, `${button} to say Copied`, async () => (await text(page, button)) === 'Copied');
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(want);
    }
    await page.close();
  } finally {
    await new Promise((r) => server.close(r));
  }
});

test('without Web Workers the engine runs on the page itself, and still works', async () => {
  const page = await browser.context.newPage();
  await page.addInitScript('delete window.Worker');
  await page.goto(fileUrl());
  await page.waitForSelector('#derivative .katex', { timeout: 20_000 });
  expect(await text(page, '#derivative-text')).toBe("1/m * A' * (sigmoid(A*x) - b)");
  await until(page, 'the first descent', async () => (await counter(page, 'descended')) > 0);
  expect(await text(page, '#status')).toContain('engine: main thread');
  // The wasm encoder no longer needs Node's Buffer, so a page without workers runs the wasm backend on its own thread.
  expect(await text(page, '#descend-summary')).toMatch(/backend (wasm|js)/);
  await page.close();
});

test('the playground opens with the statements of examples/seed.matdiff', () => {
  const statements = (s: string) =>
    s
      .split('\n')
      .map((l) => l.replace(/#.*/, '').trim())
      .filter(Boolean);
  expect(statements(SEED)).toEqual(statements(fs.readFileSync(path.resolve(__dirname, '..', '..', 'examples', 'seed.matdiff'), 'utf8')));
});
