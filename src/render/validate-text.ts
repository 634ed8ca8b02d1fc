/**
 * Diagnostics as a compiler prints them, one block each:
 *
 *   workflows/vtr.yaml:11:22: error unknown-input node `image-crop` reads from …
 *     pointer: /nodes/1/inputs/0
 *     suggestion: did you mean `detect-concept`?
 *
 * Pure. The summary line is separate (the CLI writes it to stderr, so stdout
 * holds only diagnostics).
 */
import type { Diagnostic } from '../diagnostic.js';
import { painter } from './color.js';

export interface TextOptions {
  color?: boolean;
}

export function renderValidateText(
  diagnostics: readonly Diagnostic[],
  opts: TextOptions = {},
): string {
  return diagnostics.map((d) => renderOne(d, opts.color === true)).join('');
}

function renderOne(d: Diagnostic, color: boolean): string {
  const paint = painter(color);
  const bold = (s: string) => paint('bold', s);
  const dim = (s: string) => paint('dim', s);
  const severity = paint(d.severity === 'error' ? 'red' : 'yellow', d.severity);
  let text = `${bold(location(d))}: ${severity} ${dim(d.code)} ${oneLine(d.message)}\n`;
  if (d.pointer !== '') text += `  ${dim('pointer:')} ${d.pointer}\n`;
  if (d.suggestion) text += `  ${paint('cyan', 'suggestion:')} ${oneLine(d.suggestion)}\n`;
  return text;
}

/** `file:line:col`, or just the file when the problem has no position. */
export function location(d: Pick<Diagnostic, 'file' | 'line' | 'column'>): string {
  const file = d.file === '' ? 'vtr-wf' : d.file;
  return d.line > 0 ? `${file}:${d.line}:${d.column}` : file;
}

/** Messages quote user text: keep each diagnostic's first line its own. */
function oneLine(s: string): string {
  return s.replace(/\r?\n/g, ' ');
}

export interface ValidationCounts {
  files: number;
  workflows: number;
}

/** `2 errors, 1 warning (3 workflows in 2 files)` or `ok: 3 workflows in 2 files`. */
export function renderValidateSummary(
  diagnostics: readonly Diagnostic[],
  counts: ValidationCounts,
  opts: TextOptions = {},
): string {
  const paint = painter(opts.color === true);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const scope = `${plural(counts.workflows, 'workflow')} in ${plural(counts.files, 'file')}`;
  if (errors === 0 && warnings === 0) {
    return `${paint('bold', 'ok')}: ${scope}, no problems\n`;
  }
  const parts = [];
  if (errors > 0) parts.push(paint('red', plural(errors, 'error')));
  if (warnings > 0) parts.push(paint('yellow', plural(warnings, 'warning')));
  return `${parts.join(', ')} (${scope})\n`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
