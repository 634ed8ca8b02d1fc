/**
 * JSON pointer → place in the YAML source. The core names problems by pointer;
 * this edge turns them into `line:col` ranges. A key-level problem (an unknown
 * key) is placed at the key itself; others at the value. A pointer to
 * something absent (a missing field) falls back to its nearest ancestor.
 */
import { isAlias, isMap, isSeq } from 'yaml';
import type { Document, Node, Alias } from 'yaml';
import type { Diagnostic, UnplacedDiagnostic } from '../diagnostic.js';
import type { SourceFile } from './source.js';
import { pointerSegments } from '../json-pointer.js';
import { keyString } from './yaml-keys.js';

export type Anchor = 'key' | 'value';

export interface PointerTarget {
  /** The node holding the value (null: the key has no value, or nothing matched). */
  value: Node | null;
  /** The key node when the pointer's last reached step is a mapping key. */
  key: Node | null;
  /** False when the pointer leads somewhere absent and this is the nearest ancestor. */
  exact: boolean;
}

export function nodeAtPointer(doc: Document, pointer: string): PointerTarget {
  let value = (doc.contents as Node | null) ?? null;
  let key: Node | null = null;
  const seen = new Set<Node>();
  for (const segment of pointerSegments(pointer)) {
    const collection = resolveAlias(doc, value, seen);
    let next: { value: Node | null; key: Node | null } | undefined;
    if (isMap(collection)) {
      // The last of duplicate keys wins, as in the loaded data.
      for (const pair of collection.items) {
        if (keyString(pair.key as Node | null) === segment) {
          next = {
            value: (pair.value as Node | null) ?? null,
            key: (pair.key as Node | null) ?? null,
          };
        }
      }
    } else if (isSeq(collection) && /^(0|[1-9]\d*)$/.test(segment)) {
      const item = collection.items[Number(segment)] as Node | undefined;
      if (item !== undefined) next = { value: item, key: null };
    }
    if (!next) return { value, key, exact: false };
    value = next.value;
    key = next.key;
  }
  return { value, key, exact: true };
}

/** Offsets [start, end) of what a pointer names, for placing a diagnostic. */
export function rangeOfPointer(
  doc: Document,
  pointer: string,
  anchor: Anchor = 'value',
): [number, number] {
  const target = nodeAtPointer(doc, pointer);
  const keyRange = rangeOf(target.key);
  const valueRange = rangeOf(target.value);
  // Absent target: the ancestor's key reads best ("in `staging`: missing user_id").
  if ((anchor === 'key' || !target.exact) && keyRange) return keyRange;
  if (valueRange && valueRange[1] > valueRange[0]) return valueRange;
  if (keyRange) return keyRange;
  return valueRange ?? [0, 0];
}

export interface Position {
  line: number;
  column: number;
  end_line: number;
  end_column: number;
}

/** Where a pointer lies in one document of a parsed file (1-based, end exclusive). */
export function positionOfPointer(
  source: Pick<SourceFile, 'lineCounter' | 'documents'>,
  document: number,
  pointer: string,
  anchor: Anchor = 'value',
): Position | undefined {
  const doc = source.documents[document];
  if (!doc) return undefined;
  const [start, end] = rangeOfPointer(doc, pointer, anchor);
  const from = source.lineCounter.linePos(start);
  const to = source.lineCounter.linePos(Math.max(start, end));
  return { line: from.line, column: from.col, end_line: to.line, end_column: to.col };
}

export function placeAtOffsets(
  source: Pick<SourceFile, 'lineCounter'>,
  start: number,
  end: number,
  d: UnplacedDiagnostic,
): Diagnostic {
  const from = source.lineCounter.linePos(start);
  const to = source.lineCounter.linePos(Math.max(start, end));
  return withPlace(d, from.line, from.col, to.line, to.col);
}

/** Keeps the field order of the contract's JSON shape. */
export function withPlace(
  d: UnplacedDiagnostic,
  line: number,
  column: number,
  endLine: number,
  endColumn: number,
): Diagnostic {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    file: d.file,
    line,
    column,
    end_line: endLine,
    end_column: endColumn,
    pointer: d.pointer,
    document: d.document,
    ...(d.suggestion !== undefined ? { suggestion: d.suggestion } : {}),
  };
}

function rangeOf(node: Node | null): [number, number] | undefined {
  const range = node?.range;
  return range ? [range[0], range[1]] : undefined;
}

function resolveAlias(doc: Document, node: Node | null, seen: Set<Node>): Node | null {
  let current = node;
  while (current && isAlias(current)) {
    if (seen.has(current)) return null;
    seen.add(current);
    current = ((current as Alias).resolve(doc) as Node | undefined) ?? null;
  }
  return current;
}

/** An error about a whole file, with no place inside it (line 0, pointer ''). */
export function unplacedAt(file: string, code: string, message: string): Diagnostic {
  return withPlace(
    { code, severity: 'error', message, file, pointer: '', document: 0 },
    0,
    0,
    0,
    0,
  );
}
