/**
 * Builds the web playground (web/) into a static folder, dist/web/ by default, that works from
 * file:// or any static server with no network:
 *
 *   index.html, style.css     the page
 *   app.js                    the page's script (web/src/main.ts): no matdiff, no KaTeX
 *   engine.js                 matdiff and KaTeX (web/src/worker.ts), wrapped in
 *                             `function matdiffEngine() { ... }` so the page can start a Web
 *                             Worker from the function's text (a Blob URL; file:// allows it)
 *   katex/katex.min.css       KaTeX's CSS, its font list cut to woff2
 *   katex/fonts/*.woff2       KaTeX's fonts (a browser fetches only the ones a formula uses)
 *
 * The library's modules are bundled one by one from web/src/engine.ts. Two Node built-ins are
 * reachable through src/compile: `os` (the evaluator's default thread count) and
 * `worker_threads` (the wasm backend's thread pool). They are replaced, for importers under
 * src/compile only, by the package's own browser shims (src/api/browser/, which package.json's
 * `browser` field maps them to for people who bundle the package). Any other Node built-in fails
 * the build, as esbuild's browser platform does by default.
 *
 *   npm run build:web                 (runs the grammar step first)
 *   npx ts-node --transpile-only scripts/build-web.ts [OUT_DIR]
 */
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const WEB = path.join(ROOT, 'web');
export const DEFAULT_OUT = path.join(ROOT, 'dist', 'web');

/** Node built-ins allowed, as the package's browser shims, and the only directory whose modules may import them. */
const SHIMS = path.join(ROOT, 'src', 'api', 'browser');
const STUBS: Record<string, string> = { os: 'os.ts', worker_threads: 'worker_threads.ts' };
const STUB_IMPORTERS = path.join(ROOT, 'src', 'compile') + path.sep;

export interface BuiltFile {
  readonly name: string;
  readonly bytes: number;
}

export interface WebBuild {
  readonly outDir: string;
  readonly files: readonly BuiltFile[];
  /** `os <- src/compile/evaluator.ts`: each stubbed import and who made it. */
  readonly stubbed: readonly string[];
  readonly ms: number;
}

function stubPlugin(stubbed: Set<string>): esbuild.Plugin {
  return {
    name: 'node-builtin-stubs',
    setup(b) {
      b.onResolve({ filter: /^(node:)?(os|worker_threads)$/ }, (args) => {
        const name = args.path.replace(/^node:/, '');
        if (!args.importer.startsWith(STUB_IMPORTERS)) return undefined; // esbuild's own error
        stubbed.add(`${name} <- ${path.relative(ROOT, args.importer)}`);
        return { path: path.join(SHIMS, STUBS[name]) };
      });
    },
  };
}

const COMMON: esbuild.BuildOptions = {
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  minify: true,
  write: false,
  legalComments: 'none',
  logLevel: 'silent',
  absWorkingDir: ROOT,
};

async function bundle(entry: string, stubbed: Set<string>): Promise<string> {
  const r = await esbuild.build({ ...COMMON, entryPoints: [path.join(WEB, 'src', entry)], plugins: [stubPlugin(stubbed)] });
  return r.outputFiles![0].text;
}

/** KaTeX's CSS with every font's src cut to its woff2 (every browser the bundle targets reads woff2). */
export function woff2Only(css: string): string {
  return css.replace(/src:url\(([^)]+\.woff2)\) format\("woff2"\)(,url\([^)]+\) format\("[a-z]+"\))*/g, 'src:url($1) format("woff2")');
}

export async function buildWeb(outDir = DEFAULT_OUT): Promise<WebBuild> {
  const t0 = Date.now();
  const stubbed = new Set<string>();
  const [engine, app] = await Promise.all([bundle('worker.ts', stubbed), bundle('main.ts', stubbed)]);
  if (/\bmatdiffEngine\b/.test(engine)) throw new Error('build-web: the engine bundle already uses the name matdiffEngine');

  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(outDir, 'katex', 'fonts'), { recursive: true });
  const write = (name: string, data: string | Buffer) => fs.writeFileSync(path.join(outDir, name), data);
  write('engine.js', `function matdiffEngine(){${engine}}\n`);
  write('app.js', app);
  write('index.html', fs.readFileSync(path.join(WEB, 'index.html')));
  write('style.css', fs.readFileSync(path.join(WEB, 'style.css')));
  const katexDist = path.join(path.dirname(require.resolve('katex/package.json')), 'dist');
  const css = woff2Only(fs.readFileSync(path.join(katexDist, 'katex.min.css'), 'utf8'));
  if (/\.(woff|ttf)\)/.test(css)) throw new Error('build-web: KaTeX CSS still names woff or ttf fonts; woff2Only needs updating');
  write(path.join('katex', 'katex.min.css'), css);
  for (const f of fs.readdirSync(path.join(katexDist, 'fonts')))
    if (f.endsWith('.woff2')) fs.copyFileSync(path.join(katexDist, 'fonts', f), path.join(outDir, 'katex', 'fonts', f));

  const files: BuiltFile[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else files.push({ name: path.relative(outDir, p).split(path.sep).join('/'), bytes: fs.statSync(p).size });
    }
  };
  walk(outDir);
  files.sort((a, b) => a.name.localeCompare(b.name));
  return { outDir, files, stubbed: [...stubbed].sort(), ms: Date.now() - t0 };
}

if (require.main === module) {
  buildWeb(process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_OUT).then(
    (b) => {
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
      const sum = (pred: (f: BuiltFile) => boolean) => b.files.filter(pred).reduce((s, f) => s + f.bytes, 0);
      const page = sum((f) => !f.name.startsWith('katex/fonts/'));
      const fonts = sum((f) => f.name.startsWith('katex/fonts/'));
      console.log(`built ${path.relative(process.cwd(), b.outDir) || '.'} in ${b.ms} ms`);
      for (const f of b.files.filter((f) => !f.name.startsWith('katex/fonts/'))) console.log(`  ${f.name.padEnd(22)} ${kb(f.bytes).padStart(10)}`);
      console.log(
        `  katex/fonts/ (${b.files.length - b.files.filter((f) => !f.name.startsWith('katex/fonts/')).length} woff2) ${kb(fonts).padStart(10)}, fetched only as formulas need them`,
      );
      console.log(`  page without fonts ${kb(page)}; everything ${kb(page + fonts)}`);
      console.log(`  Node built-ins stubbed: ${b.stubbed.length ? b.stubbed.join(', ') : 'none'}`);
      console.log(`open ${path.join(b.outDir, 'index.html')} (file:// works) or serve the folder`);
    },
    (e: Error) => {
      console.error(`build-web: ${e.message}`);
      process.exit(1);
    },
  );
}
