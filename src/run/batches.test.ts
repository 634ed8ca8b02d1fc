import { describe, expect, it } from 'vitest';
import { MAX_INPUTS_PER_CALL, splitIntoBatches } from './batches.js';

describe('splitIntoBatches', () => {
  it('puts at most 32 inputs in a call, in order', () => {
    const items = Array.from({ length: 70 }, (_, i) => i);
    const batches = splitIntoBatches(items, () => 10);
    expect(batches.map((b) => b.length)).toEqual([MAX_INPUTS_PER_CALL, MAX_INPUTS_PER_CALL, 6]);
    expect(batches.flat()).toEqual(items);
  });

  it('starts a new call before the bytes would pass the limit', () => {
    const sizes = [400, 400, 400, 100];
    const batches = splitIntoBatches(sizes, (n) => n, { maxBytes: 1100 }); // 256 overhead each
    expect(batches).toEqual([[400], [400], [400, 100]]);
  });

  it('sends an input larger than the limit alone, and nothing for no inputs', () => {
    expect(splitIntoBatches([5000, 1], (n) => n, { maxBytes: 1000 })).toEqual([[5000], [1]]);
    expect(splitIntoBatches([], () => 1)).toEqual([]);
  });
});
