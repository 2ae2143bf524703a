#!/usr/bin/env node
/**
 * The `matdiff` command line. `main(argv, io)` runs one command and resolves to its exit code:
 * 0 success, 1 `check` found the claim different, 2 bad input (a located message on stderr),
 * 3 an internal error. Every command that prints an expression has one default format: unicode
 * when standard output is a terminal, text (which parses back) when it is piped or redirected. Each command's module is loaded only when that command runs, so that
 * `matdiff print` does not pay for the compiler (and nothing here loads mathjs).
 */
import { Command, CommanderError, Option } from 'commander';
import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';
import type { Format } from '../print';
import type { Derivative } from './commands/derive';
import { EXIT_BAD_INPUT, report } from './failure';
import { Io, processIo } from './io';
import { collect, singleName } from './program';
import { terminalSafe } from '../core/terminal-text';
import { MatdiffError } from '../core/errors';

const FORMATS: readonly Format[] = ['text', 'unicode', 'latex', 'json'];
const TARGETS = ['js', 'ts', 'sql', 'python'] as const;

/** The package's version, from the nearest package.json named matdiff (src/ in tests, dist/src/ when built). */
function version(): string {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    const p = join(dir, 'package.json');
    if (existsSync(p)) {
      const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'matdiff') return pkg.version ?? 'unknown';
    }
  }
  return 'unknown';
}

const formatOption = () => new Option('-f, --format <format>', 'output format (default: unicode on a terminal, text when piped)').choices(FORMATS as string[]);

/** The format asked for, else the one default: unicode on a terminal, text (re-parseable) otherwise. */
export const formatFor = (given: Format | undefined, io: Io): Format => given ?? (io.isTTY ? 'unicode' : 'text');

/** PROGRAM, -e and --of, shared by every command that reads a program. */
function withProgram(cmd: Command): Command {
  return cmd
    .argument('[program]', 'program file (.matdiff), or - to read standard input')
    .option('-e, --expr <source>', 'the program inline, e.g. -e "x : vector(n); norm2(x)^2"')
    .option('--of <name>', "work on this definition instead of the program's last expression");
}

const DERIVATIVE_HELP: Record<Derivative, string> = {
  grad: "the gradient of the program's (scalar) expression",
  hessian: "the Hessian of the program's (scalar) expression; wrt a matrix X, the matrix ∂vec(∇f)/∂vec(X) (vec stacks columns)",
  jacobian: "the Jacobian of the program's expression: ∂vec(f)/∂vec(x), vec stacking columns (Kronecker form for matrices; df/dt wrt a scalar)",
};

