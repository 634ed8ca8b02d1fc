/**
 * Workflow responses serialised from cached bytes. Encoding a stored workflow
 * (owners, timestamps, each node's model and version filled in) is most of
 * what a 1000-workflow ListWorkflows costs the emulator, and a workflow's
 * bytes only change when the workflow does: the store replaces a workflow
 * object on every write, so the object itself is the cache key (per app,
 * which the response names), and the catalog never changes after start.
 *
 * PostWorkflows and PatchWorkflows answer with the same message as
 * ListWorkflows (MultiWorkflowResponse), so they share its cache: the
 * workflows a write answers with are the objects the next list returns, and
 * an apply's re-read after 1000 updates is served from the bytes its writes
 * already encoded.
 *
 * The bytes are exactly the general encoder's: protobuf encodes fields in
 * number order (status = 1, then workflow/workflows = 2), so the encoding of
 * `{status}` followed by the encoding of `{workflows: [w]}` for each w is
 * byte for byte the encoding of the whole response (encoded-responses.test.ts).
 */
import type * as grpcTypes from '@grpc/grpc-js';
import type { AppRef } from './store.js';
import type { StoredWorkflow } from './state-types.js';

type Response = Record<string, unknown>;
type EncodedMethod = 'ListWorkflows' | 'PostWorkflows' | 'PatchWorkflows' | 'GetWorkflow';
const METHODS: readonly EncodedMethod[] = [
  'ListWorkflows',
  'PostWorkflows',
  'PatchWorkflows',
  'GetWorkflow',
];
type Serialize = (value: Response) => Buffer;

export interface EncodedResponses {
  /** The service, with serializers that take pre-encoded responses. */
  service: grpcTypes.ServiceDefinition;
  /** A MultiWorkflowResponse (`workflows`) or a GetWorkflow (`workflow`) response. */
  respond(
    method: EncodedMethod,
    status: Response,
    workflows: readonly StoredWorkflow[],
    app: AppRef,
    toWire: (wf: StoredWorkflow) => Response,
  ): Response;
}

export function encodedResponses(service: grpcTypes.ServiceDefinition): EncodedResponses {
  const encoded = new WeakMap<object, Buffer>();
  const byWorkflow = new WeakMap<StoredWorkflow, Map<string, Buffer>>();
  const patched: Record<string, grpcTypes.MethodDefinition<object, object>> = { ...service };
  for (const method of METHODS) {
    const definition = service[method];
    if (!definition) continue;
    const general = definition.responseSerialize;
    patched[method] = {
      ...definition,
      responseSerialize: (value: object) => encoded.get(value) ?? general(value),
    };
  }
  const serializerOf = (method: string): Serialize =>
    (service[method] as grpcTypes.MethodDefinition<object, object>).responseSerialize as Serialize;

  return {
    service: patched,
    respond(method, status, workflows, app, toWire) {
      const serialize = serializerOf(method);
      const single = method === 'GetWorkflow';
      const field = single ? 'workflow' : 'workflows';
      // By message, not method: the three MultiWorkflowResponse methods share bytes.
      const key = `${single ? 'single' : 'multi'}\u0000${app.user_id}\u0000${app.app_id}`;
      const parts = [serialize({ status })];
      for (const wf of workflows) {
        let perApp = byWorkflow.get(wf);
        if (!perApp) byWorkflow.set(wf, (perApp = new Map()));
        let bytes = perApp.get(key);
        if (!bytes) {
          const wire = toWire(wf);
          bytes = serialize({ [field]: single ? wire : [wire] });
          perApp.set(key, bytes);
        }
        parts.push(bytes);
      }
      // The response object is what logging and tests see; the bytes are what is sent.
      const response: Response = { status };
      encoded.set(response, Buffer.concat(parts));
      return response;
    },
  };
}
