/**
 * The playground's load size and time to first gradient, in headless Chromium (Debian's
 * chromium through playwright-core, a fresh profile per load, so nothing is cached):
 *
 *   npx ts-node --transpile-only scripts/measure-web.ts [LOADS]     (default 5 loads)
 *
 * Builds dist/web, opens index.html from file:// LOADS times, and reports the bytes the page
 * fetched (JS, CSS, fonts, HTML; from the files' sizes on disk) and the time from navigation
 * start to the seed's gradient rendered by KaTeX (the page's own performance mark), median and
 * range. gzip sizes are given for a server that compresses.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { buildWeb } from './build-web';
import { launch } from './web-chromium';

async function main(): Promise<void> {
  const loads = Math.max(1, Number(process.argv[2] ?? 5) | 0);
  const build = await buildWeb();
  const times: number[] = [];
  let files: string[] = [];
  for (let i = 0; i < loads; i++) {
    const browser = await launch();
    try {
      const page = await browser.context.newPage();
      const requested: string[] = [];
      page.on('request', (r) => requested.push(r.url()));
      await page.goto(`file://${path.join(build.outDir, 'index.html')}`);
      await page.waitForSelector('#derivative .katex', { timeout: 30_000 });
      await page.evaluate('document.fonts.ready');
      times.push(Number(await page.evaluate('document.body.dataset.firstGradientMs')));
      files = [...new Set(requested.filter((u) => u.startsWith('file://')).map((u) => decodeURIComponent(new URL(u).pathname)))].sort();
    } finally {
      await browser.close();
    }
  }
  const size = (f: string) => fs.statSync(f).size;
  const gz = (f: string) => zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length;
  const group = (ext: string) => files.filter((f) => f.endsWith(ext));
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const line = (label: string, fs_: string[]) => {
    const raw = fs_.reduce((s, f) => s + size(f), 0);
    const zipped = fs_.reduce((s, f) => s + gz(f), 0);
    console.log(
      `  ${label.padEnd(8)} ${String(raw).padStart(8)} B  ${kb(raw).padStart(10)}   gzip ${kb(zipped).padStart(9)}   ${fs_.map((f) => path.relative(build.outDir, f)).join(', ')}`,
    );
    return raw;
  };
  console.log(`fetched by the page on load (file://, ${files.length} files):`);
  const total = ['.js', '.css', '.woff2', '.html'].map((e) => line(e.slice(1), group(e))).reduce((a, b) => a + b, 0);
  console.log(`  total    ${String(total).padStart(8)} B  ${kb(total).padStart(10)}`);
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `time to first gradient (navigation start to the KaTeX gradient, ${loads} cold loads): median ${sorted[sorted.length >> 1].toFixed(0)} ms, range ${sorted[0].toFixed(0)}–${sorted[sorted.length - 1].toFixed(0)} ms`,
  );
  console.log(`Node built-ins stubbed in the bundle: ${build.stubbed.join(', ') || 'none'}`);
}

main().catch((e: Error) => {
  console.error(`measure-web: ${e.message}`);
  process.exit(1);
});
