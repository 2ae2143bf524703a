/**
 * The package as a user gets it: build into a scratch copy of the package (the repository's own
 * dist/ is left alone: other tests run its binary meanwhile), `npm pack` it, install the tarball
 * into a fresh project under the OS temp dir, and run a CommonJS, an ES module and a TypeScript
 * consumer (tsc with the settings of `tsc --init`: nodenext, noUncheckedIndexedAccess,
 * verbatimModuleSyntax, exactOptionalPropertyTypes, and skipLibCheck off, without @types/node).
 * The main entry is bundled for the browser by esbuild, and must reach no Node built-in.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as esbuild from 'esbuild';
import { build } from '../../scripts/build';
import { launch } from '../../scripts/web-chromium';

const ROOT = path.join(__dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'matdiff-pack-'));
const stage = path.join(work, 'stage');
const app = path.join(work, 'app');

const SRC = 'A : matrix(m, n); x : vector(n); b : vector(m)\\nnorm2(A*x - b)^2';

interface Packed {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly entryCount: number;
  readonly files: readonly { readonly path: string }[];
}
let packed: Packed;
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

const run = (cmd: string, args: string[], cwd: string) => {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 120000, env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r;
};

beforeAll(() => {
  fs.mkdirSync(stage);
  for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']) fs.copyFileSync(path.join(ROOT, f), path.join(stage, f));
  fs.cpSync(path.join(ROOT, 'docs'), path.join(stage, 'docs'), { recursive: true });
  build(path.join(stage, 'dist'));
  const out = run(NPM, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], stage);
  packed = (JSON.parse(out.stdout) as Packed[])[0]!;
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
  const install = run(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(work, packed.filename)], app);
  (globalThis as { installLog?: string }).installLog = install.stdout + install.stderr;
}, 180000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('the tarball', () => {
  test('holds dist, docs, README, LICENSE, CHANGELOG and package.json, nothing else', () => {
    const top = new Set(packed.files.map((f) => f.path.split('/')[0]));
    expect([...top].sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'dist', 'docs', 'package.json']);
    expect(packed.files.some((f) => /\.test\.|(^|\/)test\/|\.py$|t13\.ts/.test(f.path))).toBe(false);
    expect(packed.files.filter((f) => f.path.startsWith('dist/')).every((f) => /^dist\/(cjs|esm)\//.test(f.path))).toBe(true);
    console.log(`npm pack: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(1)} kB packed, ${(packed.unpackedSize / 1024).toFixed(1)} kB unpacked`);
  });

  test('installs without warnings and brings only its runtime dependencies, no nearley tools in .bin', () => {
    const log = (globalThis as { installLog?: string }).installLog ?? '';
    expect(log).not.toMatch(/warn/i);
    const modules = fs.readdirSync(path.join(app, 'node_modules')).filter((d) => !d.startsWith('.'));
    expect(modules.sort()).toEqual(['matdiff', ...Object.keys(pkg.dependencies)].sort());
    expect(fs.readdirSync(path.join(app, 'node_modules/.bin'))).toEqual(['matdiff']);
  });

  test('the binary runs', () => {
    const r = run(path.join(app, 'node_modules/.bin/matdiff'), ['grad', '-e', "x : vector(n); x' * x", '--wrt', 'x', '--format', 'text'], app);
    expect(r.stdout.trim()).toBe('2 * x');
  });
});

describe('consumers', () => {
  test('CommonJS: require, with the internals and the REPL subpaths', () => {
    fs.writeFileSync(
      path.join(app, 'cjs.cjs'),
      `const md = require('matdiff');
const { topoOrder, OPS } = require('matdiff/internals');
const { Session } = require('matdiff/repl');
const { main } = require('matdiff/cli');
const g = md.grad("${SRC}", 'x');
const f = md.compile("${SRC}", { wrt: 'x' });
const r = f.run({ A: [[1, 2], [3, 4]], x: [1, 1], b: [0, 1] });
console.log(JSON.stringify([String(g), md.toUnicode(g), r.gradients.x.toArray(), topoOrder([g]).length > 0, OPS.length > 0, typeof Session, typeof main]));
`,
    );
    const out = JSON.parse(execFileSync(process.execPath, ['cjs.cjs'], { cwd: app, encoding: 'utf8' }));
    expect(out).toEqual(["2 * A' * (A*x - b)", '2Aᵀ(Ax − b)', [42, 60], true, true, 'function', 'function']);
  });

  test('ES module: import, one module instance shared by the main entry and internals', () => {
    fs.writeFileSync(
      path.join(app, 'esm.mjs'),
      `import { MatdiffError, grad, parse, toTex, check, evaluate } from 'matdiff';
import { Graph, MatdiffError as InternalError } from 'matdiff/internals';
import { Session } from 'matdiff/repl';
import { main } from 'matdiff/cli';
const p = parse("${SRC}");
let err;
try { grad(p, 'y'); } catch (e) { err = e; }
console.log(JSON.stringify([toTex(grad(p, 'x')), check(p, "A' * (A*x - b)", { wrt: 'x' }).diagnosis.summary, evaluate(p, { A: [[1, 0], [0, 1]], x: [1, 2], b: [0, 0] }).toNumber(),
  err instanceof MatdiffError, MatdiffError === InternalError, p.graph instanceof Graph, typeof Session, typeof main]));
`,
    );
    const out = JSON.parse(execFileSync(process.execPath, ['esm.mjs'], { cwd: app, encoding: 'utf8' }));
    expect(out).toEqual([
      '2 A^{\\top} \\left(A x - b\\right)',
      expect.stringMatching(/factor of 1\/2/),
      expect.closeTo(5, 12),
      true,
      true,
      true,
      'function',
      'function',
    ]);
  });

  test('TypeScript: strict settings, no skipLibCheck, no @types/node; the README example type-checks', () => {
    const tsconfig = {
      compilerOptions: {
        module: 'nodenext',
        target: 'es2022',
        lib: ['es2022'],
        types: [],
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        verbatimModuleSyntax: true,
        isolatedModules: true,
        skipLibCheck: false,
        noEmit: true,
      },
      files: ['consumer.ts', 'consumer.cts'],
    };
    fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify(tsconfig));
    const example = fs.readFileSync(path.join(ROOT, 'examples/library.ts'), 'utf8').replace(/from '\.\.\/src'/g, "from 'matdiff'");
    fs.writeFileSync(
      path.join(app, 'consumer.ts'),
      `declare const console: { log(...args: unknown[]): void };
${example}
import { type Program, type Matrix, grad as g2, compile as c2, parse as p2, print as pr2 } from 'matdiff';
import { topoOrder } from 'matdiff/internals';
const q: Program = p2("${SRC}");
const run = c2(q, { wrt: ['x', 'A'] }).run({ A: [[1, 2]], x: [1, 1], b: [0] });
const gA: Matrix = run.gradients.A;
const rows: number[] | number[][] = gA.toArray();
export const out = [rows, pr2(g2(q, 'x'), 'latex'), topoOrder([g2(q, 'x')]).length];
`,
    );
    fs.writeFileSync(path.join(app, 'consumer.cts'), `import md = require('matdiff');\nconst t: string = md.toText(md.grad("${SRC}", 'x'));\nexport = t;\n`);
    const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
    const r = spawnSync(process.execPath, [tsc, '-p', app], { cwd: app, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test('TypeScript: the Node-only subpaths type-check the same way, given @types/node', () => {
    const tsconfig = JSON.parse(fs.readFileSync(path.join(app, 'tsconfig.json'), 'utf8'));
    tsconfig.compilerOptions.types = ['node'];
    tsconfig.compilerOptions.typeRoots = [path.join(ROOT, 'node_modules/@types')];
    tsconfig.files = ['node-consumer.ts'];
    fs.writeFileSync(path.join(app, 'tsconfig.node.json'), JSON.stringify(tsconfig));
    fs.writeFileSync(
      path.join(app, 'node-consumer.ts'),
      "import { Session, startRepl } from 'matdiff/repl';\nimport { main } from 'matdiff/cli';\nexport const used = [new Session(), typeof startRepl, main(['--version'])];\n",
    );
    const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
    const r = spawnSync(process.execPath, [tsc, '-p', path.join(app, 'tsconfig.node.json')], { cwd: app, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test('the browser: the main entry bundles for the browser with no Node built-in in reach', async () => {
    fs.writeFileSync(path.join(app, 'browser.mjs'), "export * from 'matdiff';\n");
    const result = await esbuild.build({
      absWorkingDir: app,
      entryPoints: ['browser.mjs'],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      minify: true,
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile!.inputs);
    expect(inputs.filter((i) => /^(node:|fs$|path$|os$|worker_threads$|readline|vm$)/.test(i) || i.includes('(disabled)'))).toEqual([]);
    const bytes = result.outputFiles![0]!.contents.length;
    console.log(`browser bundle of the whole main entry: ${(bytes / 1024).toFixed(1)} kB minified`);
    expect(bytes).toBeLessThan(600 * 1024);
    fs.writeFileSync(path.join(work, 'bundle.mjs'), result.outputFiles![0]!.contents);
  });

  test('the browser: the bundle runs in headless Chromium (parse, grad, print, compile)', async () => {
    const code = fs.readFileSync(path.join(work, 'bundle.mjs'), 'utf8');
    const browser = await launch();
    try {
      const page = await browser.context.newPage();
      await page.setContent('<!doctype html><title>matdiff</title>');
      // A string, not a function: ts-jest would compile a function's import() to require().
      await page.evaluate(`window.__bundle = ${JSON.stringify(code)}; window.__src = ${JSON.stringify(SRC.replace('\\n', '\n'))};`);
      const out = await page.evaluate(`(async () => {
        const m = await import(URL.createObjectURL(new Blob([window.__bundle], { type: 'text/javascript' })));
        const src = window.__src;
        let printError = '';
        try { m.print(m.grad(src, 'x')); } catch (e) { printError = e.name + ': ' + e.message; }
        const f = m.compile(src, { wrt: 'x' });
        return [m.toTex(m.grad(src, 'x')), f.run({ A: [[1, 2], [3, 4]], x: [1, 1], b: [0, 1] }).gradients.x.toArray(), printError];
      })()`);
      expect(out).toEqual(['2 A^{\\top} \\left(A x - b\\right)', [42, 60], 'MatdiffError: print: which format? one of text, unicode, latex, json']);
    } finally {
      await browser.close();
    }
  });
});
