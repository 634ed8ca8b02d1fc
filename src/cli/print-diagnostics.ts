/**
 * Plan-time problems go to stderr (render/diagnostics-text.ts says how).
 * Returns whether any is an error.
 */
import { hasErrors, type Diagnostic } from '../diagnostic.js';
import { renderDiagnosticsText } from '../render/diagnostics-text.js';

export function printDiagnostics(
  diagnostics: readonly Diagnostic[],
  /** `stopped`: what the errors stopped (default: a plan); import says no files were written. */
  opts: { color: boolean; cwd: string; stopped?: string },
): boolean {
  process.stderr.write(
    renderDiagnosticsText(diagnostics, {
      color: opts.color,
      ...(opts.stopped !== undefined ? { stopped: opts.stopped } : {}),
    }),
  );
  return hasErrors(diagnostics);
}
