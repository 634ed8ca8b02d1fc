/**
 * `history` for people: one block a version, newest first —
 *
 *   * 3f2a…  2026-01-02T10:00:00.000Z  live  vtr-wf spec 1a2b3c4d5e6f rev 9c8b7a6
 *       changed node image-to-text (model version)
 *
 * `*` marks the live version; `deprecated` and `rollback of …` say themselves;
 * a version vtr-wf did not make says `not vtr-wf`. Pure.
 */
import type { HistoryResult } from '../commands/history.js';

export function renderHistoryText(result: HistoryResult): string {
  const n = result.versions.length;
  const lines = [
    `Workflow ${result.workflow} in ${result.environment}: ${n} version${n === 1 ? '' : 's'}, newest first.`,
  ];
  for (const v of result.versions) {
    const parts = [
      `${v.live ? '*' : ' '} ${v.id}`,
      v.created_at || '(no time)',
      ...(v.live ? ['live'] : []),
      v.managed ? `vtr-wf spec ${(v.spec_hash ?? '?').slice(0, 12)}` : 'not vtr-wf',
      ...(v.revision ? [`rev ${v.revision}`] : []),
      ...(v.rolled_back_from ? [`rollback from ${v.rolled_back_from}`] : []),
      ...(v.deprecated ? ['deprecated'] : []),
    ];
    lines.push('', parts.join('  '));
    if (v.changes === undefined) lines.push('    (first version kept)');
    else if (v.changes.length === 0) lines.push('    no node changes');
    else for (const change of v.changes) lines.push(`    ${change}`);
  }
  return lines.join('\n') + '\n';
}
