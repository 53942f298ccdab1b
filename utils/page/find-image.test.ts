import { describe, expect, it } from 'vitest';
import { srcsetCandidates } from './find-image';

describe('srcset candidates', () => {
  it('are each address with its density or width descriptor, none when it has none', () => {
    expect(srcsetCandidates('https://a.example/1.png, https://a.example/2.png 2x,https://a.example/w.png?x=1,2 600w')).toEqual([
      { url: 'https://a.example/1.png', descriptor: '' },
      { url: 'https://a.example/2.png', descriptor: '2x' },
      { url: 'https://a.example/w.png?x=1,2', descriptor: '600w' },
    ]);
  });

  it('keep the commas inside a data: address', () => {
    expect(srcsetCandidates('  data:image/png;base64,AAAA  1.5x ,\n https://a.example/b.png  3x ')).toEqual([
      { url: 'data:image/png;base64,AAAA', descriptor: '1.5x' },
      { url: 'https://a.example/b.png', descriptor: '3x' },
    ]);
  });

  it('end at commas right after an address', () => {
    expect(srcsetCandidates('https://a.example/1.png,, https://a.example/2.png 2x')).toEqual([
      { url: 'https://a.example/1.png', descriptor: '' },
      { url: 'https://a.example/2.png', descriptor: '2x' },
    ]);
  });

  it('are none for no srcset', () => {
    expect(srcsetCandidates(null)).toEqual([]);
    expect(srcsetCandidates('')).toEqual([]);
  });
});
