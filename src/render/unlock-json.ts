/** `unlock --format json`: the use case's result as is. Pure. */
import type { UnlockResult } from '../commands/unlock.js';

export function renderUnlockJson(result: UnlockResult): string {
  return JSON.stringify(result, null, 2) + '\n';
}
