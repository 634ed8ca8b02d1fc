/** `promote --format json`: the file, whether it changed, each pin moved, and the diff. Pure. */
import type { PromoteResult } from '../commands/promote.js';
import type { PromoteRenderOptions } from './promote-text.js';

export function renderPromoteJson(result: PromoteResult, opts: PromoteRenderOptions): string {
  const changes = result.promotions.flatMap((p) => p.edits);
  const shown = {
    from: opts.from,
    to: opts.to,
    file: result.file,
    changed: changes.length > 0,
    written: result.written,
    changes: changes.map((c) => ({
      alias: c.alias,
      field: c.field,
      before: c.before ?? null,
      after: c.after ?? null,
    })),
    diff: result.diff,
  };
  return JSON.stringify(shown, null, 2) + '\n';
}
