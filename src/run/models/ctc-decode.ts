/**
 * CTC greedy decoding: the most probable class at each time step, repeats
 * collapsed, blanks (class 0) dropped. Pure.
 */
import type { ReadLine } from './types.js';

/**
 * `probs` is `steps × classes` (row-major softmax output); `charset[i]` is the
 * text of class i. Confidence: the mean probability of the kept characters
 * (0 when none is kept), as PaddleOCR reports it.
 */
export function ctcGreedyDecode(
  probs: Float32Array,
  steps: number,
  classes: number,
  charset: readonly string[],
): ReadLine {
  let text = '';
  let total = 0;
  let kept = 0;
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
    if (best !== 0 && best !== previous) {
      text += charset[best] ?? '';
      total += bestP;
      kept++;
    }
    previous = best;
  }
  return { text: text.replace(/\s+/g, ' ').trim(), confidence: kept === 0 ? 0 : total / kept };
}
