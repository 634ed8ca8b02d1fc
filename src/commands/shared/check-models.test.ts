import { describe, expect, it } from 'vitest';
import { FakeClarifai } from '../../../test/helpers/fake-clarifai.js';
import type { DesiredState } from '../../plan/types.js';
import type { LoadedSpec } from '../../spec/types.js';
import { checkModelVersions } from './check-models.js';

const node = (id: string, model: string, version: string) => ({
  id,
  model: { id: model, version },
  inputs: [],
  suppress_output: false,
  params: {},
});
const desired: DesiredState = {
  environment: 'prod',
  user_id: 'u',
  app_id: 'a',
  project: 'p',
  workflows: ['w1', 'w2', 'w3'].map((id, i) => ({
    workflow: {
      id,
      description: '',
      notes: '',
      nodes: [node('a', 'm1', 'v1'), node('b', i === 2 ? 'gone' : 'm2', 'v1')],
    },
    spec_hash: 'h',
    source: { file: `workflows/${id}.yaml`, document: 0 },
  })),
};
const specs: LoadedSpec[] = desired.workflows.map((w) => ({
  spec: {
    id: w.workflow.id,
    nodes: [
      { id: 'b', model: 'x', inputs: [] },
      { id: 'a', model: 'y', inputs: [] },
    ],
  },
  source: w.source,
}));

describe('checkModelVersions', () => {
  it('asks once per distinct model version and names workflow, node, model and version', async () => {
    const api = new FakeClarifai();
    const diagnostics = await checkModelVersions(api, desired, specs);
    expect(api.calls.filter((c) => c.method === 'GetModelVersion')).toHaveLength(3);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'model-version-not-found',
        severity: 'error',
        file: 'workflows/w3.yaml',
        document: 0,
        // The spec's own node order, not the canonical one.
        pointer: '/nodes/0/model',
        message: expect.stringMatching(
          /`w3`, node `b`: model `gone` has no version `v1` in environment `prod`/,
        ),
      }),
    ]);
  });

  it('checks only the workflows in scope', async () => {
    const api = new FakeClarifai();
    expect(await checkModelVersions(api, desired, specs, (id) => id !== 'w3')).toEqual([]);
    expect(api.calls).toHaveLength(2);
  });
});
