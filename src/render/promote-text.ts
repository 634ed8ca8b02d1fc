/**
 * `promote`'s text output. stdout: the unified diff of vtr-wf.yaml (or a line
 * saying there is nothing to promote). stderr: what moved per alias, then
 * what happened to the file. Pure.
 */
import type { PromoteResult } from '../commands/promote.js';
import { painter, paintUnifiedDiff } from './color.js';

export interface PromoteRenderOptions {
  from: string;
  to: string;
  dryRun: boolean;
  /** Colour on stdout (the diff). */
  color: boolean;
}

export function renderPromoteText(result: PromoteResult, opts: PromoteRenderOptions): string {
  if (!hasChanges(result))
    return `Nothing to promote: \`${opts.to}\` already runs \`${opts.from}\`'s pins; ${result.file} left untouched.\n`;
  return opts.color ? paintUnifiedDiff(result.diff, painter(true)) : result.diff;
}

export function renderPromoteNotes(result: PromoteResult, opts: PromoteRenderOptions): string {
  if (!hasChanges(result)) return '';
  const fields = ['id', 'version', 'user_id', 'app_id'] as const;
  const lines = result.promotions.map((p) => {
    const moved = fields
      .filter((f) => p.from[f] !== p.to[f])
      .map((f) => `${f} ${p.to[f] ?? '(none)'} → ${p.from[f] ?? '(none)'}`);
    return `${p.alias}: ${moved.join(', ')}`;
  });
  const count = result.promotions.length;
  lines.push(
    opts.dryRun
      ? `Dry run: ${result.file} not changed.`
      : `Promoted ${count} pin${count === 1 ? '' : 's'} from \`${opts.from}\` to \`${opts.to}\` in ${result.file}.`,
  );
  return lines.join('\n') + '\n';
}

function hasChanges(result: PromoteResult): boolean {
  return result.promotions.some((p) => p.edits.length > 0);
}
