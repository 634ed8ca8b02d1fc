/**
 * A YAML document → plain JSON data, bounded: nesting deeper than MAX_DEPTH
 * and alias expansion beyond MAX_ALIAS_EXPANSION stop with a LimitError that
 * names the place, so an alias bomb costs a diagnostic, not the heap. Keys
 * like `__proto__` become own properties (no prototype pollution).
 */
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Alias, Document, Node } from 'yaml';
import type { JsonValue, JsonObject } from '../json.js';
import { MAX_ALIAS_EXPANSION, MAX_DEPTH } from './limits.js';
import { pointerOf } from '../json-pointer.js';
import { keyString } from './yaml-keys.js';

export class LimitError extends Error {
  constructor(
    readonly code: 'too-deep' | 'alias-limit',
    message: string,
    readonly pointer: string,
  ) {
    super(message);
  }
}

export function documentToJson(doc: Document): JsonValue {
  const aliasTargets = new Map<Alias, Node | undefined>();
  const ancestors = new Set<Node>();
  // The current path, as segments: a pointer string is built only for a diagnostic.
  const path: (string | number)[] = [];
  /** Path length at the outermost alias being expanded (-1 outside any). */
  let aliasDepth = -1;
  let expanded = 0;

  const resolve = (alias: Alias): Node | undefined => {
    if (!aliasTargets.has(alias)) aliasTargets.set(alias, alias.resolve(doc) as Node | undefined);
    return aliasTargets.get(alias);
  };
  // A limit is reported where the user wrote the outermost alias, not deep inside the anchor it copies.
  const limit = (code: LimitError['code'], message: string) =>
    new LimitError(code, message, pointerOf(aliasDepth >= 0 ? path.slice(0, aliasDepth) : path));

  const convert = (node: unknown): JsonValue => {
    if (path.length > MAX_DEPTH) {
      throw limit('too-deep', `collections are nested more than ${MAX_DEPTH} levels deep`);
    }
    if (aliasDepth >= 0 && ++expanded > MAX_ALIAS_EXPANSION) {
      throw limit(
        'alias-limit',
        `aliases expand to more than ${MAX_ALIAS_EXPANSION} values (an alias bomb?)`,
      );
    }
    if (node === null || node === undefined) return null;
    if (isScalar(node)) return scalarToJson(node.value);
    if (isAlias(node)) {
      const target = resolve(node);
      const outermost = aliasDepth < 0;
      if (outermost) aliasDepth = path.length;
      if (target === undefined)
        throw limit('alias-limit', `alias \`*${node.source}\` refers to no anchor`);
      if (ancestors.has(target)) {
        throw limit('alias-limit', `alias \`*${node.source}\` refers to a node that contains it`);
      }
      const value = convert(target);
      if (outermost) aliasDepth = -1;
      return value;
    }
    if (isMap(node) || isSeq(node)) {
      ancestors.add(node as Node);
      if (isSeq(node)) {
        const out: JsonValue[] = [];
        node.items.forEach((item, i) => {
          path.push(i);
          out.push(convert(item));
          path.pop();
        });
        ancestors.delete(node as Node);
        return out;
      }
      const out: JsonObject = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = keyString(pair.key as Node | null);
        path.push(key);
        setOwn(out, key, convert(pair.value));
        path.pop();
      }
      ancestors.delete(node as Node);
      return out;
    }
    return null;
  };

  return convert(doc.contents);
}

function scalarToJson(value: unknown): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  // Other tagged scalars (e.g. !!binary) have no JSON form: keep their text.
  return String(value);
}

/** Assignment that makes `__proto__` an own property instead of a prototype swap. */
export function setOwn(target: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}
