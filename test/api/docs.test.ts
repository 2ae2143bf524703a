/**
 * docs/api.md runs: every ```ts block is executed against the sources (`matdiff` is src/,
 * `matdiff/internals` src/internals), and each `// =>` comment is what the console.log on its
 * line prints. The blocks also type-check, and the docs import nothing from ./src.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { format } from 'util';
import * as api from '../../src';
import * as internals from '../../src/internals';

const ROOT = path.join(__dirname, '../..');
const DOC = fs.readFileSync(path.join(ROOT, 'docs/api.md'), 'utf8');
const BLOCKS = [...DOC.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

const MODULES: Record<string, unknown> = { matdiff: api, 'matdiff/internals': internals };

test('docs/api.md has examples', () => {
  expect(BLOCKS.length).toBeGreaterThanOrEqual(8);
});

describe.each(
  BLOCKS.map((b, i) => [
    `block ${i + 1}: ${b
      .split('\n')
      .find((l) => !l.startsWith('import') && l.trim())!
      .slice(0, 60)}`,
    b,
  ]),
)('%s', (_name, block) => {
  test('prints what its comments say', () => {
    const expected = block
      .split('\n')
      .filter((l) => l.includes('console.log(') && l.includes('// => '))
      .map((l) => l.slice(l.indexOf('// => ') + 6));
    const printed: string[] = [];
    const js = ts.transpileModule(block, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const req = (name: string) => {
      if (!(name in MODULES)) throw new Error(`the docs may import only matdiff and matdiff/internals, not ${name}`);
      return MODULES[name];
    };
    new Function('require', 'exports', 'console', js)(req, {}, { log: (...a: unknown[]) => printed.push(format(...a)) });
    expect(printed).toEqual(expected);
  });
});

test('the blocks type-check against the package types', () => {
  const dir = path.join(ROOT, 'scratch', 'docs-check');
  fs.mkdirSync(dir, { recursive: true });
  const files = BLOCKS.map((b, i) => {
    const f = path.join(dir, `block${i}.ts`);
    fs.writeFileSync(
      f,
      `declare const console: { log(...args: unknown[]): void };\n${b.replace(/from 'matdiff'/g, "from '../../src'").replace(/from 'matdiff\/internals'/g, "from '../../src/internals'")}\nexport {};\n`,
    );
    return f;
  });
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const program = ts.createProgram(files, { ...options, noEmit: true, noUncheckedIndexedAccess: true, types: [] });
  const diagnostics = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && files.includes(path.resolve(d.file.fileName)))
    .map((d) => `${path.basename(d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  expect(diagnostics).toEqual([]);
  fs.rmSync(dir, { recursive: true, force: true });
}, 120000);

test('no document imports from ./src or points outside the repository', () => {
  for (const f of fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md'))) {
    const text = fs.readFileSync(path.join(ROOT, 'docs', f), 'utf8');
    expect([f, text.match(/from '\.\/src[^']*'/g)]).toEqual([f, null]);
    expect([f, text.match(/\.\.\/shared|seed\/|issue notes?\b|closing note|\bissue \d+/gi)]).toEqual([f, null]);
  }
});
