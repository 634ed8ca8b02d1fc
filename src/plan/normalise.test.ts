import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApiWorkflow } from '../model/api-types.js';
import { stableStringify } from '../json.js';
import {
  canonicalWorkflowArb,
  serverFill,
  shuffled,
  vtrWorkflow,
} from './fake-server.test-support.js';
import { liveFingerprint } from './fingerprint.js';
import { normaliseLive } from './normalise.js';
import { toApiWorkflow } from './to-api.js';

const mark = { project: 'p', spec_hash: 'h' };

describe('normaliseLive', () => {
  it('strips server-filled fields and defaults; keeps the model owner', () => {
    const live = normaliseLive(serverFill(toApiWorkflow(vtrWorkflow(), { team: 'ocr' }, mark)));
    const expected = vtrWorkflow();
    for (const n of expected.nodes) Object.assign(n.model, { user_id: 'clarifai', app_id: 'main' });
    // The user's own metadata keys are part of the live canonical form (never the mark).
    expected.metadata = { team: 'ocr' };
    expect(live.workflow).toEqual(expected);
    expect(live.metadata).toEqual({ team: 'ocr', 'vtr-wf': mark });
    expect(live.mark).toEqual(mark);
    expect(live.unsupported).toEqual([]);
    expect(live.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('treats absent, empty and null fields as their defaults', () => {
    const bare = normaliseLive({
      id: 'w',
      nodes: [{ id: 'a', model: { id: 'm', model_version: { id: 'v' } } }],
    });
    const padded = normaliseLive({
      id: 'w',
      description: '',
      notes: '',
      metadata: {},
      visibility: { gettable: 'PRIVATE' },
      use_cases: [],
      image: null,
      nodes: [
        {
          id: 'a',
          model: { id: 'm', model_version: { id: 'v' }, user_id: '', app_id: '' },
          node_inputs: [],
          suppress_output: false,
          output_info_override: { params: {}, data: { concepts: [] }, message: '' },
        },
      ],
    });
    expect(padded.workflow).toEqual(bare.workflow);
    expect(padded.unsupported).toEqual([]);
    expect(padded.fingerprint).toBe(bare.fingerprint);
  });

  it('reports live fields vtr-wf does not model, as JSON pointers', () => {
    const api = serverFill(toApiWorkflow(vtrWorkflow(), {}, mark));
    api.use_cases = ['ocr'];
    api.visibility = { gettable: 50 };
    api.image = { url: 'https://example.invalid/x.png' };
    const crop = api.nodes.find((n) => n.id === 'image-crop');
    if (!crop) throw new Error('fixture');
    crop.output_info_override = {
      params: { a: 1 },
      data: { concepts: [{ id: 'c' }], metadata: { k: 1 } },
      output_config: { max_concepts: 5 },
      message: 'kept',
    };
    crop.custom_flag = true;
    // Modelled: the image's url, data.concepts and output_config. The rest of Data is not.
    expect(normaliseLive(api).unsupported).toEqual([
      '/nodes/image-crop/custom_flag',
      '/nodes/image-crop/output_info_override/data/metadata',
      '/nodes/image-crop/output_info_override/message',
    ]);
    const image = { ...api, image: { hosted: { prefix: 'https://h' } } };
    expect(normaliseLive(image).unsupported).toContain('/image');
    // Visibility is modelled: part of the canonical form, not reported.
    expect(normaliseLive(api).workflow.visibility).toBe('public');
  });

  it('reads the mark, and treats junk as unmarked', () => {
    const read = (metadata: ApiWorkflow['metadata']) =>
      normaliseLive({ id: 'w', nodes: [], ...(metadata ? { metadata } : {}) }).mark;
    expect(read({ 'vtr-wf': { project: 'p', spec_hash: 'h' } })).toEqual({
      project: 'p',
      spec_hash: 'h',
    });
    expect(read({ 'vtr-wf': { project: 'p' } })).toEqual({ project: 'p', spec_hash: '' });
    expect(read({ 'vtr-wf': 'p' })).toBeNull();
    expect(read({ 'vtr-wf': { project: 3 } })).toBeNull();
    expect(read({ 'vtr-wf': { project: '' } })).toBeNull();
    expect(read({ 'vtr-wf': null })).toBeNull();
    expect(read({ other: 1 })).toBeNull();
    expect(read(undefined)).toBeNull();
  });

  it('is idempotent: canonical → request → server → canonical is a fixed point', () => {
    fc.assert(
      fc.property(canonicalWorkflowArb, fc.nat(), fc.nat(), (w, seed1, seed2) => {
        const once = normaliseLive(serverFill(toApiWorkflow(w, {}, mark), seed1));
        const twice = normaliseLive(
          serverFill(toApiWorkflow(once.workflow, once.metadata, mark), seed2),
        );
        expect(stableStringify(twice.workflow)).toBe(stableStringify(once.workflow));
        expect(twice.fingerprint).toBe(once.fingerprint);
      }),
    );
  });

  it('fingerprints exactly as liveFingerprint does (what apply re-reads and compares)', () => {
    fc.assert(
      fc.property(canonicalWorkflowArb, fc.nat(), fc.boolean(), (w, seed, odd) => {
        const api = serverFill(toApiWorkflow(w, { k: seed }, mark), seed);
        if (odd) api.use_cases = ['ocr'];
        expect(normaliseLive(api).fingerprint).toBe(liveFingerprint(api));
      }),
    );
  });

  it('never depends on node or input order', () => {
    fc.assert(
      fc.property(canonicalWorkflowArb, fc.nat(), (w, seed) => {
        const api = toApiWorkflow(w, { k: 'v' }, mark);
        const reordered: ApiWorkflow = {
          ...api,
          nodes: shuffled(api.nodes, seed).map((n, i) => ({
            ...n,
            node_inputs: shuffled(n.node_inputs ?? [], seed + i),
          })),
        };
        const a = normaliseLive(api);
        const b = normaliseLive(reordered);
        expect(b.workflow).toEqual(a.workflow);
        expect(b.fingerprint).toBe(a.fingerprint);
      }),
    );
  });
});
