/**
 * Unit tests read the interface in English, as the browser would give it: `browser.i18n.getMessage` answers
 * from locales/en.yml, compiled the way the build compiles it, with Chrome's `$1` and `$$` rules.
 */
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fileURLToPath } from 'node:url';

const english = generateChromeMessages(await parseMessagesFile(fileURLToPath(new URL('../../locales/en.yml', import.meta.url))));

Object.assign(fakeBrowser.i18n, {
  getMessage(name: string, substitutions?: string | string[]): string {
    const values = typeof substitutions === 'string' ? [substitutions] : (substitutions ?? []);
    const message = english[name]?.message ?? '';
    return message.replace(/\$(\$|[1-9])/g, (_, which: string) => (which === '$' ? '$' : (values[Number(which) - 1] ?? '')));
  },
  getUILanguage: () => 'en',
});
