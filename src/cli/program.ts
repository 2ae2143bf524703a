/** Shared steps of the commands: parse the program, find its expression, resolve --wrt names. */
import { MatdiffError } from '../core/errors';
import { GREEK_NAMES } from '../core/greek';
import { Node } from '../core/graph';
import { Program, parseProgram } from '../parse';
import { nearest } from '../parse/suggest';
import { Source, within } from './failure';

export const loadProgram = (src: Source): Program => within(src, () => parseProgram(src.text, { file: src.file }));

/** A name as the program reads it: a Greek letter is its spelled name (`λ` is `lambda`), as the lexer reads it. */
export const programName = (name: string): string => GREEK_NAMES.get(name) ?? name;

/**
 * The expression a command works on: the definition named by --of, else the program's last
 * expression (or, if it has none, its last definition).
 */
export function resultOf(p: Program, of?: string): Node {
  if (of !== undefined) {
    const name = programName(of.trim());
    const def = p.scope.definition(name);
    if (def) return def.node;
    const defs = [...p.scope.definitions.keys()];
    const list = defs.length ? `the program defines ${defs.join(', ')}` : 'the program has no definitions (a definition is NAME = EXPR)';
    const b = p.scope.lookup(name);
    if (b?.kind === 'declaration')
      throw new MatdiffError(
        'usage',
        `--of ${of}: ${of} is a declared variable, not a definition`,
        undefined,
        `--of names a definition (NAME = EXPR); ${list}`,
      );
    if (b?.kind === 'dimension')
      throw new MatdiffError('usage', `--of ${of}: ${of} is a dimension symbol, not a definition`, undefined, `--of names a definition (NAME = EXPR); ${list}`);
    const guess = plausibleGuess(name, defs);
    throw new MatdiffError('usage', `--of ${of}: the program has no definition ${of}`, undefined, (guess ? `did you mean ${guess}? ` : '') + list);
  }
  if (p.result) return p.result;
  throw new MatdiffError('usage', 'the program has no expression', undefined, "end it with an expression or a definition, e.g. x' * x");
}

/** The nearest name, unless it would replace the whole word (any one letter is 1 edit from any other). */
export function plausibleGuess(word: string, candidates: readonly string[]): string | undefined {
  const guess = nearest(word, candidates);
  return guess && (word.length > 1 || guess.toLowerCase() === word.toLowerCase()) ? guess : undefined;
}

/** The program with the expression --of names (or its own) as its result, for the steps that read `result`. */
export function withResult(p: Program, of?: string): Program {
  return of === undefined ? p : { ...p, result: resultOf(p, of) };
}

/** The declared variable `name` (from an option such as --wrt), with a suggestion when it is not one. */
export function variableNamed(p: Program, given: string, option: string): Node {
  const name = programName(given);
  const decl = p.scope.declaration(name);
  if (decl) return decl.node;
  const declared = [...p.scope.declarations.keys()];
  const list = declared.length ? `declared variables: ${declared.join(', ')}` : 'the program declares no variables';
  const b = p.scope.lookup(name);
  if (b?.kind === 'dimension')
    throw new MatdiffError(
      'usage',
      `${option} ${name}: ${name} is a dimension symbol, not a variable`,
      undefined,
      `differentiate with respect to a variable; ${list}`,
    );
  if (b?.kind === 'definition')
    throw new MatdiffError(
      'usage',
      `${option} ${name}: ${name} is a definition, not a declared variable`,
      undefined,
      `differentiate with respect to a variable it uses; ${list}`,
    );
  const guess = plausibleGuess(name, declared);
  throw new MatdiffError('usage', `${option} ${name}: no variable ${name} is declared`, undefined, (guess ? `did you mean ${guess}? ` : '') + list);
}

/** `x,y` or repeated options to a list of names. */
export const nameList = (v: string | readonly string[] | undefined): string[] =>
  v === undefined
    ? []
    : (typeof v === 'string' ? [v] : [...v])
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter((s) => s.length > 0);

/** Collects every use of a repeated option (commander keeps only the last otherwise). */
export const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/**
 * The one variable an option names (`grad --wrt x`); `what` says what is done with it
 * ("grad differentiates"). Given twice (`--wrt x --wrt b`) or as a
 * list (`--wrt x,b`), it is an error rather than silently the last one.
 */
export function singleName(v: string | readonly string[] | undefined, option: string, what: string): string | undefined {
  const names = nameList(v);
  const given = v === undefined ? [] : typeof v === 'string' ? [v] : [...v];
  if (given.length <= 1 && names.length <= 1) return given.length ? given[0].trim() : undefined;
  const how = given.length > 1 ? `${option} is given ${given.length} times (${given.join(', ')})` : `${option} ${given[0]} names ${names.length} variables`;
  throw new MatdiffError(
    'usage',
    `${how}, but ${what} with respect to one variable`,
    undefined,
    `give one, e.g. ${option} ${names[0]}, and run the command once per variable; for gradients with respect to several variables at once use npx matdiff eval --wrt ${names.join(',')} or npx matdiff compile --wrt ${names.join(',')}`,
  );
}
