/**
 * The apply Report for people: one headline with the exact count
 * (`Apply complete: applied 3 of 3.`), then what failed (code and
 * description) and what was not attempted. Pure.
 */
import type { Report } from '../apply/types.js';
import { statusCodeName } from '../model/status-code-name.js';
import { painter } from './color.js';

const SYMBOL = { create: '+', update: '~', delete: '-', rename: '~' } as const;

/** `~ rename old → new` or `+ id`. */
function named(change: { id: string; action: keyof typeof SYMBOL; from?: string }): string {
  return change.action === 'rename'
    ? `${SYMBOL.rename} rename ${change.from ?? '?'} → ${change.id}`
    : `${SYMBOL[change.action]} ${change.id}`;
}

export function renderReportText(report: Report, opts: { color: boolean }): string {
  const paint = painter(opts.color);
  const { applied, planned } = report.summary;
  const counted = `applied ${applied} of ${planned}.`;
  const lines: string[] = [];
  if (report.interrupted) lines.push(paint('yellow', `Apply interrupted: ${counted}`));
  else if (report.failed.length > 0 || report.not_attempted.length > 0)
    lines.push(paint('red', `Apply failed: ${counted}`));
  else lines.push(paint('green', `Apply complete: ${counted}`));

  // The versions the writes made (and renames), so a version can be traced back to this apply.
  if (report.applied.some((a) => a.version !== undefined || a.action === 'rename')) {
    lines.push('', `Applied (${report.applied.length}):`);
    for (const a of report.applied) {
      lines.push(`  ${named(a)}${a.version !== undefined ? `: version ${a.version}` : ''}`);
    }
  }

  if (report.failed.length > 0) {
    lines.push('', `Failed (${report.failed.length}):`);
    for (const f of report.failed) {
      const code = typeof f.code === 'number' ? `${statusCodeName(f.code)} ${f.code}` : f.code;
      lines.push(`  ${named(f)}: ${code}: ${f.description}`);
    }
  }
  if (report.not_attempted.length > 0) {
    lines.push('', `Not attempted (${report.not_attempted.length}):`);
    for (const n of report.not_attempted) lines.push(`  ${named(n)}`);
  }
  if (report.failed.length > 0 || report.not_attempted.length > 0) {
    lines.push('', 'Run `vtr-wf plan` to see what is left, and `vtr-wf apply` again to finish.');
  }
  return lines.join('\n') + '\n';
}
