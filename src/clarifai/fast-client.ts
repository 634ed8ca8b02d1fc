/**
 * The V2 client constructor with fast-decode.ts in place of the general
 * response decoding for the RPCs that return workflows. A response decoded
 * the fast way is already in API form (wire.ts's fromWire applied): the
 * client asks `isApiForm` before converting. Whenever the fast decoder
 * declines, the general deserializer runs — same objects, same errors.
 */
import type * as grpc from '@grpc/grpc-js';
import { buildDecoder, type MessageDecoder } from './fast-decode.js';
import {
  decodeRemembered,
  rememberWritten,
  reusingListDecoder,
  workflowSightings,
  type WorkflowSightings,
} from './reuse-decode.js';
import { encodeWorkflowAhead, splicingSerializer } from './write-encoding.js';
import { buildWorkflowEncoder, type WorkflowEncoder } from './fast-encode.js';
import type { ClarifaiPackage } from './proto.js';
import type { DescriptorIndex } from './schema.js';
import { timedSum } from '../phases.js';

const WORKFLOW_RESPONSES: Record<string, string> = {
  GetWorkflow: 'clarifai.api.SingleWorkflowResponse',
  ListWorkflows: 'clarifai.api.MultiWorkflowResponse',
  PostWorkflows: 'clarifai.api.MultiWorkflowResponse',
  PatchWorkflows: 'clarifai.api.MultiWorkflowResponse',
};

const VERSIONS_ONLY = ['PostWorkflows', 'PatchWorkflows'] as const;

/** The stub method of a write RPC whose answer keeps only each workflow's id and version id. */
export function versionsOnly(rpc: string): string {
  return `${rpc}$versionsOnly`;
}

/**
 * The descriptors with Workflow cut to `id` and `version`, and WorkflowVersion
 * to `id`: the decoder then skips every other field of a written workflow.
 */
function versionsOnlyIndex(index: DescriptorIndex): DescriptorIndex {
  const keep = (name: string, fields: readonly string[]) => {
    const def = index[name];
    const type = def?.type as { field?: { name: string }[] } | undefined;
    if (!def || !type?.field) throw new Error(`no message ${name}`);
    return { ...def, type: { ...type, field: type.field.filter((f) => fields.includes(f.name)) } };
  };
  return {
    ...index,
    'clarifai.api.Workflow': keep('clarifai.api.Workflow', ['id', 'version']),
    'clarifai.api.WorkflowVersion': keep('clarifai.api.WorkflowVersion', ['id']),
  };
}

const apiForm = new WeakSet<object>();

/** True for a response the fast decoder produced (its workflows are API objects already). */
export function isApiForm(response: object): boolean {
  return apiForm.has(response);
}

const constructors = new WeakMap<ClarifaiPackage, grpc.ServiceClientConstructor>();
/** Each package's memory of decoded workflows (reuse-decode.ts), shared by its clients' answers. */
const memories = new WeakMap<
  ClarifaiPackage,
  { sightings: WorkflowSightings; decodeWorkflow: MessageDecoder }
>();

/**
 * Decodes the workflows write answers left as bytes (versions-only writes), a
 * chunk at a time: for a caller about to read them back, while it waits.
 */
export async function decodeWrittenAhead(pkg: ClarifaiPackage): Promise<void> {
  const memory = memories.get(pkg);
  if (memory) await decodeRemembered(memory.sightings, memory.decodeWorkflow);
}

