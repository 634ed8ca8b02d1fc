import { describe, expect, it } from 'vitest';
import { loadClarifaiPackage } from './proto.js';
import { encodeWorkflowAhead, splicingSerializer } from './write-encoding.js';

const pkg = loadClarifaiPackage();
type Serialize = (value: object) => Buffer;
const serializerOf = (rpc: string) =>
  (pkg.service[rpc] as { requestSerialize: Serialize }).requestSerialize;

const wire = (id: string) => ({
  id,
  description: `workflow ${id}`,
  metadata: { fields: { k: { stringValue: 'v' }, n: { numberValue: 2 } } },
  visibility: { gettable: 10 },
  nodes: [
    {
      id: 'a',
      model: { id: 'm', user_id: 'clarifai', app_id: 'main', model_version: { id: 'v1' } },
      node_inputs: [],
    },
    { id: 'b', model: { id: 'm2', model_version: { id: 'v2' } }, node_inputs: [{ node_id: 'a' }] },
  ],
});

describe('write requests spliced from workflows encoded ahead', () => {
  it('are byte for byte the general encoding, Post and Patch, with or without the app', () => {
    const patch = serializerOf('PatchWorkflows');
    const workflows = [wire('x'), wire('y'), wire('z')];
    for (const w of workflows) encodeWorkflowAhead(patch, w);
    const app = { user_id: 'u', app_id: 'a' };
    for (const rpc of ['PostWorkflows', 'PatchWorkflows']) {
      const general = serializerOf(rpc);
      const spliced = splicingSerializer(general);
      const requests: object[] = [
        { workflows },
        { user_app_id: app, workflows },
        ...(rpc === 'PatchWorkflows'
          ? [
              { user_app_id: app, workflows, action: 'overwrite' },
              { workflows, action: 'remove' },
              { user_app_id: app, workflows, action: '' },
            ]
          : []),
      ];
      for (const request of requests)
        expect(Buffer.compare(spliced(request), general(request)), JSON.stringify(request)).toBe(0);
    }
  });

  it('encodes the general way when any workflow was not encoded ahead', () => {
    const general = serializerOf('PatchWorkflows');
    let calls = 0;
    const counting: Serialize = (value) => (calls++, general(value));
    const ahead = wire('p');
    encodeWorkflowAhead(general, ahead);
    const request = { workflows: [ahead, wire('q')], action: 'overwrite' };
    const bytes = splicingSerializer(counting)(request);
    expect(Buffer.compare(bytes, general(request))).toBe(0);
    // The head, then the whole request: the spliced path gave up at the second workflow.
    expect(calls).toBe(2);
  });
});
