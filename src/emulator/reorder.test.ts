import { describe, expect, it } from 'vitest';
import { reorderForResponse } from './reorder.js';
import type { StoredNode } from './state-types.js';

function node(id: string, inputs: string[] = []): StoredNode {
  return {
    id,
    model: { id: 'm', version_id: 'v' },
    node_inputs: inputs,
    suppress_output: false,
    output_info_override: null,
  };
}

const ids = (nodes: StoredNode[]) => nodes.map((n) => n.id);

describe('reorderForResponse', () => {
  it('puts consumers before their inputs: a chain comes back reversed', () => {
    expect(
      ids(reorderForResponse([node('detect'), node('crop', ['detect']), node('read', ['crop'])])),
    ).toEqual(['read', 'crop', 'detect']);
  });

  it('breaks ties by descending id, whatever the request order', () => {
    const a = [node('a'), node('c'), node('b')];
    const b = [node('b'), node('a'), node('c')];
    expect(ids(reorderForResponse(a))).toEqual(['c', 'b', 'a']);
    expect(ids(reorderForResponse(b))).toEqual(['c', 'b', 'a']);
  });

  it('handles fan-in and fan-out, keeping every node once', () => {
    const nodes = [
      node('src'),
      node('x', ['src']),
      node('y', ['src']),
      node('join', ['x', 'y', 'src']),
    ];
    const out = ids(reorderForResponse(nodes));
    expect(out).toEqual(['join', 'y', 'x', 'src']);
  });

  it('keeps every node even for a (hand-edited) cyclic graph', () => {
    expect(ids(reorderForResponse([node('a', ['b']), node('b', ['a'])])).sort()).toEqual([
      'a',
      'b',
    ]);
  });
});
