import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.output/', '.output-e2e/', '.output-bench-fixed/', '.wxt/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Names starting with _ are placeholders a signature requires.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests probe arbitrary JSON replies of the fake service; the product code never uses `any`.
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Playwright fixtures that depend on no other fixture are declared with an empty pattern.
    files: ['tests/e2e/fixtures.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
);
