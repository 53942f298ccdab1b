import { describe, expect, it } from 'vitest';
import { exclusively } from './locks';

describe('exclusively, without Web Locks', () => {
  it('runs the writes of one name one after another, a failed one included, and other names alongside', async () => {
    const log: string[] = [];
    const step =
      (name: string, fail = false) =>
      async () => {
        log.push(`${name} start`);
        await new Promise((r) => setTimeout(r, 5));
        log.push(`${name} end`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      exclusively('a', step('a1', true)),
      exclusively('a', step('a2')),
      exclusively('b', step('b1')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(log.indexOf('a1 end')).toBeLessThan(log.indexOf('a2 start'));
    expect(log.indexOf('b1 start')).toBeLessThan(log.indexOf('a1 end'));
  });
});
