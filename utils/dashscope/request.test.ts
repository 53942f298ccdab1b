import { describe, expect, it } from 'vitest';
import { submitRequestSchema } from './schemas';
import { buildExt, buildSubmitRequest } from './request';

describe('the submission body', () => {
  it('names the request’s model, which the schema takes whatever it is', () => {
    const body = buildSubmitRequest({
      model: 'qwen-mt-image-2.0',
      imageUrl: 'https://shop.example/a.png',
      sourceLang: 'auto',
      targetLang: 'en',
    });
    expect(body.model).toBe('qwen-mt-image-2.0');
    expect(submitRequestSchema.safeParse(body).success).toBe(true);
  });

  it('carries the model, the image and the pair, and subject detection explicitly when nothing else is set', () => {
    const body = buildSubmitRequest({
      model: 'qwen-mt-image',
      imageUrl: 'https://shop.example/a.png',
      sourceLang: 'auto',
      targetLang: 'en',
      ext: buildExt({ domainHint: ' ', sensitives: [], skipImgSegment: false, terminologies: [] }),
    });
    expect(body).toEqual({
      model: 'qwen-mt-image',
      input: {
        image_url: 'https://shop.example/a.png',
        source_lang: 'auto',
        target_lang: 'en',
        ext: { config: { imageSegment: true, skipImgSegment: false } },
      },
    });
    expect(submitRequestSchema.safeParse(body).success).toBe(true);
  });

  it('sends every ext field as the reference names it', () => {
    const ext = buildExt({
      domainHint: 'B2C ecommerce listings.',
      sensitives: ['10% off entire store'],
      skipImgSegment: true,
      terminologies: [],
    });
    expect(ext).toEqual({ domainHint: 'B2C ecommerce listings.', sensitives: ['10% off entire store'], config: { skipImgSegment: true } });
  });

  it('sends the terms of the pair as [{src, tgt}], and nothing else of them', () => {
    const terms = [
      { src: '苹果', tgt: 'Apple' },
      { src: '机器学习', tgt: 'ML', note: 'not sent' },
    ];
    const ext = buildExt({ domainHint: '', sensitives: [], skipImgSegment: false, terminologies: terms });
    expect(ext).toEqual({
      terminologies: [
        { src: '苹果', tgt: 'Apple' },
        { src: '机器学习', tgt: 'ML' },
      ],
    });
    expect(ext?.terminologies?.[0]).not.toBe(terms[0]);
    const body = buildSubmitRequest({
      model: 'qwen-mt-image',
      imageUrl: 'https://shop.example/a.png',
      sourceLang: 'zh',
      targetLang: 'en',
      ext,
    });
    expect(submitRequestSchema.safeParse(body).success).toBe(true);
    expect(body.input.ext).toEqual({
      terminologies: [
        { src: '苹果', tgt: 'Apple' },
        { src: '机器学习', tgt: 'ML' },
      ],
      config: { imageSegment: true, skipImgSegment: false },
    });
  });

  it('turns subject detection off under both names when text on products is translated', () => {
    const ext = buildExt({ domainHint: '', sensitives: [], skipImgSegment: true, terminologies: [] });
    const body = buildSubmitRequest({
      model: 'qwen-mt-image',
      imageUrl: 'https://shop.example/a.png',
      sourceLang: 'zh',
      targetLang: 'en',
      ext,
    });
    expect(body.input.ext).toEqual({ config: { imageSegment: false, skipImgSegment: true } });
  });

  it('leaves terminologies out when the pair has no terms', () => {
    expect(buildExt({ domainHint: 'Menus.', sensitives: [], skipImgSegment: false, terminologies: [] })).toEqual({ domainHint: 'Menus.' });
  });

  it('URL-encodes non-ASCII characters in the image address', () => {
    const body = buildSubmitRequest({
      model: 'qwen-mt-image',
      imageUrl: 'https://shop.example/图片/菜单.png',
      sourceLang: 'zh',
      targetLang: 'en',
    });
    expect(body.input.image_url).toBe('https://shop.example/%E5%9B%BE%E7%89%87/%E8%8F%9C%E5%8D%95.png');
  });
});
