import { decodePng } from '../fake-dashscope/png';

/** The share of a screenshot's pixels within `tolerance` of a colour. */
export function shareOfColour(png: Buffer, [r, g, b]: readonly [number, number, number], tolerance = 40): number {
  const { width, height, rgba } = decodePng(png);
  let matching = 0;
  for (let i = 0; i < width * height; i++) {
    const d = Math.abs(rgba[i * 4]! - r) + Math.abs(rgba[i * 4 + 1]! - g) + Math.abs(rgba[i * 4 + 2]! - b);
    if (d <= tolerance) matching++;
  }
  return matching / (width * height);
}
