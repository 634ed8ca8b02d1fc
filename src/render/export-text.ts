/**
 * `export`'s text output. stdout: the YAML stream, or (with --out) one
 * `wrote FILE` line a file. stderr: a notice when the environment has no
 * workflows. Pure.
 */
import type { ExportResult } from '../commands/export.js';

export interface ExportRenderOptions {
  /** The environment read (named in the notice). */
  env: string;
  /** --out DIR was given: files were written instead of a stream. */
  toFiles: boolean;
}

export function renderExportText(result: ExportResult, opts: ExportRenderOptions): string {
  if (opts.toFiles) return result.written.map((file) => `wrote ${file}\n`).join('');
  return result.stream ?? '';
}

export function renderExportNotes(result: ExportResult, opts: ExportRenderOptions): string {
  if (opts.toFiles)
    return result.written.length === 0
      ? `environment \`${opts.env}\` has no workflows; nothing written\n`
      : '';
  return result.stream ? '' : `environment \`${opts.env}\` has no workflows; nothing exported\n`;
}
