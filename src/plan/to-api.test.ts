import { describe, expect, it } from 'vitest';
import { node } from './fake-server.test-support.js';
import { specHash } from './fingerprint.js';
import { changeToApiWorkflow, toApiWorkflow } from './to-api.js';
import type { CanonicalWorkflow } from './types.js';

const w: CanonicalWorkflow = {
  id: 'w',
  description: 'd',
  notes: '',
  nodes: [
    node('a-reader', '2', ['z-source'], { params: { min_value: 0.5 } }),
    node('m-owned', '3', [], {
      model: { id: 'x', version: '3', user_id: 'acme', app_id: 'models' },
    }),
    node('z-source', '1', [], { suppress_output: true }),
  ],
};

describe('toApiWorkflow', () => {
  it('builds the exact request body, inputs before their readers', () => {
    expect(
      toApiWorkflow(w, { team: 'ocr', 'vtr-wf': 'stale' }, { project: 'p', spec_hash: 'h' }),
    ).toEqual({
      id: 'w',
      description: 'd',
      notes: '',
      nodes: [
        {
          id: 'm-owned',
          model: { id: 'x', model_version: { id: '3' }, user_id: 'acme', app_id: 'models' },
          node_inputs: [],
          suppress_output: false,
        },
        {
          id: 'z-source',
          model: { id: 'model-z-source', model_version: { id: '1' } },
          node_inputs: [],
          suppress_output: true,
        },
        {
          id: 'a-reader',
          model: { id: 'model-a-reader', model_version: { id: '2' } },
          node_inputs: [{ node_id: 'z-source' }],
          suppress_output: false,
          output_info_override: { params: { min_value: 0.5 } },
        },
      ],
      metadata: { team: 'ocr', 'vtr-wf': { project: 'p', spec_hash: 'h' } },
    });
  });

  it('keeps nodes of a cycle (validate refuses those) instead of losing them', () => {
    const cyclic = { ...w, nodes: [node('a', '1', ['b']), node('b', '1', ['a'])] };
    expect(
      toApiWorkflow(cyclic, {}, { project: 'p', spec_hash: 'h' }).nodes.map((n) => n.id),
    ).toEqual(['a', 'b']);
  });
});

describe('changeToApiWorkflow', () => {
  it('marks the body with the project and the spec hash', () => {
    const body = changeToApiWorkflow(
      { action: 'create', id: 'w', workflow: w, metadata: {} },
      'proj',
    );
    expect(body.metadata).toEqual({ 'vtr-wf': { project: 'proj', spec_hash: specHash(w) } });
  });

  it('refuses a change without a workflow', () => {
    expect(() => changeToApiWorkflow({ action: 'delete', id: 'w' }, 'proj')).toThrow(/no workflow/);
  });
});
