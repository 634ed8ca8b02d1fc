import type { WorkflowRun } from '../run/types.js';

/** `run --format json`: the WorkflowRun itself. */
export function renderRunJson(run: WorkflowRun): string {
  return JSON.stringify(run, null, 2) + '\n';
}
