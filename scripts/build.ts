/**
 * `npm run build`: the package's dist/ (after `npm run grammar`).
 *
 *   dist/cjs/   tsc: CommonJS and the declaration files, one .js/.d.ts per source file
 *   dist/esm/   esbuild: ES modules for the entries index, internals and repl, bundled from the
 *               same sources with code splitting, so the three share one copy of each module
 *               (one Graph class, one MatdiffError) and bundlers can tree-shake them;
 *               cli.mjs re-exports the CommonJS CLI (a command, it needs no tree-shaking)
 *   dist/esm/*.d.mts  the types of each ESM entry: the declarations of its CommonJS twin
 *
 * Why esbuild for ESM rather than a second tsc pass: tsc emits import specifiers as written
 * (`./core/args`), which Node's ESM loader refuses without an extension, so a tsc ESM build
 * would need `.js` added to every relative import in src/; esbuild resolves them while bundling,
 * it is already a devDependency, and it takes a second. tsc stays the one type checker and the
 * one declaration emitter.
 */
import { execFileSync } from 'child_process';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

/** ESM entries, by output name, and the CommonJS file each one twins. */
export const ESM_ENTRIES: Record<string, { src: string; cjs: string }> = {
  index: { src: 'src/index.ts', cjs: 'index' },
  internals: { src: 'src/internals.ts', cjs: 'internals' },
  repl: { src: 'src/repl/index.ts', cjs: 'repl/index' },
};

/** Build into `dist` (default the repository's dist/; the package test builds into a scratch copy). */
export function build(dist = DIST): void {
  // dist/ also holds other builds (dist/web, the playground): replace only this one's parts
  for (const d of ['cjs', 'esm', 'src']) fs.rmSync(path.join(dist, d), { recursive: true, force: true });
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  execFileSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', path.join(dist, 'cjs')], { stdio: 'inherit', cwd: ROOT });
  fs.chmodSync(path.join(dist, 'cjs/cli/main.js'), 0o755);

  esbuild.buildSync({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(Object.entries(ESM_ENTRIES).map(([name, e]) => [name, e.src])),
    outdir: path.join(dist, 'esm'),
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    packages: 'external',
    logLevel: 'warning',
  });

  const header = '// The types of this ES module are those of its CommonJS twin (the same source).\n';
  for (const [name, e] of Object.entries(ESM_ENTRIES))
    fs.writeFileSync(path.join(dist, 'esm', `${name}.d.mts`), `${header}export * from '../cjs/${e.cjs}.js';\n`);
  fs.writeFileSync(
    path.join(dist, 'esm', 'cli.mjs'),
    "// The CLI as an ES module: its CommonJS build, re-exported (a command needs no tree-shaking).\nimport cli from '../cjs/cli/main.js';\nexport const main = cli.main;\n",
  );
  fs.writeFileSync(path.join(dist, 'esm', 'cli.d.mts'), `${header}export { main } from '../cjs/cli/main.js';\n`);
}

if (require.main === module) {
  const at = process.argv.indexOf('--out');
  build(at > 0 ? path.resolve(process.argv[at + 1]!) : DIST);
}
