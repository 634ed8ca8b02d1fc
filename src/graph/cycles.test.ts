import { describe, expect, it } from 'vitest';
import { findCycles } from './cycles.js';
import { buildGraph } from './workflow-graph.js';

const spec = (edges: Record<string, string[]>) => ({
  nodes: Object.entries(edges).map(([id, inputs]) => ({ id, model: 'm', inputs })),
});
const cyclesOf = (edges: Record<string, string[]>) => {
  const graph = buildGraph(spec(edges));
  return findCycles(graph).map((c) => c.map((i) => graph.ids[i]).join(' → '));
};

describe('findCycles', () => {
  it('finds none in a DAG listed in any order', () => {
    expect(cyclesOf({ sink: ['l', 'r'], l: ['src'], r: ['src'], src: [] })).toEqual([]);
  });

  it('prints a cycle in data-flow order from its first-listed node', () => {
    // a reads c, b reads a, c reads b: data flows a → b → c → a.
    expect(cyclesOf({ a: ['c'], b: ['a'], c: ['b'] })).toEqual(['a → b → c → a']);
  });

  it('reports each strongly connected component once', () => {
    expect(cyclesOf({ a: ['b'], b: ['a'], x: ['y'], y: ['x'], z: ['a'] })).toEqual([
      'a → b → a',
      'x → y → x',
    ]);
  });

  it('ignores self-inputs and unknown inputs (other rules report them)', () => {
    expect(cyclesOf({ a: ['a', 'ghost'] })).toEqual([]);
  });

  it('handles long chains without recursion', () => {
    const edges: Record<string, string[]> = { n0: ['n9999'] };
    for (let i = 1; i < 10_000; i++) edges[`n${i}`] = [`n${i - 1}`];
    const [cycle] = cyclesOf(edges);
    expect(cycle?.startsWith('n0 → n1 → n2')).toBe(true);
    expect(cycle?.endsWith('n9999 → n0')).toBe(true);
  });
});
