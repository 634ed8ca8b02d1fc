/**
 * Exact structural equality of two decoded values (plain objects, arrays,
 * strings, numbers, booleans, null): same keys in the same order, same
 * values by Object.is (NaN equals NaN; 0 and -0 differ; a missing key and an
 * undefined one differ). Whatever a pure function of such a value computes —
 * a fingerprint, a backup's text — is then the same for both. Pure.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) {
      if (!(i in a) || !(i in other) || !sameValue(a[i], other[i])) return false;
    }
    return true;
  }
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  for (let i = 0; i < keysA.length; i++) {
    const key = keysA[i] as string;
    if (key !== keysB[i]) return false;
    if (!sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
      return false;
  }
  return true;
}
