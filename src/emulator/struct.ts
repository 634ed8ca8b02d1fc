/**
 * google.protobuf.Struct as proto-loader decodes it (`{fields: {k: {kind,
 * <kind>: v}}}`) to plain JSON and back. The emulator stores JSON so metadata
 * comes back exactly as sent and its state file stays readable.
 */
import type { JsonObject, JsonValue } from '../json.js';

interface WireValue {
  kind?: string;
  nullValue?: number | string;
  numberValue?: number;
  stringValue?: string;
  boolValue?: boolean;
  structValue?: WireStruct | null;
  listValue?: { values?: WireValue[] } | null;
}

export interface WireStruct {
  fields?: Record<string, WireValue>;
}

export function structToJson(struct: WireStruct | null | undefined): JsonObject | null {
  if (!struct) return null;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(struct.fields ?? {})) out[key] = valueToJson(value);
  return out;
}

const KINDS = [
  'nullValue',
  'numberValue',
  'stringValue',
  'boolValue',
  'structValue',
  'listValue',
] as const;

function valueToJson(value: WireValue): JsonValue {
  // Decoded messages name their kind (oneofs: true); hand-built ones just set one member.
  const kind = value.kind ?? KINDS.find((k) => value[k] !== undefined && value[k] !== null);
  switch (kind) {
    case 'numberValue':
      return value.numberValue ?? 0;
    case 'stringValue':
      return value.stringValue ?? '';
    case 'boolValue':
      return value.boolValue ?? false;
    case 'structValue':
      return structToJson(value.structValue) ?? {};
    case 'listValue':
      return (value.listValue?.values ?? []).map(valueToJson);
    default:
      // nullValue, or a Value with no kind set (the API reads that as null too).
      return null;
  }
}

export function jsonToStruct(json: JsonObject): WireStruct {
  const fields: Record<string, WireValue> = {};
  for (const [key, value] of Object.entries(json)) fields[key] = jsonToValue(value);
  return { fields };
}

function jsonToValue(value: JsonValue): WireValue {
  if (value === null) return { nullValue: 0 };
  if (typeof value === 'number') return { numberValue: value };
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (Array.isArray(value)) return { listValue: { values: value.map(jsonToValue) } };
  return { structValue: jsonToStruct(value) };
}
