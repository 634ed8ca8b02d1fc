/**
 * The live side of a plan: every workflow of the app in as few calls as the
 * API allows (ListWorkflows, up to 1000 a page), lease workflows set aside,
 * each normalised into the canonical form plan() compares.
 */
import type { ApiWorkflow, ClarifaiApi } from '../clarifai/types.js';
import { isLockWorkflowId } from '../plan/lock-id.js';
import { normaliseLive } from '../plan/normalise.js';
import type { LiveWorkflow } from '../plan/types.js';

export interface LiveRead {
  /** The workflows exactly as read (no lease workflows), by id. */
  raw: Map<string, ApiWorkflow>;
  workflows: LiveWorkflow[];
}

export async function readLive(api: ClarifaiApi): Promise<LiveRead> {
  const raw = new Map<string, ApiWorkflow>();
  for (const workflow of await api.listWorkflows()) {
    // Lease workflows are machinery: never planned, never pruned, never exported.
    if (!isLockWorkflowId(workflow.id)) raw.set(workflow.id, workflow);
  }
  return { raw, workflows: [...raw.values()].map(normaliseLive) };
}
