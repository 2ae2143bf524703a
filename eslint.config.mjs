// ESLint for the TypeScript sources: the recommended sets, with two of the project's idioms
// allowed: a statement of calls joined by commas or && (`if (big) (use(h), emit(line))`,
// `gram.v && need(gram.v)`), and require() in scripts and tests that load a module lazily.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'scratch/**', '**/generated/**', 'test-artifacts/**', 'coverage/**', '.ci/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Terminal escapes are matched on purpose (src/core/terminal-text.ts and its tests).
      'no-control-regex': 'off',
    },
  },
  {
    files: ['test/**', 'bench/**', 'scripts/**', 'examples/**'],
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      // Tests match printed layout literally: two spaces read better than {2}.
      'no-regex-spaces': 'off',
    },
  },
  {
    // Timing loops and UI fallbacks start from a value the normal path overwrites.
    files: ['bench/**', 'web/**'],
    rules: { 'no-useless-assignment': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' } },
  },
);
