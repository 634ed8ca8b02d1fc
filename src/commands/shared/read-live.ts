/**
 * The live side of a plan: every workflow of the app in as few calls as the
 * API allows (ListWorkflows, up to 1000 a page), lease workflows set aside,
 * each normalised into the canonical form plan() compares.
 */
import type { ApiWorkflow, ClarifaiApi } from '../../clarifai/types.js';
import { isJsonObject, type JsonObject } from '../../json.js';
import { canonicaliseLive, keptFields, unsupportedFields } from '../../plan/canonical-live.js';
import { fingerprintOf } from '../../plan/fingerprint.js';
import { comparePointers } from '../../json-pointer.js';
import { isLockWorkflowId } from '../../plan/lock-id.js';
import { parseMark } from '../../plan/mark.js';
import { liveVersionId } from '../../plan/normalise.js';
import type { LiveWorkflow } from '../../plan/types.js';
import { phase } from '../../phases.js';

export interface LiveRead {
  /** The workflows exactly as read (no lease workflows), by id. */
  raw: Map<string, ApiWorkflow>;
  workflows: LiveWorkflow[];
  /** The lease workflows set aside (any project's), as read. */
  leases: ApiWorkflow[];
}

/** `expected`: how many workflows the app likely holds (the spec count), to read pages ahead. */
export async function readLive(api: ClarifaiApi, expected = 0): Promise<LiveRead> {
  const raw = new Map<string, ApiWorkflow>();
  const leases: ApiWorkflow[] = [];
  const listDone = phase('list');
  const listed = await api.listWorkflows({ expected });
  listDone();
  for (const workflow of listed) {
    // Lease workflows are machinery: never planned, never pruned, never exported.
    if (isLockWorkflowId(workflow.id)) leases.push(workflow);
    else raw.set(workflow.id, workflow);
  }
  return { raw, workflows: [...raw.values()].map(normaliseLazily), leases };
}

/**
 * normaliseLive, with the fingerprint and the scan for unsupported fields
 * computed only when read. plan() reads them only for the workflows it
 * touches, and they are most of normalising's cost: an app of 1000 unchanged
 * workflows should not hash 1000 of them.
 */
export function normaliseLazily(api: ApiWorkflow): LiveWorkflow {
  // A copy, as normaliseLive makes: the plan keeps metadata, and must own it.
  const metadata: JsonObject = isJsonObject(api.metadata)
    ? (JSON.parse(JSON.stringify(api.metadata)) as JsonObject)
    : {};
  // normaliseLive's parts, each computed once when first read; the canonical form and
  // the metadata copy made here are reused, not made again (as normaliseLive would).
  const workflow = canonicaliseLive(api);
  let unsupported: Record<string, unknown> | undefined;
  const unsupportedOf = () => (unsupported ??= unsupportedFields(api));
  let fingerprint: string | undefined;
  let unsupportedPaths: string[] | undefined;
  let kept: LiveWorkflow['kept'] | undefined;
  return {
    workflow,
    metadata,
    mark: parseMark(metadata),
    version: liveVersionId(api),
    get fingerprint() {
      return (fingerprint ??= fingerprintOf(workflow, metadata, unsupportedOf()));
    },
    get unsupported() {
      return (unsupportedPaths ??= Object.keys(unsupportedOf()).sort(comparePointers));
    },
    get kept() {
      return (kept ??= keptFields(api));
    },
  };
}
