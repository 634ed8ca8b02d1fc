/**
 * The edge that gives diagnostics their `line:col`: looks the JSON pointer up
 * in the parsed document. Problems with a key (an unknown key, an override of
 * an unknown alias) are placed at the key itself, all others at the value.
 */
import type { Diagnostic, UnplacedDiagnostic } from '../diagnostic.js';
import { placeAtOffsets, rangeOfPointer, withPlace } from './positions.js';
import type { SourceIndex } from './source.js';

/** Codes whose pointer names a mapping key that is itself the problem. */
export const KEY_LEVEL_CODES: ReadonlySet<string> = new Set(['unknown-key', 'unknown-override']);

export function placeWithSources(
  diagnostics: readonly UnplacedDiagnostic[],
  sources: SourceIndex,
): Diagnostic[] {
  return diagnostics.map((d) => placeDiagnostic(d, sources));
}

export function placeDiagnostic(d: UnplacedDiagnostic, sources: SourceIndex): Diagnostic {
  if (d.line !== undefined && d.column !== undefined) {
    return withPlace(d, d.line, d.column, d.end_line ?? d.line, d.end_column ?? d.column);
  }
  const source = sources.get(d.file);
  const doc = source?.documents[d.document];
  if (!source || !doc) return withPlace(d, 0, 0, 0, 0);
  const [start, end] = rangeOfPointer(
    doc,
    d.pointer,
    KEY_LEVEL_CODES.has(d.code) ? 'key' : 'value',
  );
  return placeAtOffsets(source, start, end, d);
}
