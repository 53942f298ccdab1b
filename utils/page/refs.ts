import { MAX_URL_LENGTH } from '../limits';

/**
 * How the worker names this frame's pictures. It keeps every job's address in storage.local, which holds 10 MB
 * in Chrome: a long address is replaced by a short alias that only this frame can turn back into the address.
 */
export function createRefs() {
  const aliases = new Map<string, string>();
  return {
    refOf(url: string): string {
      if (url.length <= MAX_URL_LENGTH) return url;
      for (const [ref, known] of aliases) if (known === url) return ref;
      // Random rather than counted: a job of the page's previous script must not name a picture of this one.
      const ref = `ref:${Math.random()}`;
      aliases.set(ref, url);
      return ref;
    },
    /** The address a ref stands for; an address given as it is stands for itself. */
    resolve: (ref: string): string => aliases.get(ref) ?? ref,
  };
}
