import { describe, expect, it } from 'vitest';
import type * as grpcTypes from '@grpc/grpc-js';
import { loadClarifaiPackage } from '../clarifai/proto.js';
import { encodedResponses } from './encoded-responses.js';
import type { StoredWorkflow } from './state-types.js';

const { service } = loadClarifaiPackage();
const app = { user_id: 'u', app_id: 'a' };
const status = { code: 10000, description: 'Ok', details: '', req_id: 'r1' };

const stored = (id: string) => ({ id }) as unknown as StoredWorkflow;
const toWire = (wf: StoredWorkflow): Record<string, unknown> => ({
  id: wf.id,
  app_id: app.app_id,
  created_at: { seconds: '1700000000', nanos: 5 },
  metadata: { fields: { k: { stringValue: 'v' } } },
  nodes: [{ id: 'n', model: { id: 'm', model_version: { id: 'v' } }, node_inputs: [] }],
  description: `workflow ${wf.id}`,
});

const serializer = (s: grpcTypes.ServiceDefinition, method: string) =>
  (s[method] as grpcTypes.MethodDefinition<object, object>).responseSerialize;

describe('encoded responses', () => {
  it('sends exactly the bytes of the general encoder', () => {
    const encoded = encodedResponses(service);
    for (const workflows of [[], [stored('a')], [stored('a'), stored('b'), stored('c')]]) {
      const response = encoded.respond('ListWorkflows', status, workflows, app, toWire);
      const sent = serializer(encoded.service, 'ListWorkflows')(response);
      const general = serializer(
        service,
        'ListWorkflows',
      )({
        status,
        workflows: workflows.map(toWire),
      });
      expect(Buffer.compare(sent, general)).toBe(0);
    }
    const one = stored('x');
    const response = encoded.respond('GetWorkflow', status, [one], app, toWire);
    const general = serializer(service, 'GetWorkflow')({ status, workflow: toWire(one) });
    expect(Buffer.compare(serializer(encoded.service, 'GetWorkflow')(response), general)).toBe(0);
  });

  it('encodes a workflow object once per app, and anew when the store replaces it', () => {
    const encoded = encodedResponses(service);
    let conversions = 0;
    const counting = (wf: StoredWorkflow) => (conversions++, toWire(wf));
    const a = stored('a');
    encoded.respond('ListWorkflows', status, [a], app, counting);
    encoded.respond('ListWorkflows', status, [a], app, counting);
    expect(conversions).toBe(1);
    encoded.respond('ListWorkflows', status, [a], { user_id: 'u', app_id: 'other' }, counting);
    encoded.respond('ListWorkflows', status, [stored('a')], app, counting);
    expect(conversions).toBe(3);
  });

  it('answers a write with the bytes the next list reuses (one MultiWorkflowResponse encoding)', () => {
    const encoded = encodedResponses(service);
    let conversions = 0;
    const counting = (wf: StoredWorkflow) => (conversions++, toWire(wf));
    const written = [stored('a'), stored('b')];
    for (const method of ['PostWorkflows', 'PatchWorkflows'] as const) {
      const response = encoded.respond(method, status, written, app, counting);
      const general = serializer(service, method)({ status, workflows: written.map(toWire) });
      expect(Buffer.compare(serializer(encoded.service, method)(response), general)).toBe(0);
    }
    encoded.respond('ListWorkflows', status, written, app, counting);
    expect(conversions).toBe(2);
  });

  it('leaves other responses to the general encoder', () => {
    const encoded = encodedResponses(service);
    const plain = { status, workflows: [toWire(stored('a'))] };
    expect(
      Buffer.compare(
        serializer(encoded.service, 'ListWorkflows')(plain),
        serializer(service, 'ListWorkflows')(plain),
      ),
    ).toBe(0);
  });
});
