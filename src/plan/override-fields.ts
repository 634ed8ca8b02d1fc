/**
 * A node's output_info_override fields beyond `params` — `data.concepts` and
 * `output_config` — in one canonical form for specs and live workflows alike:
 *
 * - concepts are `{id, value}` sorted by id (their order carries no meaning;
 *   the server fills names and owners, never compared);
 * - floats (a concept's value, output_config's `min_value`) are what a
 *   float32 holds, written as the shortest decimal that reads back the same:
 *   `0.3` in a spec and the `0.30000001192092896` read back are both `0.3`;
 * - output_config leaves out proto defaults (0, false, '', [], an empty
 *   Struct), which a client reads back for every unset field.
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../json.js';
import { compareStrings } from './order.js';
import type { CanonicalConcept } from './types.js';

/** OutputConfig fields holding a google.protobuf.Struct: a key is data, whatever its value. */
const STRUCT_FIELDS = new Set(['hyper_params', 'model_metadata']);

/** Concepts (spec or API form) → `{id, value}` sorted by id; items without an id are dropped. */
export function canonicalConcepts(list: unknown): CanonicalConcept[] {
  if (!Array.isArray(list)) return [];
  const concepts: CanonicalConcept[] = [];
  for (const item of list) {
    if (!isJsonObject(item) || typeof item.id !== 'string' || item.id === '') continue;
    concepts.push({ id: item.id, value: float32(typeof item.value === 'number' ? item.value : 0) });
  }
  return concepts.sort((a, b) => compareStrings(a.id, b.id));
}

/** An output_config (spec or API form) without proto defaults; {} when nothing is set. */
export function canonicalOutputConfig(config: unknown): JsonObject {
  if (!isJsonObject(config)) return {};
  const canonical: JsonObject = {};
  for (const key of Object.keys(config).sort(compareStrings)) {
    const value = config[key] as JsonValue;
    if (key === 'select_concepts') {
      const concepts = canonicalConcepts(value);
      if (concepts.length > 0) canonical[key] = concepts.map((c) => ({ ...c }));
    } else if (STRUCT_FIELDS.has(key)) {
      if (isJsonObject(value) && Object.keys(value).length > 0)
        canonical[key] = JSON.parse(JSON.stringify(value)) as JsonObject;
    } else if (key === 'min_value' && typeof value === 'number') {
      if (value !== 0) canonical[key] = float32(value);
    } else if (!isProtoDefault(value)) {
      canonical[key] = JSON.parse(JSON.stringify(value)) as JsonValue;
    }
  }
  return canonical;
}

function isProtoDefault(value: JsonValue): boolean {
  if (value === null || value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isJsonObject(value)) return Object.keys(value).length === 0;
  return false;
}

/**
 * The float32 nearest `value`, as the shortest decimal (at most 9 significant
 * digits) that converts back to that same float32.
 */
export function float32(value: number): number {
  if (!Number.isFinite(value)) return value;
  const single = Math.fround(value);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single) return candidate;
  }
  return single;
}
