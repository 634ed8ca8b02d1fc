/**
 * Re-reads the live workflows a plan touches: one GetWorkflow each when there
 * are few, otherwise a full ListWorkflows (up to 1000 a page), which is far
 * fewer calls once more than a handful are touched.
 */
import type { ApiWorkflow, ClarifaiApi } from '../clarifai/types.js';

/** At or below this many ids, single gets beat listing an app of unknown size. */
export const SINGLE_GET_LIMIT = 8;

export async function readWorkflows(
  api: ClarifaiApi,
  ids: readonly string[],
): Promise<Map<string, ApiWorkflow | null>> {
  const result = new Map<string, ApiWorkflow | null>();
  const unique = [...new Set(ids)];
  if (unique.length === 0) return result;
  if (unique.length <= SINGLE_GET_LIMIT) {
    const read = await Promise.all(unique.map((id) => api.getWorkflow(id)));
    unique.forEach((id, i) => result.set(id, read[i] ?? null));
    return result;
  }
  const wanted = new Set(unique);
  for (const id of unique) result.set(id, null);
  // The app holds at least the touched ones: pages they fill are asked for at once, not one
  // round trip after another.
  for (const workflow of await api.listWorkflows({ expected: unique.length })) {
    if (wanted.has(workflow.id)) result.set(workflow.id, workflow);
  }
  return result;
}
