/**
 * The V2 client constructor with fast-decode.ts in place of the general
 * response decoding for the RPCs that return workflows. A response decoded
 * the fast way is already in API form (wire.ts's fromWire applied): the
 * client asks `isApiForm` before converting. Whenever the fast decoder
 * declines, the general deserializer runs — same objects, same errors.
 */
import type * as grpc from '@grpc/grpc-js';
import { buildDecoder, type MessageDecoder } from './fast-decode.js';
import type { ClarifaiPackage } from './proto.js';
import { timedSum } from '../phases.js';

const WORKFLOW_RESPONSES: Record<string, string> = {
  GetWorkflow: 'clarifai.api.SingleWorkflowResponse',
  ListWorkflows: 'clarifai.api.MultiWorkflowResponse',
  PostWorkflows: 'clarifai.api.MultiWorkflowResponse',
  PatchWorkflows: 'clarifai.api.MultiWorkflowResponse',
};

const apiForm = new WeakSet<object>();

/** True for a response the fast decoder produced (its workflows are API objects already). */
export function isApiForm(response: object): boolean {
  return apiForm.has(response);
}

const constructors = new WeakMap<ClarifaiPackage, grpc.ServiceClientConstructor>();

export function fastClientConstructor(pkg: ClarifaiPackage): grpc.ServiceClientConstructor {
  let made = constructors.get(pkg);
  if (made) return made;
  const service: Record<string, grpc.MethodDefinition<object, object>> = { ...pkg.service };
  for (const [rpc, responseType] of Object.entries(WORKFLOW_RESPONSES)) {
    const method = service[rpc];
    if (!method) continue;
    let decode: MessageDecoder;
    try {
      decode = buildDecoder(pkg.descriptors, responseType);
    } catch {
      continue; // a proto this decoder does not model: the general way for this RPC
    }
    const general = method.responseDeserialize;
    service[rpc] = {
      ...method,
      responseDeserialize: (bytes: Buffer) => {
        let response: object;
        try {
          response = timedSum('decode', () => decode(bytes));
        } catch {
          return general(bytes);
        }
        apiForm.add(response);
        return response;
      },
    };
  }
  made = pkg.grpc.makeGenericClientConstructor(service, 'V2');
  constructors.set(pkg, made);
  return made;
}
