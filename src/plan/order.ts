/**
 * Deterministic ordering for everything the plan emits. Code-unit order, not
 * localeCompare: the same plan must sort the same on every machine and locale.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorted copy by a string key. */
export function sortedBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareStrings(key(a), key(b)));
}
