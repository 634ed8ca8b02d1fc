/** `import --format json`: diagnostics, the specs (or the files written) and, with --resolve-latest, the versions chosen. Pure. */
import type { ImportRun } from '../commands/import.js';
import type { ImportRenderOptions } from './import-text.js';

export function renderImportJson(result: ImportRun, opts: ImportRenderOptions): string {
  const shown = {
    diagnostics: result.diagnostics,
    ...(opts.toFiles ? { written: result.written } : { workflows: result.specs }),
    ...(opts.resolvedFrom !== undefined ? { resolved: result.resolved } : {}),
  };
  return JSON.stringify(shown, null, 2) + '\n';
}
