import { describe, expect, it } from 'vitest';
import { distanceFrom, lookAheadChoice, MAX_LOOK_AHEAD_SCREENS, reachScreens, scrollSpeed } from './look-ahead';

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

  it('reads the reader’s speed from the last seconds of scrolling, slowing to nothing once they stop', () => {
    const steady = [0, 200, 400, 600, 800, 1000].map((ms) => ({ at: 10_000 + ms, y: ms * 0.3 }));
    expect(scrollSpeed(steady, 11_000)).toBeCloseTo(300);
    // Three seconds later nothing moved: the old positions no longer count.
    expect(scrollSpeed(steady, 14_100)).toBe(0);
    expect(scrollSpeed([], 0)).toBe(0);
    expect(scrollSpeed([{ at: 0, y: 500 }], 10)).toBe(0);
    // One jump is spread over at least a second, not read as a flight.
    expect(
      scrollSpeed(
        [
          { at: 0, y: 0 },
          { at: 50, y: 800 },
        ],
        50,
      ),
    ).toBe(800);
  });

  it('reaches one screen for a still reader, as far as a steady one reads in the lead time, and never beyond three', () => {
    expect(reachScreens(0, 800)).toBe(1);
    expect(reachScreens(50, 800)).toBe(1);
    // One 1200 px comic page every 4 s: 300 px/s, 2700 px in 9 s, more than three 800 px screens.
    expect(reachScreens(300, 800)).toBe(MAX_LOOK_AHEAD_SCREENS);
    expect(reachScreens(150, 900)).toBe(1.5);
    expect(reachScreens(100_000, 800)).toBe(3);
    expect(reachScreens(300, 0)).toBe(1);
  });
});
