/** `versions prune --format json`: the use case's result as is (README, "Versions, rollback and renames"). Pure. */
import type { PruneVersionsResult } from '../commands/prune-versions.js';

export function renderPruneJson(result: PruneVersionsResult): string {
  return JSON.stringify(result, null, 2) + '\n';
}
