import { describe, expect, it } from 'vitest';
import type { ApiWorkflow } from '../../clarifai/types.js';
import { normaliseLive } from '../../plan/normalise.js';
import { normaliseLazily } from './read-live.js';

const samples: ApiWorkflow[] = [
  { id: 'bare', nodes: [] },
  {
    id: 'full',
    description: 'd',
    notes: 'n',
    created_at: '2024-01-01T00:00:00Z',
    visibility: { gettable: 50 },
    use_cases: ['x'],
    metadata: { 'vtr-wf': { project: 'p', spec_hash: 'h' }, other: [1, { a: null }] },
    nodes: [
      {
        id: 'b',
        model: {
          id: 'm',
          model_version: { id: 'v' },
          user_id: 'clarifai',
          app_id: 'main',
          name: 'served',
        },
        node_inputs: [{ node_id: 'a' }],
        output_info_override: { params: { min_value: 0.5 }, fields_map: { k: 'v' } },
      },
      { id: 'a', model: { id: 'm0', model_version: { id: 'v0' } }, suppress_output: true },
    ],
  },
  { id: 'junk-mark', nodes: [], metadata: { 'vtr-wf': 'not a mark' } },
];

describe('normaliseLazily', () => {
  it.each(samples.map((s) => [s.id, s] as const))('equals normaliseLive (%s)', (_, api) => {
    const lazy = normaliseLazily(api);
    expect(lazy).toEqual(normaliseLive(api));
    expect(JSON.parse(JSON.stringify(lazy))).toEqual(
      JSON.parse(JSON.stringify(normaliseLive(api))),
    );
  });

  it('owns its metadata', () => {
    const api = samples[1] as ApiWorkflow;
    const lazy = normaliseLazily(api);
    (lazy.metadata.other as unknown[]).push('changed');
    expect(api.metadata?.other).toEqual([1, { a: null }]);
  });
});
