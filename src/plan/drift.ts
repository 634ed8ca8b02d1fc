/**
 * Where a live workflow differs from its spec: the plan's field diffs, as the
 * JSON pointers of what differs. `test` uses it to warn that it tests what is
 * live, not what the spec says. Pure.
 */
import type { ApiWorkflow } from '../model/api-types.js';
import { canonicaliseLive } from './canonical-live.js';
import { diffWorkflows } from './diff.js';
import type { CanonicalWorkflow } from './types.js';

export function liveDrift(desired: CanonicalWorkflow, live: ApiWorkflow): string[] {
  return diffWorkflows(desired, canonicaliseLive(live)).map((d) => d.path);
}
