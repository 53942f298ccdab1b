import { describe, expect, it } from 'vitest';
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { i18n } from '#i18n';

const dir = fileURLToPath(new URL('../../locales/', import.meta.url));
const load = async (file: string) => generateChromeMessages(await parseMessagesFile(dir + file));
/** What a message needs filled in: its `{named}` and `$n` substitutions, and its number of plural forms. */
const shape = (message: string) => ({
  named: [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort(),
  numbered: [...message.matchAll(/\$([1-9])/g)].map((m) => m[1]).sort(),
  forms: message.split(' | ').length,
});

describe('interface languages', () => {
  const others = readdirSync(dir).filter((file) => file !== 'en.yml');

  it('include Simplified Chinese', () => {
    expect(others).toContain('zh_CN.yml');
  });

  it.each(others)('%s has every English message, no others, each needing the same values', async (file) => {
    const english = await load('en.yml');
    const other = await load(file);
    expect(Object.keys(other).sort()).toEqual(Object.keys(english).sort());
    for (const [key, { message }] of Object.entries(english)) {
      expect({ key, ...shape(other[key]!.message) }).toEqual({ key, ...shape(message) });
      expect(other[key]!.message.trim(), key).not.toBe('');
    }
  });

  it('reach the code through the browser, in English in these tests', () => {
    expect(i18n.t('extName')).toBe('Qwen Image Translator');
  });
});
