/**
 * A direct protobuf decoder for the responses that carry workflows: bytes →
 * the plain API objects of wire.ts in one pass. Why: the general path decodes
 * into protobufjs messages, copies them with `toObject` (every default filled
 * in) and copies them again in `fromWire` (nulls dropped, Structs and
 * Timestamps converted) — three allocations per field, most of a 1000-workflow
 * ListWorkflows page's cost.
 *
 * The result is exactly `fromWire(toObject(decode(bytes)))`, key order
 * included (see fast-decode.test.ts): repeated fields first, then the others,
 * each group by field number, defaults for unset scalars, unset messages
 * absent. Anything this decoder does not model (non-empty bytes, maps other than a
 * Struct's, oneofs other than a Value's, groups, a Struct key `__proto__`, an
 * out-of-range timestamp, malformed input) throws DecodeUnsupported, and the
 * caller decodes the general way — which then behaves exactly as before.
 */
import type { JsonObject, JsonValue } from '../json.js';
import type { DescriptorIndex } from './schema.js';
import {
  MESSAGE_FORMAT,
  namesIn,
  resolveTypeName,
  STRUCT_TYPE,
  TIMESTAMP_TYPE,
  type FieldDescriptor,
} from './schema.js';
import { rfc3339Fraction, timestampToRfc3339 } from './timestamp.js';

export class DecodeUnsupported extends Error {}

type Plain = Record<string, unknown>;
export type MessageDecoder = (bytes: Uint8Array) => Plain;

type Kind =
  | 'string'
  | 'bool'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'float'
  | 'double'
  | 'bytes'
  | 'message'
  | 'struct'
  | 'timestamp';

interface FieldPlan {
  name: string;
  number: number;
  kind: Kind;
  repeated: boolean;
  /** Its slot in the output order. */
  slot: number;
  /** For 'message'. */
  type?: TypePlan;
  /** For unset scalars. */
  fallback: unknown;
}

interface TypePlan {
  /** Fields in output order (repeated by number, then the rest by number). */
  ordered: FieldPlan[];
  /** Fields by number (a sparse array: numbers are small). */
  byNumber: (FieldPlan | undefined)[];
  /** Slots (values by output position, undefined when unset) → the plain object. */
  build: (slots: unknown[]) => Plain;
}

interface MessageDescriptor {
  field?: FieldDescriptor[];
  oneofDecl?: unknown[];
}

/** Builds a decoder for one message type, or throws DecodeUnsupported. */
export function buildDecoder(index: DescriptorIndex, typeName: string): MessageDecoder {
  const plans = new Map<string, TypePlan>();
  const root = planFor(index, typeName, plans);
  return (bytes) => {
    const reader = new Reader(bytes);
    return decodeMessage(reader, root, bytes.length);
  };
}

function planFor(index: DescriptorIndex, name: string, plans: Map<string, TypePlan>): TypePlan {
  const known = plans.get(name);
  if (known) return known;
  const def = index[name];
  if (!def || def.format !== MESSAGE_FORMAT) throw new DecodeUnsupported(`no message ${name}`);
  const type = def.type as MessageDescriptor;
  if ((type.oneofDecl ?? []).length > 0) throw new DecodeUnsupported(`${name} has a oneof`);
  const plan: TypePlan = { ordered: [], byNumber: [], build: () => ({}) };
  plans.set(name, plan);

  const fields = [...(type.field ?? [])].sort((a, b) => a.number - b.number);
  const repeated = fields.filter((f) => f.label === 'LABEL_REPEATED');
  const single = fields.filter((f) => f.label !== 'LABEL_REPEATED');
  for (const f of [...repeated, ...single]) {
    const field: FieldPlan = {
      name: f.name,
      number: f.number,
      kind: 'string',
      repeated: f.label === 'LABEL_REPEATED',
      slot: plan.ordered.length,
      fallback: undefined,
    };
    if (f.type === 'TYPE_MESSAGE') {
      const target = resolveTypeName(name, f.typeName, namesIn(index));
      if (target === undefined)
        throw new DecodeUnsupported(`cannot resolve ${f.typeName} in ${name}`);
      if (target === STRUCT_TYPE) field.kind = 'struct';
      else if (target === TIMESTAMP_TYPE) field.kind = 'timestamp';
      else {
        const nested = index[target]?.type as { options?: { mapEntry?: boolean } } | undefined;
        if (nested?.options?.mapEntry) throw new DecodeUnsupported(`${name}.${f.name} is a map`);
        field.kind = 'message';
        field.type = planFor(index, target, plans);
      }
    } else if (f.type === 'TYPE_BYTES' && f.label !== 'LABEL_REPEATED') {
      // Only an empty (unset) bytes field is modelled: it stays absent, as fromWire drops it.
      field.kind = 'bytes';
    } else {
      const scalar = SCALARS[f.type];
      if (!scalar) throw new DecodeUnsupported(`${name}.${f.name}: ${f.type}`);
      field.kind = scalar.kind;
      // An enum's default is 0: proto3 requires its first value to be 0.
      field.fallback = scalar.fallback;
    }
    if (field.name === '__proto__' || field.number > 10_000)
      throw new DecodeUnsupported(`${name}.${f.name}: unusual field`);
    plan.ordered.push(field);
    plan.byNumber[field.number] = field;
  }
  plan.build = compileBuilder(plan.ordered);
  return plan;
}

