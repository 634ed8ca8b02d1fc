/**
 * `versions prune` for people, before asking (`planned`) and after:
 *
 *   wf-a: keep 1, delete 2
 *     = 3f2a…  live
 *     - 9c8b…
 *     - 1a2b…
 *
 *   Prune: 2 versions to delete of 1 workflow, keeping the newest 1 (and always the live one).
 *
 * `=` kept, `-` deleted (or to delete). Pure.
 */
import type { PruneVersionsResult } from '../commands/prune-versions.js';

export function renderPruneText(
  result: PruneVersionsResult,
  options: { planned?: boolean } = {},
): string {
  const lines: string[] = [];
  for (const w of result.workflows) {
    lines.push(`${w.id}: keep ${w.kept.length}, delete ${w.deleted.length}`);
    for (const v of w.kept) lines.push(`  = ${v}${v === w.live ? '  live' : ''}`);
    for (const v of w.deleted) lines.push(`  - ${v}`);
    lines.push('');
  }
  const { deleted, workflows } = result.summary;
  const versions = `${deleted} version${deleted === 1 ? '' : 's'}`;
  const of = `of ${workflows} workflow${workflows === 1 ? '' : 's'}`;
  const keeping = `keeping the newest ${result.keep} (and always the live one)`;
  if (workflows === 0) lines.push(`No workflows of this project in ${result.environment}.`);
  else if (deleted === 0 && !result.cancelled)
    lines.push(
      `Nothing to prune in ${result.environment}: no workflow has more than ${result.keep} version${result.keep === 1 ? '' : 's'}.`,
    );
  else if (result.cancelled) lines.push(`Prune cancelled; nothing was deleted.`);
  else if (options.planned)
    lines.push(`Prune: ${versions} to delete ${of} in ${result.environment}, ${keeping}.`);
  else lines.push(`Deleted ${versions} ${of} in ${result.environment}, ${keeping}.`);
  return lines.join('\n') + '\n';
}
