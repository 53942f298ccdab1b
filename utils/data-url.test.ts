import { describe, expect, it } from 'vitest';
import { blobToDataUrl, contentAddress, dataUrlToBlob } from './data-url';

describe('data: URLs', () => {
  it('round-trip bytes and type', async () => {
    const bytes = new Uint8Array(70_000).map((_, i) => i % 251);
    const url = await blobToDataUrl(new Blob([bytes], { type: 'image/png' }));
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    const back = dataUrlToBlob(url);
    expect(back.type).toBe('image/png');
    expect(new Uint8Array(await back.arrayBuffer())).toEqual(bytes);
  });

  it('read URL-encoded ones too, such as inline SVG', async () => {
    const blob = dataUrlToBlob('data:image/svg+xml,%3Csvg%3E%3C/svg%3E');
    expect(await blob.text()).toBe('<svg></svg>');
  });

  it('name the same bytes the same way', async () => {
    const a = await contentAddress(new Blob(['abc']));
    expect(a).toBe(await contentAddress(new Blob(['abc'])));
    expect(a).not.toBe(await contentAddress(new Blob(['abd'])));
  });
});
