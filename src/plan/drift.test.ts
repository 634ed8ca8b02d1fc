import { describe, expect, it } from 'vitest';
import { liveDrift } from './drift.js';
import type { CanonicalWorkflow } from './types.js';

const desired: CanonicalWorkflow = {
  id: 'w',
  description: 'd',
  notes: '',
  nodes: [
    {
      id: 'a',
      model: { id: 'm', version: 'v' },
      inputs: [],
      suppress_output: false,
      params: {},
    },
  ],
};

describe('liveDrift', () => {
  it('is empty when live is what the spec says (server-filled owners aside)', () => {
    const live = {
      id: 'w',
      description: 'd',
      nodes: [{ id: 'a', model: { id: 'm', user_id: 'clarifai', model_version: { id: 'v' } } }],
    };
    expect(liveDrift(desired, live)).toEqual([]);
  });

  it('names each differing field by pointer', () => {
    const live = {
      id: 'w',
      description: 'other',
      nodes: [{ id: 'a', model: { id: 'm', model_version: { id: 'v2' } } }],
    };
    expect(liveDrift(desired, live)).toEqual(['/description', '/nodes/a/model/version']);
  });
});
