import { describe, expect, it } from 'vitest';
import type { CanonicalNode } from '../plan/types.js';
import { changesBetween, type VersionView } from './version-history.js';

const node = (extra: Partial<CanonicalNode> = {}): CanonicalNode => ({
  id: 'n',
  model: { id: 'm', version: 'v' },
  inputs: [],
  suppress_output: false,
  params: {},
  ...extra,
});
const version = (id: string, n: CanonicalNode): VersionView => ({
  id,
  created_at: '',
  live: false,
  deprecated: false,
  metadata: {},
  mark: null,
  workflow: { id: 'w', description: '', notes: '', nodes: [n] },
  visibility: null,
});

describe('changesBetween', () => {
  it("names a node's concepts and output_config when a version adds or drops them", () => {
    const bare = version('a', node());
    const full = version(
      'b',
      node({ concepts: [{ id: 'text', value: 1 }], output_config: { max_concepts: 5 } }),
    );
    expect(changesBetween(full, bare)).toEqual(['changed node n (concepts, output_config)']);
    expect(changesBetween(bare, full)).toEqual(['changed node n (concepts, output_config)']);
    expect(changesBetween(full, full)).toEqual([]);
  });
});
