/**
 * Plan-time problems (invalid specs, unmanaged conflicts, missing model
 * versions) go to stderr in validate's text format, so a user reads one
 * format everywhere, then one line saying what the errors stopped. Returns
 * whether any is an error.
 */
import { hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostic.js';
import { renderValidateText } from '../render/validate-text.js';

export function printDiagnostics(
  diagnostics: readonly Diagnostic[],
  /** `stopped`: what the errors stopped (default: a plan); import says no files were written. */
  opts: { color: boolean; cwd: string; stopped?: string },
): boolean {
  if (diagnostics.length === 0) return false;
  const text = renderValidateText(sortDiagnostics(diagnostics), { color: opts.color });
  process.stderr.write(text.endsWith('\n') ? text : text + '\n');
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0) {
    process.stderr.write(
      `${errors} error${errors === 1 ? '' : 's'}: ${opts.stopped ?? 'no plan was made, and nothing was written'}.\n`,
    );
  }
  return hasErrors(diagnostics);
}
