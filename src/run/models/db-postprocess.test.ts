import { describe, expect, it } from 'vitest';
import { dbBoxes, DEFAULT_DB_OPTIONS } from './db-postprocess.js';

/** A width × height map with rectangles of probability `p`. */
function map(
  width: number,
  height: number,
  rects: { x: number; y: number; w: number; h: number; p?: number }[],
): Float32Array {
  const out = new Float32Array(width * height);
  for (const r of rects) {
    for (let y = r.y; y < r.y + r.h; y++) {
      for (let x = r.x; x < r.x + r.w; x++) out[y * width + x] = r.p ?? 0.9;
    }
  }
  return out;
}

describe('dbBoxes', () => {
  it('finds one box per component, grown by the unclip distance', () => {
    const boxes = dbBoxes(map(64, 32, [{ x: 10, y: 10, w: 40, h: 6 }]), 64, 32);
    expect(boxes).toHaveLength(1);
    const [box] = boxes;
    // length 40, thickness 6: distance = 40·6·1.5 / (2·46) ≈ 3.9
    expect(box!.x0).toBeCloseTo(10 - 3.91, 1);
    expect(box!.x1).toBeCloseTo(50 + 3.91, 1);
    expect(box!.y0).toBeCloseTo(10 - 3.91, 1);
    expect(box!.y1).toBeCloseTo(16 + 3.91, 1);
    expect(box!.score).toBeCloseTo(0.9, 5);
    expect(box!.angle).toBeCloseTo(0, 5);
  });

  it('separates components and joins diagonal neighbours', () => {
    const separate = map(64, 32, [
      { x: 2, y: 2, w: 20, h: 5 },
      { x: 30, y: 20, w: 20, h: 5 },
    ]);
    expect(dbBoxes(separate, 64, 32)).toHaveLength(2);
    const diagonal = map(64, 32, [
      { x: 2, y: 2, w: 20, h: 5 },
      { x: 22, y: 7, w: 20, h: 5 },
    ]);
    expect(dbBoxes(diagonal, 64, 32)).toHaveLength(1);
  });

  it('drops components below the box threshold or thinner than the minimum', () => {
    const weak = map(64, 32, [{ x: 10, y: 10, w: 40, h: 6, p: 0.5 }]);
    expect(dbBoxes(weak, 64, 32)).toEqual([]);
    const thin = map(64, 32, [{ x: 10, y: 10, w: 40, h: 2 }]);
    expect(dbBoxes(thin, 64, 32)).toEqual([]);
    // …and keeps the weak one when the threshold allows it.
    expect(dbBoxes(weak, 64, 32, { ...DEFAULT_DB_OPTIONS, boxThreshold: 0.4 })).toHaveLength(1);
  });

  it('measures a slanted line along its axis', () => {
    const width = 80;
    const prob = new Float32Array(width * 40);
    // A 60 × 4 line descending one pixel every 10 (≈ 5.7°).
    for (let x = 10; x < 70; x++) {
      const top = 10 + Math.floor((x - 10) / 10);
      for (let y = top; y < top + 4; y++) prob[y * width + x] = 0.9;
    }
    const [box] = dbBoxes(prob, width, 40);
    expect(box!.angle).toBeGreaterThan(0.07);
    expect(box!.angle).toBeLessThan(0.13);
  });
});
