/**
 * Problems found on the way to a result (invalid specs, unmanaged conflicts,
 * missing model versions), in validate's text format so a user reads one
 * format everywhere, then one line saying what the errors stopped. Pure.
 */
import { sortDiagnostics, type Diagnostic } from '../diagnostic.js';
import { renderValidateText } from './validate-text.js';

export interface DiagnosticsTextOptions {
  color: boolean;
  /** What the errors stopped (default: a plan); import says no files were written. */
  stopped?: string;
}

export function renderDiagnosticsText(
  diagnostics: readonly Diagnostic[],
  opts: DiagnosticsTextOptions,
): string {
  if (diagnostics.length === 0) return '';
  const text = renderValidateText(sortDiagnostics(diagnostics), { color: opts.color });
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return (
    (text.endsWith('\n') ? text : text + '\n') +
    (errors > 0
      ? `${errors} error${errors === 1 ? '' : 's'}: ${opts.stopped ?? 'no plan was made, and nothing was written'}.\n`
      : '')
  );
}
