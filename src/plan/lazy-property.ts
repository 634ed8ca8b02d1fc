/**
 * A property computed when first read, then an ordinary value. Why: the plan
 * carries hashes most callers never read (a desired workflow's spec_hash is
 * needed only to adopt or write it; a plan's fingerprints only by a saved
 * plan, `--format json` and a check of a stale plan), and hashing 1000 of
 * them cost a plan or an apply 20–35 ms for nothing. To everything that reads
 * it — JSON.stringify, spreading, structuredClone, Object.entries — it is a
 * plain enumerable value; assigning it makes it one at once. Pure.
 */
export function defineLazy<T extends object, K extends PropertyKey, V>(
  target: T,
  key: K,
  compute: () => V,
): T & Record<K, V> {
  const settle = (value: V): V => {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    return value;
  };
  return Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get: () => settle(compute()),
    set: (value: V) => void settle(value),
  }) as T & Record<K, V>;
}
