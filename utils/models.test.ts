import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, hasKnownLanguageTable, INTL_MODEL, modelAfterEndpointChange, modelForEndpoint } from './models';
import { modelSchema } from './model-schema';

const BEIJING = 'https://dashscope.aliyuncs.com';
const SINGAPORE = 'https://dashscope-intl.aliyuncs.com';
const GATEWAY = 'https://gateway.example.com/dashscope';

describe('models by region', () => {
  it('gives each region’s endpoint its model, and a gateway qwen-mt-image', () => {
    expect(modelForEndpoint(BEIJING)).toBe('qwen-mt-image');
    expect(modelForEndpoint(`${SINGAPORE}/`)).toBe('qwen-mt-image-2.0');
    expect(modelForEndpoint(GATEWAY)).toBe(DEFAULT_MODEL);
  });

  it('chooses the preset’s model with the preset, and keeps a typed model on a custom endpoint', () => {
    expect(modelAfterEndpointChange(DEFAULT_MODEL, BEIJING, SINGAPORE)).toBe(INTL_MODEL);
    expect(modelAfterEndpointChange('my-model', GATEWAY, BEIJING)).toBe(DEFAULT_MODEL);
    // Leaving Singapore for a gateway goes back to qwen-mt-image; a name the user typed stays.
    expect(modelAfterEndpointChange(INTL_MODEL, SINGAPORE, GATEWAY)).toBe(DEFAULT_MODEL);
    expect(modelAfterEndpointChange('my-model', GATEWAY, `${GATEWAY}/v2`)).toBe('my-model');
    expect(modelAfterEndpointChange(INTL_MODEL, GATEWAY, `${GATEWAY}/v2`)).toBe(INTL_MODEL);
  });

  it('knows the language table of qwen-mt-image alone', () => {
    expect(hasKnownLanguageTable(DEFAULT_MODEL)).toBe(true);
    expect(hasKnownLanguageTable(INTL_MODEL)).toBe(false);
  });

  it('takes any model name the service could, and nothing that could break a URL', () => {
    expect(modelSchema.parse(' qwen-mt-image-2.0 ')).toBe('qwen-mt-image-2.0');
    expect(modelSchema.safeParse('').success).toBe(false);
    expect(modelSchema.safeParse('a&b=c').success).toBe(false);
  });
});
