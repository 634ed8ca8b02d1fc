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
 */

type Serialize = (value: object) => Buffer;

/** A workflow's wire object → the encoding of `{ workflows: [it] }`. */
const encodedWorkflows = new WeakMap<object, Buffer>();

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
      if (!bytes) return general(value);
      parts.push(bytes);
    }
    if (action !== undefined) parts.push(general({ action }));
    return Buffer.concat(parts);
  };
}
