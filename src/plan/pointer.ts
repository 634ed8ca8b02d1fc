/** JSON pointers (RFC 6901) for diff paths and unsupported-field reports. */

export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePointerSegment(segment: string): string {
  if (!segment.includes('~')) return segment;
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** `['nodes', 'a/b']` → `/nodes/a~1b`; `[]` → `''` (the root). */
export function toPointer(segments: readonly string[]): string {
  return segments.map((s) => '/' + escapePointerSegment(s)).join('');
}

/** `/nodes/a~1b` → `['nodes', 'a/b']`; `''` → `[]`. */
export function fromPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map(unescapePointerSegment);
}

/** Orders pointers segment by segment, so `/nodes/a/x` sorts right after `/nodes/a`. */
export function comparePointers(a: string, b: string): number {
  return compareSegments(fromPointer(a), fromPointer(b));
}

export function compareSegments(sa: readonly string[], sb: readonly string[]): number {
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const x = sa[i] as string;
    const y = sb[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return sa.length - sb.length;
}
