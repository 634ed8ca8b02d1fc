import { describe, expect, it } from 'vitest';
import type { DecodedChar } from './ctc-decode.js';
import { DEFAULT_SPACE_OPTIONS, insertSpaces, lineInk } from './spaces.js';

const char = (text: string, step: number): DecodedChar => ({
  text,
  start: step,
  end: step,
  probability: 0.9,
});

/** A 48-pixel-high line image: black columns where `pattern` has '#', white elsewhere. */
function line(pattern: string): { rgb: Uint8Array; width: number } {
  const width = pattern.length;
  const rgb = new Uint8Array(width * 48 * 3).fill(255);
  for (let y = 12; y < 36; y++) {
    for (let x = 0; x < width; x++) {
      if (pattern[x] === '#') rgb.fill(0, (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  }
  return { rgb, width };
}

const text = (chars: DecodedChar[]): string => chars.map((c) => c.text).join('');

describe('lineInk', () => {
  it('counts ink per column and measures the core band', () => {
    const { rgb, width } = line('__##__');
    const ink = lineInk(rgb, width, 48);
    expect([...ink.columns]).toEqual([0, 0, 24, 24, 0, 0]);
    expect(ink.coreHeight).toBe(24);
  });

  it('takes light text on a dark ground as ink too', () => {
    const { rgb, width } = line('__##__');
    const inverted = rgb.map((v) => 255 - v);
    expect([...lineInk(inverted, width, 48).columns]).toEqual([0, 0, 24, 24, 0, 0]);
  });
});

describe('insertSpaces', () => {
  // Each step is 8 columns; characters sit at steps 1, 3 and 7.
  const chars = [char('a', 1), char('b', 3), char('c', 7)];
  const noSpace = new Float32Array(10);

  it('puts a space into a wide gap between two characters, not into a narrow one', () => {
    // ink: a at 8–16, b at 24–32, a 20-column gap, c at 56–64
    const pattern = `${'_'.repeat(8)}${'#'.repeat(8)}${'_'.repeat(6)}${'#'.repeat(10)}${'_'.repeat(22)}${'#'.repeat(10)}${'_'.repeat(16)}`;
    const { rgb, width } = line(pattern);
    const out = insertSpaces(chars, noSpace, lineInk(rgb, width, 48), 8);
    expect(text(out)).toBe('ab c');
  });

  it('reads a space where the model found one likely, without a gap', () => {
    const { rgb, width } = line('#'.repeat(80));
    const likely = new Float32Array(10);
    likely[5] = 0.2;
    expect(text(insertSpaces(chars, likely, lineInk(rgb, width, 48), 8))).toBe('ab c');
    likely[5] = 0.01;
    expect(text(insertSpaces(chars, likely, lineInk(rgb, width, 48), 8))).toBe('abc');
  });

  it('wants a wider gap before punctuation that follows a word', () => {
    const dot = [char('a', 1), char('.', 4)];
    // a gap of 14 columns: core height 24 → a word gap needs 10.8, before '.' 17.3
    const pattern = `${'_'.repeat(8)}${'#'.repeat(8)}${'_'.repeat(14)}${'##'}${'_'.repeat(8)}`;
    const { rgb, width } = line(pattern);
    const ink = lineInk(rgb, width, 48);
    expect(text(insertSpaces(dot, noSpace, ink, 8))).toBe('a.');
    const loose = { ...DEFAULT_SPACE_OPTIONS, tightPunctuationFactor: 1 };
    expect(text(insertSpaces(dot, noSpace, ink, 8, loose))).toBe('a .');
  });
});
