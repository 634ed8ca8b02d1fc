import { describe, expect, it } from 'vitest';
import { ctcGreedyDecode } from './ctc-decode.js';
import { parseDictionary, toAscii } from './dictionary.js';

/** One-hot-ish rows: at each step the given class gets `p`, the rest share what is left. */
function probs(classesPerStep: number[], classes: number, p = 0.9): Float32Array {
  const out = new Float32Array(classesPerStep.length * classes).fill((1 - p) / (classes - 1));
  classesPerStep.forEach((k, t) => (out[t * classes + k] = p));
  return out;
}

describe('ctcGreedyDecode', () => {
  const charset = ['', 'a', 'b', ' '];

  it('collapses repeats and drops blanks', () => {
    const steps = [1, 1, 0, 1, 2, 2, 0, 0, 3, 2];
    expect(ctcGreedyDecode(probs(steps, 4), steps.length, 4, charset).text).toBe('aab b');
  });

  it('keeps a letter repeated across a blank, not one repeated without', () => {
    expect(ctcGreedyDecode(probs([1, 0, 1], 4), 3, 4, charset).text).toBe('aa');
    expect(ctcGreedyDecode(probs([1, 1, 1], 4), 3, 4, charset).text).toBe('a');
  });

  it('reports the mean probability of the kept characters', () => {
    const read = ctcGreedyDecode(probs([1, 0, 2], 4, 0.8), 3, 4, charset);
    expect(read.confidence).toBeCloseTo(0.8, 5);
  });

  it('reads nothing from blanks only, with confidence 0', () => {
    expect(ctcGreedyDecode(probs([0, 0], 4), 2, 4, charset)).toEqual({ text: '', confidence: 0 });
  });

  it('folds and trims spaces', () => {
    expect(ctcGreedyDecode(probs([3, 1, 3, 0, 3, 2, 3], 4), 7, 4, charset).text).toBe('a b');
  });
});

describe('parseDictionary', () => {
  it('puts the blank first and a space last, and checks the class count', () => {
    expect(parseDictionary('x\ny\n', 4)).toEqual(['', 'x', 'y', ' ']);
    expect(() => parseDictionary('x\ny\n', 5)).toThrow(/5 classes but its dictionary gives 4/);
  });

  it('maps full-width forms to ASCII', () => {
    expect(parseDictionary('，\n：\nＡ\n中\n', 6)).toEqual(['', ',', ':', 'A', '中', ' ']);
    expect(toAscii('（')).toBe('(');
    expect(toAscii('a')).toBe('a');
  });
});