/**
 * The object builder of one message type, generated (as protobufjs does) so
 * each key is stored by name at its own site: objects of a type share one
 * shape, and building 1000 workflows stays monomorphic and cheap.
 */
function compileBuilder(fields: readonly FieldPlan[]): TypePlan['build'] {
  const lines = ['const o = {};'];
  fields.forEach((field, i) => {
    const key = JSON.stringify(field.name);
    if (field.repeated) lines.push(`o[${key}] = s[${i}] === undefined ? [] : s[${i}];`);
    else if (field.fallback !== undefined)
      lines.push(`o[${key}] = s[${i}] === undefined ? f[${i}] : s[${i}];`);
    // An unset message stays absent, as fromWire drops toObject's null.
    else lines.push(`if (s[${i}] !== undefined) o[${key}] = s[${i}];`);
  });
  lines.push('return o;');
  const fallbacks = fields.map((f) => f.fallback);
  // Generated from our own proto's field names (checked above), never from input.
  const build = new Function('s', 'f', lines.join('\n')) as (s: unknown[], f: unknown[]) => Plain;
  return (slots) => build(slots, fallbacks);
}

const SCALARS: Record<string, { kind: Kind; fallback: unknown } | undefined> = {
  TYPE_STRING: { kind: 'string', fallback: '' },
  TYPE_BOOL: { kind: 'bool', fallback: false },
  TYPE_INT32: { kind: 'int32', fallback: 0 },
  TYPE_ENUM: { kind: 'int32', fallback: 0 },
  TYPE_UINT32: { kind: 'uint32', fallback: 0 },
  TYPE_INT64: { kind: 'int64', fallback: '0' },
  TYPE_UINT64: { kind: 'uint64', fallback: '0' },
  TYPE_FLOAT: { kind: 'float', fallback: 0 },
  TYPE_DOUBLE: { kind: 'double', fallback: 0 },
};

// ---- decoding ----

const WIRE_VARINT = 0;
const WIRE_64 = 1;
const WIRE_LENGTH = 2;
const WIRE_32 = 5;

interface Utf8Slicer {
  utf8Slice(start: number, end: number): string;
}

/** Protobuf wire reading, bounds-checked: malformed input throws DecodeUnsupported. */
export class Reader {
  pos = 0;
  private readonly view: DataView;
  private readonly buffer: Buffer;
  constructor(bytes: Uint8Array) {
    this.buffer = Buffer.isBuffer(bytes)
      ? bytes
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** A varint's low 32 bits, unsigned (protobufjs' uint32). */
  uint32(): number {
    const buf = this.buffer;
    let value = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= buf.length) throw new DecodeUnsupported('truncated varint');
      const byte = buf[this.pos++] as number;
      if (shift < 32) value |= (byte & 0x7f) << shift;
      shift += 7;
      if (byte < 0x80) return value >>> 0;
    }
    throw new DecodeUnsupported('varint too long');
  }

  /**
   * A 64-bit varint as a number when it is below 2^49 (every timestamp of the
   * next thousands of years), else -1 with the position unchanged.
   */
  smallUint64(): number {
    const buf = this.buffer;
    let value = 0;
    let scale = 1;
    for (let i = this.pos; i < buf.length && i < this.pos + 7; i++) {
      const byte = buf[i] as number;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) {
        this.pos = i + 1;
        return value;
      }
      scale *= 128;
    }
    return -1;
  }

  /** A 64-bit varint as a BigInt of its two's complement bits. */
  uint64(): bigint {
    const buf = this.buffer;
    let value = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= buf.length) throw new DecodeUnsupported('truncated varint');
      const byte = buf[this.pos++] as number;
      value |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
      if (byte < 0x80) return BigInt.asUintN(64, value);
    }
    throw new DecodeUnsupported('varint too long');
  }

  end(length: number): number {
    const end = this.pos + length;
    if (end > this.buffer.length) throw new DecodeUnsupported('length past the end');
    return end;
  }

  string(): string {
    const end = this.end(this.uint32());
    // What protobufjs' BufferReader calls too: the same text for any bytes.
    const s = (this.buffer as unknown as Utf8Slicer).utf8Slice(this.pos, end);
    this.pos = end;
    return s;
  }

  float(): number {
    const at = this.pos;
    this.end(4);
    this.pos += 4;
    return this.view.getFloat32(at, true);
  }

  double(): number {
    const at = this.pos;
    this.end(8);
    this.pos += 8;
    return this.view.getFloat64(at, true);
  }

  skip(wireType: number): void {
    if (wireType === WIRE_VARINT) this.uint32();
    else if (wireType === WIRE_64) this.pos = this.end(8);
    else if (wireType === WIRE_LENGTH) this.pos = this.end(this.uint32());
    else if (wireType === WIRE_32) this.pos = this.end(4);
    else throw new DecodeUnsupported(`wire type ${wireType}`);
  }
}

