/**
 * How far a line of text is rotated, from its pixels: the angle at which the
 * ink, projected across the line, piles up most sharply (a projection-profile
 * search). Robust to the bits of neighbouring lines that an axis-aligned box
 * of a slanted line takes in: they are parallel, so they sharpen the same angle.
 * Pure.
 */
import type { DecodedImage } from './types.js';

export interface SkewOptions {
  /** The search range, ± degrees. */
  maxDegrees: number;
  /** The coarse step, degrees (refined once at a quarter of it). */
  stepDegrees: number;
}

export const DEFAULT_SKEW_OPTIONS: SkewOptions = { maxDegrees: 8, stepDegrees: 0.5 };

/** Radians, + = the line descends to the right; 0 when there is too little ink to tell. */
export function estimateSkew(
  image: DecodedImage,
  rect: { x0: number; y0: number; x1: number; y1: number },
  options: SkewOptions = DEFAULT_SKEW_OPTIONS,
): number {
  const ink = inkPixels(image, rect);
  if (ink.length < 2 * 16) return 0;
  const cx = (rect.x0 + rect.x1) / 2;
  const cy = (rect.y0 + rect.y1) / 2;
  const diagonal = Math.hypot(rect.x1 - rect.x0, rect.y1 - rect.y0);
  const bins = new Float64Array(Math.ceil(diagonal) + 3);
  const sharpness = (degrees: number): number => {
    const theta = (degrees * Math.PI) / 180;
    const sin = Math.sin(theta);
    const cos = Math.cos(theta);
    bins.fill(0);
    const offset = bins.length / 2;
    for (let i = 0; i < ink.length; i += 2) {
      const p = -(ink[i]! - cx) * sin + (ink[i + 1]! - cy) * cos + offset;
      bins[Math.min(bins.length - 1, Math.max(0, Math.round(p)))]! += 1;
    }
    let sum = 0;
    for (let b = 0; b < bins.length; b++) sum += bins[b]! * bins[b]!;
    return sum;
  };
  let best = 0;
  let bestScore = sharpness(0);
  const { maxDegrees, stepDegrees } = options;
  for (let d = -maxDegrees; d <= maxDegrees + 1e-9; d += stepDegrees) {
    const score = sharpness(d);
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  const fine = stepDegrees / 4;
  const centre = best;
  for (let d = centre - 3 * fine; d <= centre + 3 * fine + 1e-9; d += fine) {
    const score = sharpness(d);
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return (best * Math.PI) / 180;
}

/**
 * Coordinates (x, y pairs) of the ink in `rect`: the pixels on the minority
 * side of Otsu's threshold of grey, so dark-on-light and light-on-dark both work.
 */
export function inkPixels(
  image: DecodedImage,
  rect: { x0: number; y0: number; x1: number; y1: number },
): Int32Array {
  const x0 = Math.max(0, Math.floor(rect.x0));
  const y0 = Math.max(0, Math.floor(rect.y0));
  const x1 = Math.min(image.width, Math.ceil(rect.x1));
  const y1 = Math.min(image.height, Math.ceil(rect.y1));
  const w = Math.max(0, x1 - x0);
  const h = Math.max(0, y1 - y0);
  const grey = new Uint8Array(w * h);
  const histogram = new Uint32Array(256);
  const { data, width } = image;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = ((y0 + y) * width + x0 + x) * 3;
      const g = (data[i]! * 77 + data[i + 1]! * 150 + data[i + 2]! * 29) >> 8;
      grey[y * w + x] = g;
      histogram[g]!++;
    }
  }
  const threshold = otsu(histogram, w * h);
  let dark = 0;
  for (let g = 0; g <= threshold; g++) dark += histogram[g]!;
  const inkIsDark = dark <= (w * h) / 2;
  const count = inkIsDark ? dark : w * h - dark;
  const out = new Int32Array(count * 2);
  let o = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const isDark = grey[y * w + x]! <= threshold;
      if (isDark === inkIsDark) {
        out[o++] = x0 + x;
        out[o++] = y0 + y;
      }
    }
  }
  return out;
}

/** Otsu's threshold: the grey level that best separates two classes. */
export function otsu(histogram: Uint32Array, total: number): number {
  let sumAll = 0;
  for (let g = 0; g < 256; g++) sumAll += g * histogram[g]!;
  let weightBelow = 0;
  let sumBelow = 0;
  let best = 127;
  let bestVariance = -1;
  for (let g = 0; g < 256; g++) {
    weightBelow += histogram[g]!;
    if (weightBelow === 0) continue;
    const weightAbove = total - weightBelow;
    if (weightAbove === 0) break;
    sumBelow += g * histogram[g]!;
    const meanBelow = sumBelow / weightBelow;
    const meanAbove = (sumAll - sumBelow) / weightAbove;
    const variance = weightBelow * weightAbove * (meanBelow - meanAbove) ** 2;
    if (variance > bestVariance) [best, bestVariance] = [g, variance];
  }
  return best;
}
