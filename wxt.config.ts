import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

/** The end-to-end build stands in host access to the test pages (loopback, and *.example mapped to it) for
 *  the `activeTab` grant that a real right-click gives and a dispatched one does not. Production builds
 *  never carry it. */
const e2e = process.env.E2E === '1';
/** The benchmark's baseline: the same extension polling every N ms, built beside the real one. */
const fixedPoll = process.env.WXT_FIXED_POLL_MS;
const testHosts = ['http://localhost/*', 'http://127.0.0.1/*', 'http://*.example/*'];

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  outDir: fixedPoll ? '.output-bench-fixed' : e2e ? '.output-e2e' : '.output',
  vite: () => ({ plugins: [preact()] }),
  manifest: {
    name: 'Qwen Image Translator',
    description: 'Translate the text inside pictures on any web page, in place, with Alibaba Cloud qwen-mt-image.',
    permissions: ['contextMenus', 'storage', 'activeTab', 'scripting', 'alarms'],
    host_permissions: [
      'https://dashscope.aliyuncs.com/*',
      'https://dashscope-intl.aliyuncs.com/*',
      // Result images come from OSS hosts under aliyuncs.com, sometimes over plain http.
      '*://*.aliyuncs.com/*',
      ...(e2e ? testHosts : []),
    ],
    // Asked for at the moment a user saves a custom endpoint, never at install.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
  },
});
