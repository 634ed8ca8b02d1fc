/**
 * Finds the subschema that governs a value, following the data down a JSON
 * pointer through `properties`, `additionalProperties`, `items`, `$ref` and
 * `if`/`then`/`else`. Needed because ajv reports schema paths relative to
 * each referenced definition, which does not say *which* definition — and
 * unknown-key wants that definition's known keys. Covers exactly the
 * keywords our two schemas use.
 */
import type { JsonValue } from '../json.js';
import { isJsonObject } from '../json.js';
import { pointerSegments } from '../json-pointer.js';

type Schema = Record<string, unknown>;

export interface GoverningSchema {
  schema: Schema;
  /** The `definitions` entry it is, if any (e.g. `node`, `remoteEnvironment`). */
  definition?: string;
}

export function governingSchema(
  root: Schema,
  data: JsonValue,
  pointer: string,
): GoverningSchema | undefined {
  let schema: Schema | undefined = settle(root, root, data);
  let value: JsonValue | undefined = data;
  for (const segment of pointerSegments(pointer)) {
    if (!schema) return undefined;
    let next: unknown;
    if (Array.isArray(value)) {
      next = schema.items;
      value = value[Number(segment)];
    } else if (isJsonObject(value)) {
      const properties = schema.properties as Schema | undefined;
      next =
        properties && Object.hasOwn(properties, segment)
          ? properties[segment]
          : schema.additionalProperties;
      value = Object.hasOwn(value, segment) ? value[segment] : undefined;
    } else {
      return undefined;
    }
    schema = isSchema(next) ? settle(root, next, value) : undefined;
  }
  if (!schema) return undefined;
  return { schema, ...definitionName(root, schema) };
}

/** Resolves $ref and if/then/else until a concrete schema for `value` remains. */
function settle(root: Schema, schema: Schema, value: JsonValue | undefined): Schema {
  let current = schema;
  for (let guard = 0; guard < 16; guard++) {
    if (typeof current.$ref === 'string') {
      const target = resolveRef(root, current.$ref);
      if (!target) return current;
      current = target;
    } else if (isSchema(current.if) && (isSchema(current.then) || isSchema(current.else))) {
      const branch = matches(current.if, value) ? current.then : current.else;
      if (!isSchema(branch)) return current;
      current = branch;
    } else {
      return current;
    }
  }
  return current;
}

/** The subset of JSON Schema our `if` clauses use: type, required, properties.const. */
function matches(condition: Schema, value: JsonValue | undefined): boolean {
  if (typeof condition.type === 'string' && jsonType(value) !== condition.type) return false;
  if (Array.isArray(condition.required)) {
    if (!isJsonObject(value) || !condition.required.every((k) => Object.hasOwn(value, String(k))))
      return false;
  }
  if (isSchema(condition.properties) && isJsonObject(value)) {
    for (const [key, sub] of Object.entries(condition.properties)) {
      if (!isSchema(sub) || !('const' in sub) || !Object.hasOwn(value, key)) continue;
      if (value[key] !== sub.const) return false;
    }
  }
  return true;
}

function jsonType(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function resolveRef(root: Schema, ref: string): Schema | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let current: unknown = root;
  for (const segment of pointerSegments(ref.slice(1))) {
    if (!isSchema(current) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return isSchema(current) ? current : undefined;
}

function definitionName(root: Schema, schema: Schema): { definition?: string } {
  const definitions = root.definitions as Schema | undefined;
  if (!definitions) return {};
  for (const [name, definition] of Object.entries(definitions)) {
    if (definition === schema) return { definition: name };
  }
  return {};
}

function isSchema(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
