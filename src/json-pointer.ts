/**
 * JSON pointers (RFC 6901), the one home: how every diagnostic names its
 * place inside a document (independent of YAML layout), how diffs name a
 * changed field, and how unsupported fields are reported. `''` is the root.
 */

export function escapePointerSegment(segment: string): string {
  // Almost every segment needs no escaping: skip the two regex passes (rules build
  // a pointer per node of every spec, 1000 specs or not).
  if (!segment.includes('~') && !segment.includes('/')) return segment;
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePointerSegment(segment: string): string {
  if (!segment.includes('~')) return segment;
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** `['nodes', 'a/b']` → `/nodes/a~1b`; `['nodes', 0]` → `/nodes/0`; `[]` → `''`. */
export function pointerOf(segments: readonly (string | number)[]): string {
  let pointer = '';
  for (const s of segments)
    pointer += '/' + (typeof s === 'number' ? String(s) : escapePointerSegment(s));
  return pointer;
}

export function appendPointer(pointer: string, ...segments: (string | number)[]): string {
  return pointer + pointerOf(segments);
}

/** `/nodes/a~1b` → `['nodes', 'a/b']`; `''` → `[]`. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map(unescapePointerSegment);
}

/** True when `pointer` is `ancestor` itself or lies inside it. */
export function isWithin(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(ancestor + '/');
}

/** Orders pointers segment by segment, so `/nodes/a/x` sorts right after `/nodes/a`. */
export function comparePointers(a: string, b: string): number {
  return compareSegments(pointerSegments(a), pointerSegments(b));
}

export function compareSegments(sa: readonly string[], sb: readonly string[]): number {
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const x = sa[i] as string;
    const y = sb[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return sa.length - sb.length;
}
