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

export interface TextOptions {
  color?: boolean;
}

const ansi = (code: string) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
const paint = {
  bold: ansi('1'),
  red: ansi('31'),
  yellow: ansi('33'),
  cyan: ansi('36'),
  dim: ansi('2'),
};
const plain = (s: string) => s;

export function renderValidateText(
  diagnostics: readonly Diagnostic[],
  opts: TextOptions = {},
): string {
  return diagnostics.map((d) => renderOne(d, opts.color === true)).join('');
}

function renderOne(d: Diagnostic, color: boolean): string {
  const bold = color ? paint.bold : plain;
  const dim = color ? paint.dim : plain;
  const severity = color
    ? (d.severity === 'error' ? paint.red : paint.yellow)(d.severity)
    : d.severity;
  let text = `${bold(location(d))}: ${severity} ${dim(d.code)} ${oneLine(d.message)}\n`;
  if (d.pointer !== '') text += `  ${dim('pointer:')} ${d.pointer}\n`;
  if (d.suggestion)
    text += `  ${color ? paint.cyan('suggestion:') : 'suggestion:'} ${oneLine(d.suggestion)}\n`;
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
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const scope = `${plural(counts.workflows, 'workflow')} in ${plural(counts.files, 'file')}`;
  if (errors === 0 && warnings === 0) {
    return `${opts.color ? paint.bold('ok') : 'ok'}: ${scope}, no problems\n`;
  }
  const parts = [];
  if (errors > 0)
    parts.push(opts.color ? paint.red(plural(errors, 'error')) : plural(errors, 'error'));
  if (warnings > 0)
    parts.push(
      opts.color ? paint.yellow(plural(warnings, 'warning')) : plural(warnings, 'warning'),
    );
  return `${parts.join(', ')} (${scope})\n`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
