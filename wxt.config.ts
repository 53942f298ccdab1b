import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

/** The end-to-end build stands in host access to the test pages (loopback, and *.example mapped to it) for
 *  the `activeTab` grant that a real right-click gives and a dispatched one does not. Production builds
 *  never carry it. */
const e2e = process.env.E2E === '1';
/** The benchmark's baseline: the same extension polling every N ms, built beside the real one. */
const fixedPoll = process.env.WXT_FIXED_POLL_MS;
const testHosts = ['http://localhost/*', 'http://127.0.0.1/*', 'http://*.example/*'];
/** What the opt-in button on images asks for when turned on: granted up front in the e2e build, where no
 *  one can answer the browser's prompt. */
const hoverButtonHosts = ['https://*/*', 'http://*/*'];

/**
 * Firefox only. The id keeps storage and granted permissions across updates (MV3 requires one). Every new
 * add-on on AMO must declare what it transmits, and the image (its address, or its bytes) goes to the
 * translation service: Firefox 140 is the first to show that declaration at install. What the code uses
 * came earlier: `optional_host_permissions` 128, host permissions granted at install 127, storage.session
 * 115, MV3 109, scripting 102.
 */
const gecko = {
  id: '{055515aa-d2c6-434d-b196-083923d4b10b}',
  strict_min_version: '140.0',
  data_collection_permissions: { required: ['websiteContent'] },
};

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  outDir: fixedPoll ? '.output-bench-fixed' : e2e ? '.output-e2e' : '.output',
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    // Shown in the browser's language: locales/<lang>.yml, English where a language has no file.
    default_locale: 'en',
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    permissions: ['contextMenus', 'storage', 'activeTab', 'scripting', 'alarms'],
    host_permissions: [
      'https://dashscope.aliyuncs.com/*',
      'https://dashscope-intl.aliyuncs.com/*',
      // Result images come from OSS hosts under aliyuncs.com, sometimes over plain http.
      '*://*.aliyuncs.com/*',
      ...(e2e ? [...testHosts, ...hoverButtonHosts] : []),
    ],
    commands: {
      'toggle-view': {
        suggested_key: { default: 'Alt+Shift+T' },
        description: '__MSG_commandToggleView__',
      },
    },
    // Asked for at the moment a user saves a custom endpoint, turns on the button on images, or adds a site to
    // translate automatically (that site alone, utils/auto-sites.ts), never at install.
    optional_host_permissions: hoverButtonHosts,
    ...(browser === 'firefox' ? { browser_specific_settings: { gecko } } : {}),
  }),
  zip: {
    // The sources Firefox review asks for: what `npm ci && npm run build:firefox` needs, and the README.
    includeSources: [
      'entrypoints/**',
      'components/**',
      'utils/**',
      'public/**',
      'locales/**',
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'wxt.config.ts',
      'README.md',
    ],
    excludeSources: [
      'tests/**',
      'test-results/**',
      'playwright-report/**',
      'bench-results/**',
      'demo-output/**',
      '.output*/**',
      '**/*.log',
    ],
  },
});
