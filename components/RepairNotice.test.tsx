import { describe, expect, it } from 'vitest';
import { repairLine } from './RepairNotice';

describe('the notice of settings that could not be read', () => {
  it('names a dropped term, its pair and its profile', () => {
    expect(repairLine({ field: 'terminologies', pair: 'zh>en', dropped: ' → Nothing', reason: 'invalid' })).toBe(
      '“ → Nothing” in terminology (Chinese → English): not valid, left out.',
    );
    expect(repairLine({ field: 'terminologies', profile: 'Comics', pair: 'auto>en', dropped: '苹果 → Pear', reason: 'listed-twice' })).toBe(
      '“苹果 → Pear” in terminology (Detect automatically → English) of the profile “Comics”: listed twice, left out (the first one is kept).',
    );
  });

  it('says what went back to its default, and what was over the limit', () => {
    expect(repairLine({ field: 'endpoint', dropped: 'http://gateway.example.com', reason: 'unreadable' })).toBe(
      'The saved API endpoint “http://gateway.example.com” could not be read; the default is used.',
    );
    expect(repairLine({ field: 'sensitives', dropped: 'w50', reason: 'too-many' })).toBe(
      '“w50” in sensitive words: over the 50 kept, left out.',
    );
    expect(repairLine({ field: 'profiles', dropped: 'Broken', reason: 'invalid' })).toBe('“Broken” in profiles: not valid, left out.');
  });
});