export function fastClientConstructor(pkg: ClarifaiPackage): grpc.ServiceClientConstructor {
  let made = constructors.get(pkg);
  if (made) return made;
  const service: Record<string, grpc.MethodDefinition<object, object>> = { ...pkg.service };
  // One memory of decoded workflows for the list and the writes' answers: apply's re-read under
  // the lease reuses what the plan's read decoded, and the read that verifies the writes reuses
  // what their answers decoded, while the writes were waited for.
  const sightings = workflowSightings();
  // One decoder per response type: List, Post and Patch share MultiWorkflowResponse's.
  const decoders = new Map<string, MessageDecoder>();
  const decoderFor = (responseType: string): MessageDecoder => {
    let decode = decoders.get(responseType);
    if (decode) return decode;
    decode = buildDecoder(pkg.descriptors, responseType);
    if (responseType === 'clarifai.api.MultiWorkflowResponse') {
      const decodeWorkflow = buildDecoder(pkg.descriptors, 'clarifai.api.Workflow');
      memories.set(pkg, { sightings, decodeWorkflow });
      decode = reusingListDecoder(
        decode,
        decodeWorkflow,
        buildDecoder(pkg.descriptors, 'clarifai.api.status.Status'),
        sightings,
      );
    }
    decoders.set(responseType, decode);
    return decode;
  };
  for (const [rpc, responseType] of Object.entries(WORKFLOW_RESPONSES)) {
    const method = service[rpc];
    if (!method) continue;
    let decode: MessageDecoder;
    try {
      decode = decoderFor(responseType);
    } catch {
      continue; // a proto this decoder does not model: the general way for this RPC
    }
    service[rpc] = {
      ...method,
      responseDeserialize: fastDeserializer(decode, method.responseDeserialize),
    };
  }
  for (const rpc of VERSIONS_ONLY) {
    const found = service[rpc];
    if (!found) continue;
    // Write requests spliced from workflows encoded ahead (write-encoding.ts).
    const method = {
      ...found,
      requestSerialize: splicingSerializer(found.requestSerialize as (value: object) => Buffer),
    };
    service[rpc] = method;
    // For callers that read only version ids (WriteOptions.only), write answers decoded for
    // those alone: the same RPC (same path, same request), a stub method of its own. Their
    // workflows are remembered as bytes, decoded when decodeWrittenAhead is asked to (apply:
    // while the read confirming its writes is awaited, which finds these same bytes).
    let versions: MessageDecoder;
    try {
      versions = buildDecoder(
        versionsOnlyIndex(pkg.descriptors),
        WORKFLOW_RESPONSES[rpc] as string,
      );
    } catch {
      continue; // the full answer, decoded as usual
    }
    const decode: MessageDecoder = (bytes) => {
      const answer = versions(bytes);
      rememberWritten(bytes, sightings);
      return answer;
    };
    const { originalName: _alias, ...rest } = method;
    service[versionsOnly(rpc)] = {
      ...rest,
      responseDeserialize: fastDeserializer(decode, method.responseDeserialize),
    };
  }
  made = pkg.grpc.makeGenericClientConstructor(service, 'V2');
  constructors.set(pkg, made);
  return made;
}

/** The fast decoder, marking its answers as API form; the general one whenever it declines. */
function fastDeserializer(
  decode: MessageDecoder,
  general: (bytes: Buffer) => object,
): (bytes: Buffer) => object {
  return (bytes) => {
    let response: object;
    try {
      response = timedSum('decode', () => decode(bytes));
    } catch {
      return general(bytes);
    }
    apiForm.add(response);
    return response;
  };
}

/** Encodes these workflow wire objects now, for a later PostWorkflows/PatchWorkflows to reuse. */
export function encodeWritesAhead(pkg: ClarifaiPackage, wires: readonly object[]): void {
  const general = pkg.service.PatchWorkflows?.requestSerialize as
    ((value: object) => Buffer) | undefined;
  if (!general) return;
  for (const wire of wires) encodeWorkflowAhead(general, wire);
}

const encoders = new WeakMap<ClarifaiPackage, WorkflowEncoder | null>();

/** The direct encoder of the workflows write requests carry (fast-encode.ts); null if this proto has no Workflow it can plan. */
export function workflowEncoderFor(pkg: ClarifaiPackage): WorkflowEncoder | null {
  let encoder = encoders.get(pkg);
  if (encoder === undefined) {
    try {
      encoder = buildWorkflowEncoder(pkg.descriptors, 'clarifai.api.Workflow');
    } catch {
      encoder = null;
    }
    encoders.set(pkg, encoder);
  }
  return encoder;
}
