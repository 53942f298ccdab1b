/** What the terminology tests share. */
import type { Term } from '@/utils/terminology';

export const many = (count: number, prefix = 't'): Term[] =>
  Array.from({ length: count }, (_, i) => ({ src: `${prefix}${i}`, tgt: `T${i}` }));
