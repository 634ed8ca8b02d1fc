/**
 * The exact body written for a create or update, and whether a live workflow
 * is what that body asked for. Shared by the executor (ambiguous retries) and
 * the post-apply check, so "applied" means the same thing in both. Pure.
 */
import { stableStringify } from '../json.js';
import type { ApiWorkflow } from '../clarifai/types.js';
import { diffWorkflows } from '../plan/diff.js';
import { normaliseLive } from '../plan/normalise.js';
import { changeToApiWorkflow } from '../plan/to-api.js';
import type { PlanChange } from '../plan/types.js';

/** The body for a create or update: the plan's workflow, its kept metadata and the mark. */
export const writeRequest: (change: PlanChange, project: string, revision?: string) => ApiWorkflow =
  changeToApiWorkflow;

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
  const normal = normaliseLive(live);
  const paths = diffWorkflows(change.workflow, normal.workflow).map((d) => d.path);
  // A rename with nothing else to change writes no content: its old mark stays.
  if (change.action === 'rename' && (change.diffs ?? []).length === 0) return paths;
  const expectedMetadata = writeRequest(change, project, revision).metadata ?? {};
  if (stableStringify(normal.metadata) !== stableStringify(expectedMetadata))
    paths.push('/metadata');
  return paths;
}
