/** `unlock`: one line saying what was removed, or that there was no lease. Pure. */
import type { UnlockResult } from '../commands/unlock.js';

export function renderUnlockText(result: UnlockResult, options: { env: string }): string {
  return result.removed
    ? `Removed the lease ${result.id} held by ${result.holder} (expiry ${result.expires_at}).\n`
    : `No lease held on environment \`${options.env}\` (${result.id} does not exist).\n`;
}