function build(io: Io, exit: (code: number) => void): Command {
  const program = new Command('matdiff')
    .description('Matrix calculus: gradients in textbook form, checked and compiled.\nWith no command, starts the REPL.')
    .version(version(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run npx matdiff --help for usage)')
    .addHelpText(
      'after',
      '\nPrograms: a .matdiff file, - for standard input, or -e "x : vector(n); x\' * x".\n' +
        'Output: unicode on a terminal, text when piped (--format to choose).\n' +
        'Exit status: 0 success, 1 check found a difference, 2 bad input, 3 internal error.\n' +
        'More: docs/cli.md and docs/repl.md.',
    );
  const run = async (f: () => Promise<number>) => exit(await f());

  withProgram(program.command('print'))
    .description("print the program's expression")
    .addOption(formatOption())
    .action((file: string | undefined, o) =>
      run(async () => (await import('./commands/print')).runPrint({ program: file, expr: o.expr, of: o.of, format: formatFor(o.format, io) }, io)),
    );

  for (const kind of ['grad', 'hessian', 'jacobian'] as const)
    withProgram(program.command(kind))
      .description(DERIVATIVE_HELP[kind])
      .requiredOption('-w, --wrt <variable>', 'the variable to differentiate with respect to (one; give --wrt once)', collect)
      .addOption(formatOption())
      .option('--no-simplify', 'print the derivative as differentiation leaves it')
      .option('-t, --trace', 'list the simplification rules that fired, in order')
      .action((file: string | undefined, o) =>
        run(async () =>
          (await import('./commands/derive')).runDerive(
            kind,
            {
              program: file,
              expr: o.expr,
              of: o.of,
              wrt: singleName(o.wrt, '--wrt', `${kind} differentiates`)!,
              format: formatFor(o.format, io),
              simplify: o.simplify,
              trace: o.trace,
            },
            io,
          ),
        ),
      );

  withProgram(program.command('eval'))
    .description('evaluate the expression (and gradients) on data with the compiled evaluator; prints JSON')
    .option(
      '-d, --data <file>',
      'JSON file mapping variable names to numbers, arrays (vectors) and arrays of rows (matrices); or a .parquet/.csv table of data rows, read in batches (with --params)',
    )
    .option('--params <file>', 'with a .parquet/.csv --data: JSON file of the variables that are not data (x, λ)')
    .option('-w, --wrt <variables>', 'also the gradients wrt these variables (comma-separated; --wrt may also be repeated)', collect)
    .addOption(new Option('-g, --grad <variables>', 'the same as --wrt (its older name)').argParser(collect).hideHelp())
    .action((file: string | undefined, o) =>
      run(async () =>
        (await import('./commands/eval')).runEval(
          { program: file, expr: o.expr, of: o.of, data: o.data, params: o.params, wrt: [...(o.wrt ?? []), ...(o.grad ?? [])] },
          io,
        ),
      ),
    );

  withProgram(program.command('compile'))
    .description('write a standalone JavaScript or TypeScript module computing the value and gradients')
    .option('-w, --wrt <variables>', 'gradients wrt these variables (comma-separated; --wrt may also be repeated)', collect)
    .addOption(
      new Option('--target <target>', 'language of the module: the evaluator (js, ts), one SQL aggregate query (sql), an array-API Python module (python)')
        .choices(TARGETS)
        .default('js'),
    )
    .addOption(new Option('--dialect <dialect>', 'SQL dialect (--target sql)').choices(['duckdb', 'postgres']).default('duckdb'))
    .option('--table <name>', 'the table of data rows (--target sql)', 'data')
    .option('--dims <sizes>', 'sizes of the dimensions other than the rows, e.g. n=20,k=3 (--target sql)')
    .option('-o, --output <file>', 'write to this file (atomically) instead of standard output')
    .addOption(
      new Option('--emit <kind>', "what to write: the module, or the evaluator's IR as text (docs/ir.md; --target applies to modules)")
        .choices(['module', 'ir'])
        .default('module'),
    )
    .action((file: string | undefined, o) =>
      run(async () =>
        (await import('./commands/compile')).runCompile(
          {
            program: file,
            expr: o.expr,
            of: o.of,
            wrt: o.wrt,
            target: o.target,
            dialect: o.dialect,
            table: o.table,
            dims: o.dims,
            output: o.output,
            emit: o.emit,
          },
          io,
        ),
      ),
    );

  withProgram(program.command('check'))
    .description('check a hand derivation: a claimed result (--expect) or every step of one (--steps); exit 0 equal, 1 different, 2 bad input')
    .option('-w, --wrt <variable>', "compare with the gradient wrt this variable (one; default: with the program's expression)", collect)
    .option('-x, --expect <claim>', 'the claimed expression, e.g. --expect "1/m * A\' * (sigmoid(A*x) - b)"')
    .option('-s, --steps', 'the program is followed by a derivation, one expression per line: check each line against the one before')
    .addOption(formatOption())
    .action((file: string | undefined, o) =>
      run(async () => {
        const wrt = singleName(o.wrt, '--wrt', 'check --wrt compares the claim with the gradient');
        if (o.steps) {
          const format = formatFor(o.format, io);
          const stepsFormat = format === 'text' ? 'text' : 'unicode';
          return (await import('./commands/steps')).runSteps({ program: file, expr: o.expr, of: o.of, wrt, format: stepsFormat }, io);
        }
        if (o.expect === undefined)
          throw new MatdiffError(
            'usage',
            'check needs a claim: --expect "CLAIM", or --steps for a derivation after the program',
            undefined,
            'e.g. npx matdiff check examples/seed.matdiff --wrt x --expect "1/m * A\' * (sigmoid(A*x) - b)"',
          );
        return (await import('./commands/check')).runCheck(
          { program: file, expr: o.expr, of: o.of, wrt, expect: o.expect, format: formatFor(o.format, io) },
          io,
        );
      }),
    );

  withProgram(program.command('explain'))
    .description('derive the gradient step by step in differential form, every line verified')
    .requiredOption('-w, --wrt <variable>', 'the variable (one)', collect)
    .addOption(
      new Option('-f, --format <format>', 'output format (default: unicode on a terminal, text when piped)').choices(['text', 'unicode', 'latex', 'markdown']),
    )
    .addOption(new Option('--detail <detail>', 'brief: one line per algebra stage; full: every simplifier step').choices(['brief', 'full']).default('brief'))
    .action((file: string | undefined, o) =>
      run(async () =>
        (await import('./commands/explain')).runExplain(
          {
            program: file,
            expr: o.expr,
            of: o.of,
            wrt: singleName(o.wrt, '--wrt', 'explain differentiates')!,
            format: o.format ?? formatFor(undefined, io),
            detail: o.detail,
          },
          io,
        ),
      ),
    );

  for (const kind of ['hvp', 'directional'] as const)
    withProgram(program.command(kind))
      .description(
        kind === 'hvp' ? 'the Hessian-vector product D(∇f)(x)[V] in matrix form (no Hessian formed)' : 'the directional derivative df(x)[V] in matrix form',
      )
      .requiredOption('-w, --wrt <variable>', 'the variable (one)', collect)
      .requiredOption('--dir <name>', "the direction: a declared variable of the variable's shape, or a new name for one")
      .addOption(formatOption())
      .action((file: string | undefined, o) =>
        run(async () =>
          (await import('./commands/hvp')).runAlong(
            kind,
            { program: file, expr: o.expr, of: o.of, wrt: singleName(o.wrt, '--wrt', `${kind} differentiates`)!, dir: o.dir, format: formatFor(o.format, io) },
            io,
          ),
        ),
      );

  program
    .command('repl')
    .description('the interactive session (also: matdiff with no command)')
    .addOption(new Option('-f, --format <format>', 'how expressions are shown').choices(['unicode', 'text', 'latex']).default('unicode'))
    .option('--history <file>', 'history file (default: $MATDIFF_HISTORY, else ~/.matdiff_history)')
    .option('--no-history', 'keep no history')
    .action((o) => run(async () => (await import('./commands/repl')).runRepl({ format: o.format, history: o.history }, io)));

  program
    .command('demo')
    .description('the seed example end to end: gradient, trace, check, compiled evaluation, gradient descent')
    .action(() => run(async () => (await import('./commands/demo')).runDemo(io)));

  // A mistake in a command's options points at that command's help.
  for (const c of program.commands) c.showHelpAfterError(`(npx matdiff ${c.name()} --help lists its options)`);
  return program;
}

/** Run the CLI on `argv` (without the node and script paths); resolves to the exit code. */
export async function main(argv: readonly string[], io: Partial<Io> = {}): Promise<number> {
  const given: Io = { ...processIo(), ...io };
  // Everything on stderr is for people and may quote their input: escaped and capped here, once.
  const full: Io = { ...given, stderr: (t) => given.stderr(terminalSafe(t)) };
  let code = 0;
  const cli = build(full, (c) => (code = c));
  try {
    await cli.parseAsync(argv.length === 0 ? ['repl'] : [...argv], { from: 'user' });
    return code;
  } catch (e) {
    // Commander has already printed its message (unknown command or option, missing argument).
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    const r = report(e);
    full.stderr(r.text + '\n');
    return r.code;
  }
}

if (require.main === module) {
  // `matdiff compile ... | head`: a reader that stops early is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
