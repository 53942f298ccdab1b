import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.output/',
      '.output-e2e/',
      '.output-bench-fixed/',
      '.wxt/',
      'test-results/',
      'playwright-report/',
      'demo-output/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Names starting with _ are placeholders a signature requires.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Type-aware: a promise nobody handles loses its error, and one passed where a function's result is ignored too.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // The worker and its engine: every promise they start ends in a handler that tells the user, so `void` is
    // not enough there.
    files: ['entrypoints/background/**', 'utils/engine/**'],
    ignores: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }] },
  },
  {
    // The provider contract knows HTTP and the reference, nothing of the browser nor of words for users: it runs in
    // node against the fake, and what it reports is data that is worded where it is shown.
    files: ['utils/dashscope/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // `paths`, not a pattern, for #i18n: a pattern is gitignore syntax, where # starts a comment.
          paths: [{ name: '#i18n', message: 'utils/dashscope/ makes no words: report a Failure instead.' }],
          patterns: [
            { group: ['@wxt-dev/i18n', '@wxt-dev/i18n/*'], message: 'utils/dashscope/ makes no words: report a Failure instead.' },
            { group: ['wxt', 'wxt/*', '@wxt-dev/browser', 'webextension-polyfill'], message: 'utils/dashscope/ uses no browser API.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'browser', message: 'utils/dashscope/ uses no browser API.' },
        { name: 'chrome', message: 'utils/dashscope/ uses no browser API.' },
      ],
    },
  },
  {
    // Tests probe arbitrary JSON replies of the fake service; the product code never uses `any`.
    files: ['**/*.test.ts', 'tests/fake-dashscope/test-support.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Playwright fixtures that depend on no other fixture are declared with an empty pattern.
    files: ['tests/e2e/fixtures.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
);
