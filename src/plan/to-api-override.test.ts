import { describe, expect, it } from 'vitest';
import { imageRemoval, toApiWorkflow } from './to-api.js';
import type { CanonicalWorkflow, KeptFields, PlanChange } from './types.js';

const mark = { project: 'p', spec_hash: 'h' };
const workflow = (extra: Partial<CanonicalWorkflow['nodes'][number]> = {}): CanonicalWorkflow => ({
  id: 'w',
  description: '',
  notes: '',
  nodes: [
    {
      id: 'n',
      model: { id: 'm', version: 'v' },
      inputs: [],
      suppress_output: false,
      params: {},
      ...extra,
    },
  ],
});
const kept: KeptFields = {
  workflow: { image: { url: 'https://x/icon.png', hosted: { prefix: 'https://h' } } },
  nodes: {
    n: {
      output_info_override: {
        data: { concepts: [{ id: 'text', value: 1, name: 'Text' }], metadata: { k: 1 } },
        output_config: { max_concepts: 3 },
        message: 'kept',
      },
    },
  },
};

describe('toApiWorkflow: node concepts and output_config', () => {
  it('lays declared ones over the live override, keeping what it does not model', () => {
    const body = toApiWorkflow(
      workflow({ concepts: [{ id: 'text', value: 0.5 }], output_config: { max_concepts: 5 } }),
      {},
      mark,
      kept,
    );
    expect(body.nodes[0]?.output_info_override).toEqual({
      data: { concepts: [{ id: 'text', value: 0.5, name: 'Text' }], metadata: { k: 1 } },
      output_config: { max_concepts: 5 },
      message: 'kept',
    });
  });

  it('keeps the live ones when the spec does not declare them, clears with [] / {}', () => {
    expect(toApiWorkflow(workflow(), {}, mark, kept).nodes[0]?.output_info_override).toEqual(
      kept.nodes.n?.output_info_override,
    );
    const cleared = toApiWorkflow(workflow({ concepts: [], output_config: {} }), {}, mark, kept)
      .nodes[0]?.output_info_override;
    expect(cleared).toEqual({ data: { concepts: [], metadata: { k: 1 } }, message: 'kept' });
  });
});

describe('the cover image', () => {
  const change = (image?: { url: string }): PlanChange => ({
    action: 'update',
    id: 'w',
    workflow: { ...workflow(), ...(image ? { image } : {}) },
    kept,
  });

  it('keeps the live image while its url is wanted, sends a new url alone', () => {
    expect(
      toApiWorkflow(change({ url: 'https://x/icon.png' }).workflow!, {}, mark, kept).image,
    ).toEqual(kept.workflow.image);
    expect(toApiWorkflow(change({ url: 'https://y' }).workflow!, {}, mark, kept).image).toEqual({
      url: 'https://y',
    });
  });

  it('removes a live image the workflow no longer has with a `remove` body naming its url', () => {
    expect(imageRemoval(change())).toEqual({
      id: 'w',
      nodes: [],
      image: { url: 'https://x/icon.png' },
    });
    expect(imageRemoval(change({ url: 'https://x/icon.png' }))).toBeNull();
    expect(imageRemoval({ ...change(), kept: { workflow: {}, nodes: {} } })).toBeNull();
  });
});
