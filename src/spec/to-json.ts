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
import { appendPointer } from './pointer.js';
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
  let expanded = 0;

  const resolve = (alias: Alias): Node | undefined => {
    if (!aliasTargets.has(alias)) aliasTargets.set(alias, alias.resolve(doc) as Node | undefined);
    return aliasTargets.get(alias);
  };

  /**
   * @param aliasAt pointer of the outermost alias being expanded (null outside
   * any): a limit is reported where the user wrote that alias, not deep inside
   * the anchor it copies.
   */
  const convert = (
    node: unknown,
    pointer: string,
    depth: number,
    aliasAt: string | null,
  ): JsonValue => {
    if (depth > MAX_DEPTH) {
      throw new LimitError(
        'too-deep',
        `collections are nested more than ${MAX_DEPTH} levels deep`,
        aliasAt ?? pointer,
      );
    }
    if (aliasAt !== null && ++expanded > MAX_ALIAS_EXPANSION) {
      throw new LimitError(
        'alias-limit',
        `aliases expand to more than ${MAX_ALIAS_EXPANSION} values (an alias bomb?)`,
        aliasAt,
      );
    }
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = resolve(node);
      if (target === undefined) {
        throw new LimitError(
          'alias-limit',
          `alias \`*${node.source}\` refers to no anchor`,
          pointer,
        );
      }
      if (ancestors.has(target)) {
        throw new LimitError(
          'alias-limit',
          `alias \`*${node.source}\` refers to a node that contains it`,
          pointer,
        );
      }
      return convert(target, pointer, depth, aliasAt ?? pointer);
    }
    if (isScalar(node)) return scalarToJson(node.value);
    if (isMap(node) || isSeq(node)) {
      ancestors.add(node as Node);
      try {
        if (isSeq(node)) {
          return node.items.map((item, i) =>
            convert(item, appendPointer(pointer, i), depth + 1, aliasAt),
          );
        }
        const out: JsonObject = {};
        for (const pair of node.items) {
          if (!isPair(pair)) continue;
          const key = keyString(pair.key as Node | null);
          setOwn(out, key, convert(pair.value, appendPointer(pointer, key), depth + 1, aliasAt));
        }
        return out;
      } finally {
        ancestors.delete(node as Node);
      }
    }
    return null;
  };

  return convert(doc.contents, '', 0, null);
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
