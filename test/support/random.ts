/** Random instances live in src/eval/random.ts (the `check` command needs them too). */
export * from '../../src/eval/random';
