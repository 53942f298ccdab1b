import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import preact from '@preact/preset-vite';

export default defineConfig({
  plugins: [WxtVitest(), preact()],
  test: {
    include: [
      'utils/**/*.test.ts',
      'components/**/*.test.tsx',
      'tests/fake-dashscope/**/*.test.ts',
      'entrypoints/**/*.test.ts',
      'tests/unit/**/*.test.ts',
    ],
    environment: 'node',
    setupFiles: ['tests/unit/i18n-setup.ts'],
  },
});
