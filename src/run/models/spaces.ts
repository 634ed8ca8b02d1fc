/**
 * Putting back the spaces between words. PP-OCRv4's recogniser is trained
 * mostly on Chinese, which has no spaces, and on Latin text it often runs
 * words together ("OPEN24HOURS"). Two signs show where they were: the space
 * class is still likely (though not the most likely) at the time steps
 * between two words, and the line image has a run of ink-free columns wider
 * than a fraction of the text's height there. Pure.
 */
import { otsu } from './skew.js';
import type { DecodedChar } from './ctc-decode.js';

export interface LineInk {
  /** Ink pixels per column. */
  columns: Uint16Array;
  /** Height of the band where most ink is (≈ the x-height), pixels. */
  coreHeight: number;
}

/** The ink profile of a line image (RGB, `width × height`). */
export function lineInk(rgb: Uint8Array, width: number, height: number): LineInk {
  const pixels = width * height;
  const grey = new Uint8Array(pixels);
  const histogram = new Uint32Array(256);
  for (let p = 0; p < pixels; p++) {
    const g = (rgb[p * 3]! * 77 + rgb[p * 3 + 1]! * 150 + rgb[p * 3 + 2]! * 29) >> 8;
    grey[p] = g;
    histogram[g]!++;
  }
  const threshold = otsu(histogram, pixels);
  let dark = 0;
  for (let g = 0; g <= threshold; g++) dark += histogram[g]!;
  const inkIsDark = dark <= pixels / 2;
  const columns = new Uint16Array(width);
  const rows = new Uint32Array(height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (grey[y * width + x]! <= threshold === inkIsDark) {
        columns[x]!++;
        rows[y]!++;
      }
    }
  }
  let maxRow = 0;
  for (const r of rows) maxRow = Math.max(maxRow, r);
  let coreHeight = 0;
  for (const r of rows) if (r >= maxRow * 0.25) coreHeight++;
  return { columns, coreHeight };
}

export interface SpaceOptions {
  /** A gap at least this many core heights wide separates words. */
  gapRatio: number;
  /** Columns with at most this much ink count as empty (noise). */
  emptyColumnInk: number;
  /**
   * Next to punctuation that English sets without a space (a '.' or ',' after
   * a word, a '(' or '$' before one) a gap must be this many times wider: such
   * marks are narrow and sit in wide side bearings, above all in monospace.
   */
  tightPunctuationFactor: number;
  /** A space is read where the space class reaches this probability between two characters. */
  spaceProbability: number;
}

export const DEFAULT_SPACE_OPTIONS: SpaceOptions = {
  gapRatio: 0.45,
  emptyColumnInk: 0,
  tightPunctuationFactor: 1.6,
  spaceProbability: 0.05,
};

/** Marks that follow a word without a space, and marks a word follows without one. */
const NO_SPACE_BEFORE = new Set([...".,!?:;'%)]}"]);
const NO_SPACE_AFTER = new Set([..."($#'[{"]);

/**
 * `chars` with a space inserted between two characters where the space class
 * was likely enough at the steps between them (`spaceByStep`: its probability
 * at each time step), or where the line image has a wide enough gap: each gap
 * of empty columns goes to the boundary between the two characters whose CTC
 * positions lie on either side of its middle. `stepWidth` is the width
 * (pixels of the line image) of one time step.
 */
export function insertSpaces(
  chars: readonly DecodedChar[],
  spaceByStep: Float32Array,
  ink: LineInk,
  stepWidth: number,
  options: SpaceOptions = DEFAULT_SPACE_OPTIONS,
): DecodedChar[] {
  const minGap = Math.max(2, options.gapRatio * ink.coreHeight);
  const centre = (c: DecodedChar): number => ((c.start + c.end + 1) / 2) * stepWidth;
  const out: DecodedChar[] = [];
  let gaps = emptyRuns(ink.columns, options.emptyColumnInk);
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    const before = out.at(-1);
    if (before && before.text !== ' ' && char.text !== ' ') {
      const from = centre(before);
      const to = centre(char);
      gaps = gaps.filter((g) => g.middle >= from);
      const tight = NO_SPACE_BEFORE.has(char.text) || NO_SPACE_AFTER.has(before.text);
      const needed = tight ? minGap * options.tightPunctuationFactor : minGap;
      let likely = 0;
      for (let t = before.end + 1; t < char.start; t++) likely = Math.max(likely, spaceByStep[t]!);
      if (
        likely >= options.spaceProbability ||
        gaps.some((g) => g.middle < to && g.width >= needed)
      ) {
        out.push({ text: ' ', start: before.end, end: char.start, probability: char.probability });
      }
    }
    out.push(char);
  }
  return out;
}

/** Runs of empty columns between ink (not the margins before the first or after the last). */
function emptyRuns(columns: Uint16Array, empty: number): { middle: number; width: number }[] {
  const runs: { middle: number; width: number }[] = [];
  let start = -1;
  let seenInk = false;
  for (let x = 0; x < columns.length; x++) {
    if (columns[x]! <= empty) {
      if (start < 0 && seenInk) start = x;
    } else {
      if (start >= 0) runs.push({ middle: (start + x) / 2, width: x - start });
      start = -1;
      seenInk = true;
    }
  }
  return runs;
}