function decodeMessage(reader: Reader, plan: TypePlan, end: number): Plain {
  const slots: unknown[] = new Array(plan.ordered.length);
  while (reader.pos < end) {
    const tag = reader.uint32();
    const field = plan.byNumber[tag >>> 3];
    const wireType = tag & 7;
    if (field === undefined) {
      reader.skip(wireType);
      continue;
    }
    if (field.repeated) {
      const list = (slots[field.slot] ??= []) as unknown[];
      if (wireType === WIRE_LENGTH && isPackable(field.kind)) {
        const stop = reader.end(reader.uint32());
        while (reader.pos < stop) list.push(readValue(reader, field, expectedWire(field.kind)));
        if (reader.pos !== stop) throw new DecodeUnsupported('packed field overran');
      } else {
        list.push(readValue(reader, field, wireType));
      }
    } else {
      slots[field.slot] = readValue(reader, field, wireType);
    }
  }
  if (reader.pos !== end) throw new DecodeUnsupported('message overran');

  return plan.build(slots);
}

function isPackable(kind: Kind): boolean {
  return (
    kind !== 'string' &&
    kind !== 'bytes' &&
    kind !== 'message' &&
    kind !== 'struct' &&
    kind !== 'timestamp'
  );
}

function expectedWire(kind: Kind): number {
  if (kind === 'float') return WIRE_32;
  if (kind === 'double') return WIRE_64;
  if (isPackable(kind)) return WIRE_VARINT;
  return WIRE_LENGTH;
}

function readValue(reader: Reader, field: FieldPlan, wireType: number): unknown {
  if (wireType !== expectedWire(field.kind))
    throw new DecodeUnsupported(`${field.name}: wire type ${wireType}`);
  switch (field.kind) {
    case 'string':
      return reader.string();
    case 'bool':
      return reader.uint32() !== 0;
    case 'int32':
      return reader.uint32() | 0;
    case 'uint32':
      return reader.uint32();
    case 'int64':
      return BigInt.asIntN(64, reader.uint64()).toString();
    case 'uint64':
      return reader.uint64().toString();
    case 'float':
      return reader.float();
    case 'double':
      return reader.double();
    case 'bytes':
      // Pixels in a workflow response are not this decoder's business: decode the general way.
      if (reader.uint32() !== 0) throw new DecodeUnsupported(`${field.name}: non-empty bytes`);
      return undefined;
    case 'message': {
      const end = reader.end(reader.uint32());
      return decodeMessage(reader, field.type as TypePlan, end);
    }
    case 'struct':
      return readStruct(reader, reader.end(reader.uint32()));
    case 'timestamp':
      return readTimestamp(reader, reader.end(reader.uint32()));
  }
}

// ---- well-known types, straight to their API form ----

/**
 * Timestamps' text up to the seconds (`2024-05-01T12:30:00`), by their
 * seconds: servers repeat a handful of seconds across a page (a model's, its
 * version's, a batch of workflows written together), nanos or not, and the
 * Date formatting is most of a timestamp's cost.
 */
const secondsCache = new Map<number, string>();
const TIMESTAMP_CACHE_LIMIT = 4096;

