import { describe, expect, it } from 'vitest';
import { readingOrder, textRead } from './text-read.js';
import type { NodeRun, RunBox } from './types.js';

const box = (top: number, left: number, bottom: number, right: number): RunBox => ({
  top,
  left,
  bottom,
  right,
});
const node = (regions: { box: RunBox; text?: string }[], text?: string): NodeRun => ({
  id: 'n',
  model: { id: 'm', version: 'v' },
  status: { code: 10000, description: 'Ok' },
  ...(text !== undefined ? { text } : {}),
  regions,
});

describe('the text read', () => {
  it('puts regions in reading order: lines top to bottom, left to right within a line', () => {
    const regions = [
      { box: box(0.5, 0.1, 0.6, 0.3), text: 'SECOND' },
      { box: box(0.12, 0.5, 0.22, 0.9), text: 'SALE' }, // a little lower, same line
      { box: box(0.1, 0.1, 0.2, 0.4), text: 'FOR' },
    ];
    expect(textRead([node(regions)])).toBe('FOR SALE\nSECOND');
  });

  it('uses half the smaller height: a small region far off a tall one starts its own line', () => {
    const tall = { box: box(0.1, 0.1, 0.5, 0.3), text: 'TALL' };
    const small = { box: box(0.36, 0.5, 0.4, 0.6), text: 'small' }; // centres 0.3 vs 0.38 > 0.02
    expect(readingOrder([tall, small]).map((l) => l.map((r) => r.text))).toEqual([
      ['TALL'],
      ['small'],
    ]);
  });

  it('puts whole-input text first and skips regions without text', () => {
    const detector = node([{ box: box(0, 0, 0.1, 0.1) }]);
    const recognizer = node([{ box: box(0.3, 0, 0.4, 0.2), text: 'REGION' }]);
    expect(textRead([detector, node([], 'WHOLE IMAGE'), recognizer])).toBe('WHOLE IMAGE\nREGION');
    expect(textRead([])).toBe('');
  });
});
