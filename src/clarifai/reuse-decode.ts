/**
 * MultiWorkflowResponse answers (ListWorkflows, and the writes' answers)
 * decoded reusing what an earlier answer decoded: a workflow whose bytes are
 * exactly those of its last sighting (same id, same bytes) comes back as the
 * SAME object, not decoded again. Why: apply reads the app to plan, then again
 * under the lease, and the second read is almost always byte for byte the
 * first — 1000 workflows decoded twice, then compared value by value to learn
 * they are equal. With the same objects, the drift check and the backups'
 * confirmation see identity and stop there. The read that verifies an apply
 * likewise finds the bytes the writes' answers held (the API answers a write
 * with the workflow as stored): kept as bytes when they came
 * (rememberWritten), decoded while that read was awaited (decodeRemembered).
 *
 * The answer is exactly the whole decoder's (`{ workflows, status }` in that
 * key order: repeated fields first, see fast-decode.ts); anything other than
 * the two fields of a MultiWorkflowResponse goes to the whole decoder. The
 * objects are shared between answers, so their consumers must not change
 * them (none does: normalising copies what it keeps).
 */
import { DecodeUnsupported, Reader, type MessageDecoder } from './fast-decode.js';

/** MultiWorkflowResponse's field numbers, and Workflow.id's. */
const STATUS_FIELD = 1;
const WORKFLOWS_FIELD = 2;
const WORKFLOW_ID_FIELD = 1;
const LENGTH_DELIMITED = 2;
/** Sightings remembered; past it the memory starts again (a plan of 10,000 fits). */
const MAX_REMEMBERED = 50_000;

interface Sighting {
  bytes: Uint8Array;
  /** Undefined until decoded: a write's answer is kept as bytes (rememberWritten). */
  value?: Record<string, unknown>;
}

/** The last sighting of each workflow id, shared by the decoders that should reuse each other's. */
export type WorkflowSightings = Map<string, Sighting>;

export function workflowSightings(): WorkflowSightings {
  return new Map();
}

export function reusingListDecoder(
  decodeWhole: MessageDecoder,
  decodeWorkflow: MessageDecoder,
  decodeStatus: MessageDecoder,
  seen: WorkflowSightings = workflowSightings(),
): MessageDecoder {
  return (bytes) => {
    const fields = topLevelFields(bytes);
    if (!fields) return decodeWhole(bytes);
    if (seen.size > MAX_REMEMBERED) seen.clear();
    const workflows = fields.workflows.map((element) => {
      const id = leadingId(element);
      const earlier = id === undefined ? undefined : seen.get(id);
      if (earlier && sameBytes(earlier.bytes, element))
        return (earlier.value ??= decodeWorkflow(element));
      const value = decodeWorkflow(element);
      if (id !== undefined && value.id === id) seen.set(id, { bytes: element, value });
      return value;
    });
    const response: Record<string, unknown> = { workflows };
    if (fields.status) response.status = decodeStatus(fields.status);
    return response;
  };
}

/** The status and workflow elements of a MultiWorkflowResponse; null for anything else. */
function topLevelFields(
  bytes: Uint8Array,
): { status: Uint8Array | undefined; workflows: Uint8Array[] } | null {
  const workflows: Uint8Array[] = [];
  let status: Uint8Array | undefined;
  const reader = new Reader(bytes);
  try {
    while (reader.pos < bytes.length) {
      const tag = reader.uint32();
      if (tag % 8 !== LENGTH_DELIMITED) return null;
      const end = reader.end(reader.uint32());
      const element = bytes.subarray(reader.pos, end);
      reader.pos = end;
      const field = tag >>> 3;
      if (field === WORKFLOWS_FIELD) workflows.push(element);
      // A repeated singular message merges: rare enough to leave to the whole decoder.
      else if (field === STATUS_FIELD && !status) status = element;
      else return null;
    }
  } catch (e) {
    if (e instanceof DecodeUnsupported) return null; // malformed: the whole decoder says how
    throw e;
  }
  return { status, workflows };
}

/** A workflow's id when it is written first (encoders write fields in number order). */
function leadingId(element: Uint8Array): string | undefined {
  const reader = new Reader(element);
  try {
    return reader.uint32() === WORKFLOW_ID_FIELD * 8 + LENGTH_DELIMITED
      ? reader.string()
      : undefined;
  } catch {
    return undefined; // malformed: the whole decode says what it is
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/**
 * Remembers the workflows of a write's answer as bytes, to be decoded later
 * (decodeRemembered) — while apply waits for the read that confirms its
 * writes, which finds these same bytes. The answer itself is decoded for its
 * version ids only. Anything but a MultiWorkflowResponse is left alone.
 */
export function rememberWritten(bytes: Uint8Array, seen: WorkflowSightings): void {
  const fields = topLevelFields(bytes);
  if (!fields) return;
  if (seen.size > MAX_REMEMBERED) seen.clear();
  for (const element of fields.workflows) {
    const id = leadingId(element);
    if (id === undefined) continue;
    const earlier = seen.get(id);
    if (earlier && sameBytes(earlier.bytes, element)) continue;
    // A copy: gRPC's receive buffer is not ours to keep (a subarray would pin it whole).
    seen.set(id, { bytes: Uint8Array.prototype.slice.call(element) });
  }
}

/**
 * Decodes the remembered workflows not decoded yet, `chunk` at a time, yielding
 * to the event loop between chunks so answers are read on time. A sighting the
 * whole decoder turns out to decline (or whose id the bytes do not hold) is
 * forgotten: the next answer holding it decodes it the usual way.
 */
export async function decodeRemembered(
  seen: WorkflowSightings,
  decodeWorkflow: MessageDecoder,
  chunk = 50,
): Promise<void> {
  const pending = [...seen].filter(([, s]) => s.value === undefined);
  for (let i = 0; i < pending.length; i++) {
    if (i > 0 && i % chunk === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const [id, sighting] = pending[i] as [string, Sighting];
    if (seen.get(id) !== sighting || sighting.value !== undefined) continue;
    try {
      const value = decodeWorkflow(sighting.bytes);
      if (value.id === id) sighting.value = value;
      else seen.delete(id);
    } catch {
      seen.delete(id);
    }
  }
}