function readTimestamp(reader: Reader, end: number): string {
  let seconds: number | bigint = 0;
  let nanos = 0;
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag === ((1 << 3) | WIRE_VARINT)) {
      const small = reader.smallUint64();
      seconds = small >= 0 ? small : BigInt.asIntN(64, reader.uint64());
    } else if (tag === ((2 << 3) | WIRE_VARINT)) nanos = reader.uint32() | 0;
    else skipUnknown(reader, tag, 2);
  }
  if (reader.pos !== end) throw new DecodeUnsupported('timestamp overran');
  const base = typeof seconds === 'number' ? secondsCache.get(seconds) : undefined;
  // The fraction is the last part of the text (0, 3, 6 or 9 digits, then Z).
  if (base !== undefined && nanos >= 0 && nanos <= 999_999_999)
    return base + rfc3339Fraction(nanos);
  let text: string;
  try {
    text = timestampToRfc3339({ seconds: seconds.toString(), nanos });
  } catch {
    throw new DecodeUnsupported('timestamp out of range');
  }
  if (typeof seconds === 'number') {
    if (secondsCache.size >= TIMESTAMP_CACHE_LIMIT) secondsCache.clear();
    secondsCache.set(seconds, text.slice(0, 19));
  }
  return text;
}

/** Skips a field this message does not know; a known one with the wrong wire type is malformed. */
function skipUnknown(reader: Reader, tag: number, highestKnown: number): void {
  const number = tag >>> 3;
  if (number >= 1 && number <= highestKnown) throw new DecodeUnsupported('wrong wire type');
  reader.skip(tag & 7);
}

function readStruct(reader: Reader, end: number): JsonObject {
  const out: JsonObject = {};
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag !== ((1 << 3) | WIRE_LENGTH)) {
      skipUnknown(reader, tag, 1);
      continue;
    }
    const entryEnd = reader.end(reader.uint32());
    let key = '';
    let value: JsonValue | undefined;
    while (reader.pos < entryEnd) {
      const entryTag = reader.uint32();
      if (entryTag === ((1 << 3) | WIRE_LENGTH)) key = reader.string();
      else if (entryTag === ((2 << 3) | WIRE_LENGTH))
        value = readValueMessage(reader, reader.end(reader.uint32()));
      else skipUnknown(reader, entryTag, 2);
    }
    if (reader.pos !== entryEnd) throw new DecodeUnsupported('struct entry overran');
    // An entry without a value makes protobufjs' toObject throw: let it, the general way.
    if (value === undefined) throw new DecodeUnsupported('a Struct entry without a value');
    // protobufjs would assign this key with `=`; the general path decides what it means.
    if (key === '__proto__') throw new DecodeUnsupported('__proto__ in a Struct');
    out[key] = value;
  }
  if (reader.pos !== end) throw new DecodeUnsupported('struct overran');
  return out;
}

function readValueMessage(reader: Reader, end: number): JsonValue {
  let value: JsonValue = null;
  let members = 0;
  while (reader.pos < end) {
    const tag = reader.uint32();
    const number = tag >>> 3;
    const wireType = tag & 7;
    if (number < 1 || number > 6) {
      reader.skip(wireType);
      continue;
    }
    // More than one member on the wire: rare and subtle; the general path knows.
    if (++members > 1) throw new DecodeUnsupported('a Value with two members');
    if (number === 1 && wireType === WIRE_VARINT) {
      reader.uint32();
      value = null;
    } else if (number === 2 && wireType === WIRE_64) value = reader.double();
    else if (number === 3 && wireType === WIRE_LENGTH) value = reader.string();
    else if (number === 4 && wireType === WIRE_VARINT) value = reader.uint32() !== 0;
    else if (number === 5 && wireType === WIRE_LENGTH)
      value = readStruct(reader, reader.end(reader.uint32()));
    else if (number === 6 && wireType === WIRE_LENGTH)
      value = readList(reader, reader.end(reader.uint32()));
    else throw new DecodeUnsupported(`Value member ${number}: wire type ${wireType}`);
  }
  if (reader.pos !== end) throw new DecodeUnsupported('value overran');
  return value;
}

function readList(reader: Reader, end: number): JsonValue[] {
  const values: JsonValue[] = [];
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag === ((1 << 3) | WIRE_LENGTH))
      values.push(readValueMessage(reader, reader.end(reader.uint32())));
    else skipUnknown(reader, tag, 1);
  }
  if (reader.pos !== end) throw new DecodeUnsupported('list overran');
  return values;
}
