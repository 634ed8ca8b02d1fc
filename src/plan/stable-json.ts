/**
 * `stableStringify` (src/json.ts) without the intermediate sorted copy: the
 * same text, written directly. Hashing and comparing every live workflow on
 * every plan makes this the planner's hottest loop; the property test in
 * stable-json.test.ts holds it to byte equality with stableStringify.
 */
const INDEX_KEY = /^(?:0|[1-9][0-9]*)$/;

export function stableJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return Array.isArray(value) ? arrayJson(value) : objectJson(value as Record<string, unknown>);
    default:
      // undefined, functions, symbols: JSON has no such values.
      return 'null';
  }
}

function arrayJson(items: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ',';
    out += stableJson(items[i]);
  }
  return out + ']';
}

function objectJson(object: Record<string, unknown>): string {
  const keys = Object.keys(object);
  // Object.keys lists array-index keys first, ascending; a plain object built
  // in sorted order (what stableStringify serialises) enumerates the same way,
  // so only the other keys need sorting.
  let indexKeys = 0;
  while (indexKeys < keys.length && isArrayIndex(keys[indexKeys] as string)) indexKeys++;
  const ordered =
    indexKeys === 0 ? keys.sort() : [...keys.slice(0, indexKeys), ...keys.slice(indexKeys).sort()];
  let out = '{';
  let first = true;
  for (const key of ordered) {
    const item = object[key];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    if (!first) out += ',';
    first = false;
    out += JSON.stringify(key) + ':' + stableJson(item);
  }
  return out + '}';
}

function isArrayIndex(key: string): boolean {
  return INDEX_KEY.test(key) && Number(key) < 4294967295;
}
