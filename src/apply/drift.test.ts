import { describe, expect, it } from 'vitest';
import type { ApiWorkflow } from '../clarifai/types.js';
import { liveFingerprint } from '../plan/fingerprint.js';
import { findDrift } from './drift.js';

const wf = (id: string, description: string): ApiWorkflow => ({
  id,
  description,
  nodes: [{ id: 'n', model: { id: 'm', model_version: { id: 'v' } } }],
  metadata: { k: 'v' },
});

describe('findDrift', () => {
  const planned = new Map([
    ['same', wf('same', 'a')],
    ['edited', wf('edited', 'a')],
  ]);
  const fingerprints = {
    same: liveFingerprint(planned.get('same') as ApiWorkflow),
    edited: liveFingerprint(planned.get('edited') as ApiWorkflow),
    created: null,
  };

  it('finds what changed since the plan, with or without the workflows it was made from', () => {
    const live = new Map<string, ApiWorkflow | null>([
      ['same', wf('same', 'a')],
      ['edited', wf('edited', 'changed by someone else')],
      ['created', wf('created', 'now exists')],
    ]);
    for (const known of [undefined, planned]) {
      expect(findDrift(fingerprints, live, known).map((d) => d.id)).toEqual(['created', 'edited']);
    }
  });

  it('takes the planned fingerprint for a workflow read back identical, and hashes any other', () => {
    // A planned map whose fingerprint is not the workflow's own: trusted only when identical.
    const live = new Map<string, ApiWorkflow | null>([['same', wf('same', 'a')]]);
    const claimed = { same: 'fingerprint-the-plan-recorded' };
    expect(findDrift(claimed, live, planned)).toEqual([]);
    expect(findDrift(claimed, live)).toHaveLength(1);
    const other = new Map([['same', wf('same', 'b')]]);
    expect(findDrift(claimed, live, other)).toHaveLength(1);
  });

  it('reads no fingerprint of a workflow read back identical to the planned one', () => {
    const live = new Map<string, ApiWorkflow | null>([['same', wf('same', 'a')]]);
    const unread = Object.defineProperty({}, 'same', {
      enumerable: true,
      get: () => {
        throw new Error('read');
      },
    }) as Record<string, string | null>;
    expect(findDrift(unread, live, planned)).toEqual([]);
    expect(() => findDrift(unread, live)).toThrow('read');
  });
});
