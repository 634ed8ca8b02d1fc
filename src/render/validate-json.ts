/**
 * `--format json`: exactly `{"diagnostics": [...]}` with the contract's
 * fields in a fixed order (suggestion only when there is one). Pure.
 */
import type { Diagnostic } from '../diagnostic.js';

export function renderValidateJson(diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify({ diagnostics: diagnostics.map(toContractShape) }, null, 2) + '\n';
}

export function toContractShape(d: Diagnostic): Diagnostic {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    file: d.file,
    line: d.line,
    column: d.column,
    end_line: d.end_line,
    end_column: d.end_column,
    pointer: d.pointer,
    document: d.document,
    ...(d.suggestion !== undefined ? { suggestion: d.suggestion } : {}),
  };
}
