/** `history --format json`: the contract's shape. Pure. */
import type { HistoryResult } from '../commands/history.js';

export function renderHistoryJson(result: HistoryResult): string {
  return JSON.stringify(result, null, 2) + '\n';
}
