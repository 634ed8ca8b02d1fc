/**
 * `import`'s text output. stdout: the YAML stream, or (with --out) one
 * `wrote FILE` line a file; nothing when an error stopped it. stderr: the
 * problems, then one line per version --resolve-latest chose. Pure.
 */
import { hasErrors } from '../diagnostic.js';
import type { ImportRun } from '../commands/import.js';
import { renderDiagnosticsText } from './diagnostics-text.js';

export interface ImportRenderOptions {
  /** --out DIR was given. */
  toFiles: boolean;
  /** The environment --resolve-latest read (undefined without it). */
  resolvedFrom?: string;
  /** Colour on stderr. */
  stderrColor: boolean;
}

export function renderImportText(result: ImportRun, opts: ImportRenderOptions): string {
  if (hasErrors(result.diagnostics)) return '';
  if (opts.toFiles) return result.written.map((file) => `wrote ${file}\n`).join('');
  return result.stream ?? '';
}

export function renderImportNotes(result: ImportRun, opts: ImportRenderOptions): string {
  const problems = renderDiagnosticsText(result.diagnostics, {
    color: opts.stderrColor,
    stopped: 'nothing was imported',
  });
  if (hasErrors(result.diagnostics)) return problems;
  return (
    problems +
    result.resolved
      .map(
        (chosen) =>
          `${chosen.file}:${chosen.line}:${chosen.column}: node \`${chosen.node}\` of \`${chosen.workflow}\`: model \`${chosen.model}\` pinned to its latest version ${chosen.version} in \`${opts.resolvedFrom}\`\n`,
      )
      .join('')
  );
}
