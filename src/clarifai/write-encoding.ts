/**
 * Write requests (PostWorkflows, PatchWorkflows) serialised from workflow
 * bytes made ahead of time. Why: apply's 20 batches become ready together
 * after one lease check, and encoding 1000 workflows then (fromObject +
 * encode, ~100 ms) was one burst on the thread that sends them — the last
 * batch left a burst later than the first. Encoded while apply waits for its
 * lease, the requests are only spliced together when they go.
 *
 * The bytes are exactly the general encoder's: both requests are
 * `user_app_id = 1, repeated Workflow workflows = 2` (PatchWorkflows adds
 * `action = 3`), written in field order, so the encoding of the fields before
 * `workflows`, then of `{ workflows: [w] }` for each w, then of `action`, is
 * byte for byte the encoding of the whole request (write-encoding.test.ts).
 * A request with any workflow not encoded ahead is encoded the general way.
 * Most workflows are encoded ahead by the direct encoder (fast-encode.ts),
 * into the same bytes, without a wire object at all (wireFor).
 */

import { EncodeUnsupported, type WorkflowEncoder } from './fast-encode.js';

type Serialize = (value: object) => Buffer;

/** A workflow's wire object (or its stand-in) → the encoding of `{ workflows: [it] }`. */
const encodedWorkflows = new WeakMap<object, Buffer>();
/** Stand-ins for workflows the direct encoder wrote → their wire object, made only when needed. */
const standIns = new WeakMap<object, () => object>();

/**
 * What a write request carries for one workflow: a stand-in holding its bytes
 * when the direct encoder (fast-encode.ts) takes it — no wire object is made
 * unless a request must be encoded the general way — else its wire object.
 */
export function wireFor(
  workflow: object,
  encode: WorkflowEncoder | null,
  toWire: () => object,
): object {
  if (encode) {
    try {
      const bytes = encode(workflow);
      const standIn = {};
      encodedWorkflows.set(standIn, bytes);
      standIns.set(standIn, toWire);
      return standIn;
    } catch (e) {
      if (!(e instanceof EncodeUnsupported)) throw e;
    }
  }
  return toWire();
}

/** The request with each stand-in replaced by its wire object, for the general encoder. */
function withWires(value: object): object {
  const { workflows } = value as { workflows?: unknown };
  if (!Array.isArray(workflows) || !workflows.some((w) => standIns.has(w as object))) return value;
  return {
    ...value,
    workflows: workflows.map((w: object) => standIns.get(w)?.() ?? w),
  };
}

/** Encodes `{ workflows: [wire] }` now, for the request serializer below to reuse. */
export function encodeWorkflowAhead(general: Serialize, wire: object): void {
  if (!encodedWorkflows.has(wire)) encodedWorkflows.set(wire, general({ workflows: [wire] }));
}

/** PostWorkflows'/PatchWorkflows' request serializer, splicing in workflows encoded ahead. */
export function splicingSerializer(general: Serialize): Serialize {
  return (value) => {
    const { workflows, action, ...before } = value as {
      workflows?: unknown;
      action?: unknown;
    } & Record<string, unknown>;
    if (!Array.isArray(workflows) || workflows.length === 0) return general(value);
    const parts: Buffer[] = [general(before)];
    for (const wire of workflows) {
      const bytes = typeof wire === 'object' && wire !== null && encodedWorkflows.get(wire);
      if (!bytes) return general(withWires(value));
      parts.push(bytes);
    }
    if (action !== undefined) parts.push(general({ action }));
    return Buffer.concat(parts);
  };
}
