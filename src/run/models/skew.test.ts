import { describe, expect, it } from 'vitest';
import { lineGrid } from './recognize-preprocess.js';
import { estimateSkew, otsu } from './skew.js';
import type { DecodedImage } from './types.js';

/** A white image with a dark bar 300 long and 8 thick, rotated by `degrees` about its centre. */
function bar(degrees: number): DecodedImage {
  const width = 360;
  const height = 120;
  const data = new Uint8Array(width * height * 3).fill(255);
  const theta = (degrees * Math.PI) / 180;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x - width / 2;
      const dy = y - height / 2;
      const along = dx * Math.cos(theta) + dy * Math.sin(theta);
      const across = -dx * Math.sin(theta) + dy * Math.cos(theta);
      if (Math.abs(along) < 150 && Math.abs(across) < 4)
        data.fill(0, (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  }
  return { width, height, channels: 3, data };
}

describe('estimateSkew', () => {
  it.each([-4, 0, 3])('finds a %d° rotation within half a degree', (degrees) => {
    const found = (estimateSkew(bar(degrees), { x0: 0, y0: 0, x1: 360, y1: 120 }) * 180) / Math.PI;
    expect(Math.abs(found - degrees)).toBeLessThan(0.5);
  });

  it('says 0 when there is no ink', () => {
    const blank: DecodedImage = {
      width: 50,
      height: 20,
      channels: 3,
      data: new Uint8Array(3000).fill(255),
    };
    expect(estimateSkew(blank, { x0: 0, y0: 0, x1: 50, y1: 20 })).toBe(0);
  });
});

describe('otsu', () => {
  it('splits two populations between them', () => {
    const histogram = new Uint32Array(256);
    histogram[20] = 100;
    histogram[220] = 300;
    const t = otsu(histogram, 400);
    expect(t).toBeGreaterThanOrEqual(20);
    expect(t).toBeLessThan(220);
  });
});

describe('lineGrid', () => {
  it('is a plain crop scaled to height 48 when the line is level', () => {
    const grid = lineGrid({ x0: 10, y0: 20, x1: 110, y1: 44 }, 0, 1000);
    expect(grid).toMatchObject({ width: 200, height: 48, originX: 10, originY: 20 });
  });

  it('straightens a slanted line to its own length and thickness', () => {
    // A 300 × 8 line at 4°: its bounding box is 300·cos + 8·sin by 300·sin + 8·cos.
    const theta = (4 * Math.PI) / 180;
    const w = 300 * Math.cos(theta) + 8 * Math.sin(theta);
    const h = 300 * Math.sin(theta) + 8 * Math.cos(theta);
    const grid = lineGrid({ x0: 0, y0: 0, x1: w, y1: h }, theta, 5000);
    expect(Math.abs(grid.width - (48 * 300) / 8)).toBeLessThanOrEqual(1);
    expect(Math.hypot(grid.vStep.x, grid.vStep.y) * 48).toBeCloseTo(8, 5);
  });
});
