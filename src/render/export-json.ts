/** `export --format json`: the specs (or, with --out, the files written) and the warnings. Pure. */
import type { ExportResult } from '../commands/export.js';
import type { ExportRenderOptions } from './export-text.js';

export function renderExportJson(result: ExportResult, opts: ExportRenderOptions): string {
  const shown = opts.toFiles
    ? { written: result.written, warnings: result.warnings }
    : { workflows: result.specs, warnings: result.warnings };
  return JSON.stringify(shown, null, 2) + '\n';
}
