/**
 * google.protobuf.Struct / Value / ListValue ⇄ plain JSON, exactly.
 *
 * Why this file exists: proto-loader takes these well-known types from
 * protobufjs's built-in copy, whose field names are camelCase even with
 * keepCase (`stringValue`, `structValue`, `listValue` …). Handing the encoder a
 * plain object, or snake_case names, does not fail — the data is silently
 * dropped. Every Struct vtr-wf sends or reads goes through these functions —
 * the client's and the emulator's alike.
 *
 * A key named "__proto__" is always kept as data, never as the prototype. The
 * client refuses to send one (protobufjs would drop it on the wire); the
 * emulator passes `{ asSent: true }` because it stores what a request held.
 */
import { UserError } from '../user-error.js';
import type { JsonObject, JsonValue } from '../json.js';

/** NULL_VALUE; with `enums: Number` it decodes as 0. */
const NULL_VALUE = 0;

export interface WireStruct {
  fields: Record<string, WireValue>;
}

export interface WireListValue {
  values: WireValue[];
}

export interface WireValue {
  nullValue?: number | string;
  numberValue?: number;
  stringValue?: string;
  boolValue?: boolean;
  structValue?: WireStruct | null;
  listValue?: WireListValue | null;
  /** Set by proto-loader's `oneofs: true`: the name of the member that is set. */
  kind?: string;
}

/** Raised for values JSON cannot hold (NaN, Infinity, functions, bigint …). */
export class StructConversionError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'StructConversionError';
  }
}

export interface StructOptions {
  /**
   * Keep everything the data holds — a "__proto__" key, a non-finite number —
   * instead of refusing it: the emulator's store hands back what was sent.
   */
  asSent?: boolean;
}

export function toStruct(object: JsonObject, path = '', options: StructOptions = {}): WireStruct {
  const fields: Record<string, WireValue> = {};
  for (const [key, value] of Object.entries(object)) {
    // Like JSON.stringify: an undefined property is simply absent.
    if (value === undefined) continue;
    if (key === '__proto__' && !options.asSent) {
      // protobufjs assigns map entries with `obj[key] =`, so this key would vanish on the wire.
      throw new StructConversionError(
        `${path}/${key}: the key "__proto__" cannot be sent to the API`,
      );
    }
    defineOwn(fields, key, toValue(value, `${path}/${key}`, options));
  }
  return { fields };
}

export function toValue(value: JsonValue, path = '', options: StructOptions = {}): WireValue {
  if (value === null) return { nullValue: NULL_VALUE };
  switch (typeof value) {
    case 'string':
      return { stringValue: value };
    case 'boolean':
      return { boolValue: value };
    case 'number':
      if (!Number.isFinite(value) && !options.asSent) {
        throw new StructConversionError(`${path || 'value'}: ${value} is not a JSON number`);
      }
      return { numberValue: value };
    case 'object':
      if (Array.isArray(value)) {
        return {
          listValue: { values: value.map((item, i) => toValue(item, `${path}/${i}`, options)) },
        };
      }
      if (!isPlainObject(value)) {
        throw new StructConversionError(`${path || 'value'}: not plain JSON (${describe(value)})`);
      }
      return { structValue: toStruct(value, path, options) };
    default:
      throw new StructConversionError(`${path || 'value'}: ${typeof value} is not JSON`);
  }
}

export function fromStruct(struct: WireStruct | null | undefined): JsonObject {
  const out: JsonObject = {};
  const fields = struct?.fields ?? {};
  for (const key of Object.keys(fields)) defineOwn(out, key, fromValue(fields[key]));
  return out;
}

export function fromValue(value: WireValue | null | undefined): JsonValue {
  if (!value) return null;
  switch (setMember(value)) {
    case 'numberValue':
      return value.numberValue ?? 0;
    case 'stringValue':
      return value.stringValue ?? '';
    case 'boolValue':
      return value.boolValue ?? false;
    case 'structValue':
      return fromStruct(value.structValue);
    case 'listValue':
      return (value.listValue?.values ?? []).map(fromValue);
    default:
      // nullValue, or a Value with no member set: JSON null either way.
      return null;
  }
}

const MEMBERS = [
  'nullValue',
  'numberValue',
  'stringValue',
  'boolValue',
  'structValue',
  'listValue',
] as const;

/** Which member of the `kind` oneof is set, with or without `oneofs: true`. */
function setMember(value: WireValue): (typeof MEMBERS)[number] | undefined {
  if (value.kind && (MEMBERS as readonly string[]).includes(value.kind)) {
    return value.kind as (typeof MEMBERS)[number];
  }
  return MEMBERS.find((m) => value[m] !== undefined && value[m] !== null);
}

/** Assignment that keeps a key named "__proto__" as data instead of changing the prototype. */
function defineOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function isPlainObject(value: object): value is JsonObject {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function describe(value: object): string {
  return (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
}
