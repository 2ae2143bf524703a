/**
 * End-to-end CLI time: `matdiff print` and `matdiff grad` on the seed program, each as a fresh
 * process of the built binary (dist/cjs/cli/main.js, from `npm run build`), median of RUNS runs.
 * Baselines: `node -e 0` (Node's own start-up) and `matdiff --version` (the CLI's argument
 * parsing with no command module loaded). Target for `grad`: under 300 ms wall.
 *
 * Wall time on a busy machine includes waiting for a CPU, so the children's CPU time (user +
 * system, from /proc/self/stat after each child is reaped, 10 ms resolution) is printed too.
 *
 * Run: npm run build && npx ts-node --transpile-only bench/cli.ts [runs]
 */
import { spawnSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { cpus, loadavg } from 'os';
import { join } from 'path';

const RUNS = Number(process.argv[2] ?? 10);
const root = join(__dirname, '..');
const bin = join(root, 'dist', 'cjs', 'cli', 'main.js');

const SEED = `A : matrix(m, n)
x : vector(n)
b : vector(m)
J = -1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))
J`;

/** CPU time (ms) of reaped children so far, from /proc/self/stat (cutime + cstime); NaN off Linux. */
function childrenCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command name: field 3 is fields[0], so cutime (16) and cstime (17) are fields[13], fields[14].
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

interface Case {
  readonly label: string;
  readonly args: readonly string[];
  readonly expect?: string;
}

const CASES: Case[] = [
  { label: 'node -e 0 (baseline)', args: ['-e', '0'] },
  { label: 'matdiff --version', args: [bin, '--version'] },
  {
    label: 'matdiff print (seed, unicode)',
    args: [bin, 'print', '-e', SEED, '--format', 'unicode'],
    expect: '−(1/m)(bᵀ log(σ(Ax)) + (1 − b)ᵀ log(1 − σ(Ax)))',
  },
  { label: 'matdiff grad --wrt x (seed, unicode)', args: [bin, 'grad', '-e', SEED, '--wrt', 'x', '--format', 'unicode'], expect: '(1/m) Aᵀ(σ(Ax) − b)' },
];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function measure(c: Case): { wall: number; cpu: number; min: number } {
  const walls: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const c0 = childrenCpuMs();
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, c.args, { encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const used = childrenCpuMs() - c0;
    if (r.status !== 0) throw new Error(`${c.label} exited ${r.status}: ${r.stderr}`);
    if (c.expect !== undefined && r.stdout.trim() !== c.expect) throw new Error(`${c.label} printed ${r.stdout}`);
    if (i === 0) continue; // the first run warms the file cache
    walls.push(ms);
    cpu.push(used);
  }
  return { wall: median(walls), cpu: median(cpu), min: Math.min(...walls) };
}

function main(): void {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run build first`);
  console.log(
    `matdiff CLI as a process: median of ${RUNS} runs (after one warm-up), node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(2)}`,
  );
  console.log(`${'command'.padEnd(40)} ${'wall median'.padStart(12)} ${'wall min'.padStart(9)} ${'CPU median'.padStart(11)}`);
  for (const c of CASES) {
    const m = measure(c);
    console.log(
      `${c.label.padEnd(40)} ${(m.wall.toFixed(0) + ' ms').padStart(12)} ${(m.min.toFixed(0) + ' ms').padStart(9)} ${(m.cpu.toFixed(0) + ' ms').padStart(11)}`,
    );
  }
  console.log('target: matdiff grad on the seed under 300 ms wall');
}

main();
