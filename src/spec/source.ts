/**
 * A parsed YAML file kept for placing diagnostics: its text, line index and
 * documents. Everything that turns a JSON pointer into `line:col` needs one.
 */
import type { Document, LineCounter } from 'yaml';

export interface SourceFile {
  /** Path relative to the working directory, as diagnostics show it. */
  file: string;
  text: string;
  lineCounter: LineCounter;
  /** Every YAML document of the file, by 0-based index (empty ones included). */
  documents: Document.Parsed[];
}

/** Sources by their relative path. */
export type SourceIndex = ReadonlyMap<string, SourceFile>;
