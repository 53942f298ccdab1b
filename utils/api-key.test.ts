import { describe, expect, it } from 'vitest';
import { apiKeyForEndpoint, readStoredApiKey } from './api-key';

const BEIJING = 'https://dashscope.aliyuncs.com';
const SINGAPORE = 'https://dashscope-intl.aliyuncs.com';

describe('the API key', () => {
  it('goes only to the endpoint it was saved for', () => {
    const stored = readStoredApiKey({ apiKey: 'sk-1', endpoint: SINGAPORE }, BEIJING);
    expect(stored).toEqual({ apiKey: 'sk-1', endpoint: SINGAPORE });
    expect(apiKeyForEndpoint(stored, SINGAPORE)).toBe('sk-1');
    expect(apiKeyForEndpoint(stored, BEIJING)).toBe('');
    expect(apiKeyForEndpoint(stored, `${SINGAPORE}/`)).toBe('');
    expect(apiKeyForEndpoint(stored, 'http://127.0.0.1:8787')).toBe('');
  });

  it('saved before keys were bound, is bound to the endpoint the settings hold', () => {
    const stored = readStoredApiKey('sk-old', SINGAPORE);
    expect(stored).toEqual({ apiKey: 'sk-old', endpoint: SINGAPORE });
    expect(apiKeyForEndpoint(stored, SINGAPORE)).toBe('sk-old');
    expect(apiKeyForEndpoint(stored, BEIJING)).toBe('');
  });

  it('saved before keys were bound, goes nowhere when the settings’ endpoint was unreadable', () => {
    const stored = readStoredApiKey('sk-old', null);
    expect(stored).toEqual({ apiKey: 'sk-old', endpoint: null });
    expect(apiKeyForEndpoint(stored, BEIJING)).toBe('');
  });

  it('is none when nothing is stored, and unreadable when what is stored is no key', () => {
    expect(readStoredApiKey(undefined, BEIJING)).toBe('none');
    expect(apiKeyForEndpoint('none', BEIJING)).toBe('');
    for (const bad of ['', 42, { apiKey: 'sk-1' }, { apiKey: '', endpoint: BEIJING }, { apiKey: 'sk-1', endpoint: 7 }]) {
      expect(readStoredApiKey(bad, BEIJING), JSON.stringify(bad)).toBe('unreadable');
    }
    expect(apiKeyForEndpoint('unreadable', BEIJING)).toBe('');
  });
});
