import { describe, expect, it } from 'vitest';
import { distanceFrom, lookAheadChoice } from './look-ahead';

const viewport = { width: 1000, height: 800 };
/** A picture 600 px tall, `top` px from the viewport's top (negative: above it), 100 px from the left. */
const at = (name: string, top: number, left = 100) => ({ item: name, box: { top, bottom: top + 600, left, right: left + 600 } });

describe('the look-ahead choice', () => {
  it('measures a box’s distance from the viewport, 0 when any of it shows', () => {
    expect(distanceFrom(at('a', 700).box, viewport)).toBe(0);
    expect(distanceFrom(at('a', 1200).box, viewport)).toBe(400);
    expect(distanceFrom(at('a', -1000).box, viewport)).toBe(400);
    expect(distanceFrom({ top: 900, bottom: 1000, left: 1300, right: 1400 }, viewport)).toBe(Math.hypot(300, 100));
  });

  it('takes what shows and what lies within one screen, nearest first, and leaves what lies farther', () => {
    const page = [at('far below', 1700), at('below', 900), at('on screen', 100), at('just above', -900), at('far above', -1500)];
    expect(lookAheadChoice(page, viewport)).toEqual(['on screen', 'below', 'just above']);
  });

  it('orders pictures as near as each other from the top, in the page’s order at the same height', () => {
    expect(lookAheadChoice([at('lower', 300), at('right', 200, 600), at('left', 200)], viewport)).toEqual(['right', 'left', 'lower']);
  });

  it('reaches as far as it is told, in screens', () => {
    const page = [at('2', 2000), at('1', 1000), at('0', 0)];
    expect(lookAheadChoice(page, viewport, 2)).toEqual(['0', '1', '2']);
    expect(lookAheadChoice(page, viewport, 0)).toEqual(['0']);
    expect(lookAheadChoice([], viewport)).toEqual([]);
  });
});
