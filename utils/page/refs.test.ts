import { describe, expect, it } from 'vitest';
import { MAX_URL_LENGTH } from '../limits';
import { createRefs } from './refs';

describe('refs to pictures', () => {
  const long = (n: number) => `data:image/png;base64,${String(n).repeat(MAX_URL_LENGTH)}`;

  it('are the address itself when it is short', () => {
    const refs = createRefs();
    expect(refs.refOf('https://shop.example/a.png')).toBe('https://shop.example/a.png');
    expect(refs.resolve('https://shop.example/a.png')).toBe('https://shop.example/a.png');
  });

  it('are a short alias of a long address, the same each time, that resolves back to it', () => {
    const refs = createRefs();
    const ref = refs.refOf(long(1));
    expect(ref.length).toBeLessThan(40);
    expect(refs.refOf(long(1))).toBe(ref);
    expect(refs.refOf(long(2))).not.toBe(ref);
    expect(refs.resolve(ref)).toBe(long(1));
  });

  it('of another script instance name nothing here', () => {
    const ref = createRefs().refOf(long(1));
    const refs = createRefs();
    expect(refs.refOf(long(2))).not.toBe(ref);
    expect(refs.resolve(ref)).toBe(ref);
  });
});
