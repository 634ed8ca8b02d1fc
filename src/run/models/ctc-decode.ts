/**
 * CTC greedy decoding: the most probable class at each time step, repeats
 * collapsed, blanks (class 0) dropped. Pure.
 */
import type { ReadLine } from './types.js';

/** One decoded character and the time steps where it was the best class. */
export interface DecodedChar {
  text: string;
  /** First and last time step (inclusive). */
  start: number;
  end: number;
  probability: number;
}

/** `probs` is `steps × classes` (row-major softmax output); `charset[i]` is the text of class i. */
export function ctcGreedyPath(
  probs: Float32Array,
  steps: number,
  classes: number,
  charset: readonly string[],
): DecodedChar[] {
  const chars: DecodedChar[] = [];
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    const row = t * classes;
    let best = 0;
    let bestP = probs[row]!;
    for (let k = 1; k < classes; k++) {
      const p = probs[row + k]!;
      if (p > bestP) {
        bestP = p;
        best = k;
      }
    }
    const last = chars.at(-1);
    if (best !== 0 && best === previous && last) {
      last.end = t;
      last.probability = Math.max(last.probability, bestP);
    } else if (best !== 0) {
      chars.push({ text: charset[best] ?? '', start: t, end: t, probability: bestP });
    }
    previous = best;
  }
  return chars;
}

/**
 * The line's text and confidence: the mean probability of the kept
 * characters (0 when none is kept), as PaddleOCR reports it.
 */
export function toReadLine(chars: readonly DecodedChar[]): ReadLine {
  const text = chars
    .map((c) => c.text)
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  const total = chars.reduce((sum, c) => sum + c.probability, 0);
  return { text, confidence: chars.length === 0 ? 0 : total / chars.length };
}

export function ctcGreedyDecode(
  probs: Float32Array,
  steps: number,
  classes: number,
  charset: readonly string[],
): ReadLine {
  return toReadLine(ctcGreedyPath(probs, steps, classes, charset));
}
