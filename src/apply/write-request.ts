/**
 * The exact body written for a create or update, and whether a live workflow
 * is what that body asked for. Shared by the executor (ambiguous retries) and
 * the post-apply check, so "applied" means the same thing in both. Pure.
 */
import { isJsonObject, stableStringify } from '../json.js';
import type { ApiWorkflow } from '../clarifai/types.js';
import { diffWorkflows } from '../plan/diff.js';
import { canonicaliseLive } from '../plan/canonical-live.js';
import { changeToApiWorkflow, imageRemoval } from '../plan/to-api.js';
import type { PlanChange } from '../plan/types.js';

/**
 * The body for a create or update: the plan's workflow, its kept metadata and
 * the mark. Built once per change and kept (the post-apply check asks again
 * for every change; the mark's hash is the costly part). Callers must not
 * modify the body they get.
 */
export function writeRequest(change: PlanChange, project: string, revision?: string): ApiWorkflow {
  const key = `${project}\u0000${revision ?? ''}`;
  const known = built.get(change);
  if (known?.key === key) return known.body;
  const body = changeToApiWorkflow(change, project, revision);
  built.set(change, { key, body });
  return body;
}

const built = new WeakMap<PlanChange, { key: string; body: ApiWorkflow }>();

/**
 * The `remove` body taking away a live cover image the update's workflow no
 * longer has (its own PatchWorkflows call after the update), or null.
 */
export const imageRemovalRequest: (change: PlanChange) => ApiWorkflow | null = imageRemoval;

/**
 * Why `live` is not what `change` planned, as readable paths ([] when it is):
 * for a deletion, the workflow must be gone; otherwise its canonical content
 * must have no diff against the plan and its metadata must equal what was written.
 */
export function liveMismatch(
  live: ApiWorkflow | null,
  change: PlanChange,
  project: string,
  revision?: string,
): string[] {
  if (change.action === 'delete') return live === null ? [] : ['still exists'];
  if (live === null) return ['does not exist'];
  if (!change.workflow) return ['the plan carries no workflow'];
  // Only the canonical content and the metadata: no fingerprint, no scan of unmodelled fields.
  const paths = diffWorkflows(change.workflow, canonicaliseLive(live)).map((d) => d.path);
  // A rename with nothing else to change writes no content: its old mark stays.
  if (change.action === 'rename' && (change.diffs ?? []).length === 0) return paths;
  const expectedMetadata = writeRequest(change, project, revision).metadata ?? {};
  const liveMetadata = isJsonObject(live.metadata) ? live.metadata : {};
  if (stableStringify(liveMetadata) !== stableStringify(expectedMetadata)) paths.push('/metadata');
  return paths;
}
