import { describe, expect, it } from 'vitest';
import { executionOrder, readyNodes, sourceOf } from './execute-graph.js';

const vtr = [
  { id: 'image-to-text', inputs: ['image-crop'] },
  { id: 'image-crop', inputs: ['detect-concept'] },
  { id: 'detect-concept', inputs: [] },
];

describe('graph execution order', () => {
  it('runs each node after its inputs, whatever the listed order', () => {
    expect(executionOrder(vtr).order.map((n) => n.id)).toEqual([
      'detect-concept',
      'image-crop',
      'image-to-text',
    ]);
    expect(readyNodes(vtr, new Set(['detect-concept'])).map((n) => n.id)).toEqual(['image-crop']);
  });

  it('reads the image without inputs, else the first input', () => {
    expect(sourceOf({ id: 'a', inputs: [] })).toEqual({ kind: 'image' });
    expect(sourceOf({ id: 'b', inputs: ['a', 'c'] })).toEqual({ kind: 'node', id: 'a' });
  });

  it('returns nodes in a cycle or reading a missing node as blocked', () => {
    const { order, blocked } = executionOrder([
      { id: 'a', inputs: [] },
      { id: 'b', inputs: ['c'] },
      { id: 'c', inputs: ['b'] },
      { id: 'd', inputs: ['ghost'] },
    ]);
    expect(order.map((n) => n.id)).toEqual(['a']);
    expect(blocked.map((n) => n.id)).toEqual(['b', 'c', 'd']);
  });
});
