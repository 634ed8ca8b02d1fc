/**
 * The one shape for every problem vtr-wf finds — in specs, config, at plan time.
 * Carried whole into every output format (text, json, github, sarif, markdown).
 *
 * Problems are addressed by JSON pointer inside a YAML document; `line`/`column`
 * are filled at the edge (see spec/positions.ts) from the document's LineCounter.
 */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Stable rule code, e.g. `unknown-input`. Listed in the README. */
  code: string;
  severity: Severity;
  message: string;
  /** File path relative to the working directory ('' when not about a file). */
  file: string;
  /** 1-based start position; 0 when the problem has no position (e.g. a missing file). */
  line: number;
  column: number;
  /** 1-based, inclusive-exclusive end position. */
  end_line: number;
  end_column: number;
  /** JSON pointer inside the document, '' for the document root. */
  pointer: string;
  /** 0-based index of the YAML document in the file. */
  document: number;
  /** A concrete fix, when one is obvious ("did you mean `detect-concept`?"). */
  suggestion?: string;
}

/** A diagnostic before it has a position: the core produces these. */
export type UnplacedDiagnostic = Omit<Diagnostic, 'line' | 'column' | 'end_line' | 'end_column'> &
  Partial<Pick<Diagnostic, 'line' | 'column' | 'end_line' | 'end_column'>>;

export function hasErrors(diagnostics: readonly Diagnostic[], strict = false): boolean {
  return diagnostics.some((d) => d.severity === 'error' || (strict && d.severity === 'warning'));
}

/** Sort by file, then position, then code: stable output for every format. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.document - b.document ||
      a.line - b.line ||
      a.column - b.column ||
      a.code.localeCompare(b.code),
  );
}
