/**
 * `--format github`: GitHub Actions workflow commands, one annotation per
 * diagnostic (`::error file=…,line=…::message`), escaped per the runner's
 * rules so a message can never inject another command. Pure.
 */
import type { Diagnostic } from '../diagnostic.js';

export function renderValidateGithub(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => renderOne(d) + '\n').join('');
}

function renderOne(d: Diagnostic): string {
  const properties: [string, string | number][] = [];
  if (d.file !== '') properties.push(['file', d.file]);
  if (d.line > 0) {
    properties.push(
      ['line', d.line],
      ['col', d.column],
      ['endLine', d.end_line],
      ['endColumn', d.end_column],
    );
  }
  properties.push(['title', d.code]);
  const lines = [d.message];
  if (d.suggestion) lines.push(`suggestion: ${d.suggestion}`);
  if (d.pointer !== '') lines.push(`pointer: ${d.pointer}`);
  const props = properties.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${d.severity} ${props}::${escapeData(lines.join('\n'))}`;
}

/** The runner's escaping of a command's message. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Properties also end at `,` and `:`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
