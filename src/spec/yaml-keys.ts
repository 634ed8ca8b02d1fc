/**
 * How a YAML mapping key becomes a JSON object key — one rule shared by the
 * loader and the position lookup, so pointers always find their keys.
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';

export function keyString(key: Node | null | undefined): string {
  if (key === null || key === undefined) return '';
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  // Complex keys never match a known key; a short stand-in lets unknown-key name them.
  if (isAlias(key)) return `*${key.source}`;
  if (isMap(key)) return '{…}';
  if (isSeq(key)) return '[…]';
  return '?';
}
