// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** What the pure engine may not touch: the clock, randomness, I/O, the host. */
const impureGlobals = [
  'process', 'Buffer', 'require', 'module', '__dirname', '__filename', 'global', 'globalThis',
  'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'queueMicrotask',
  'fetch', 'performance', 'crypto', 'console', 'WebSocket', 'XMLHttpRequest', 'Intl',
].map((name) => ({ name, message: 'engine/ is pure: time, I/O and the host come in as inputs.' }));

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'console/test-artifacts/**', 'engine/src/nlu/pinyin-table.ts', 'prisma/src/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['engine/src/**/*.ts'],
    ignores: ['engine/src/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(?!\\.{1,2}/)', message: 'engine/ is pure: it imports nothing but its own files (no Node built-ins, no packages).' }],
      }],
      'no-restricted-globals': ['error', ...impureGlobals],
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'engine/ is pure: randomness comes in as an input.' },
        { object: 'Date', property: 'now', message: 'engine/ is pure: time comes in as an event timestamp.' },
      ],
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date']", message: 'engine/ is pure: time comes in as an event timestamp.' },
        { selector: 'ImportExpression', message: 'engine/ is pure: no dynamic imports.' },
      ],
    },
  },
  {
    // The console runs in the browser (its end-to-end tests in Node).
    files: ['console/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
