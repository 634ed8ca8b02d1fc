/**
 * A direct protobuf encoder for the workflows apply writes: an API workflow
 * (wire.ts's plain form — Structs as JSON objects, Timestamps as RFC 3339
 * text) → the bytes of `{ workflows: [it] }`, in one pass. Why: the general
 * path copies each workflow into wire form (toWire), copies that into
 * protobufjs messages (fromObject), then encodes — two copies and three walks
 * of 1000 workflows on the thread that also writes apply's backups and reads
 * its answers (~55 ms of it, plus the garbage).
 *
 * The bytes are exactly the general path's (fast-encode.test.ts), because they
 * follow what protobufjs does: fields in number order; a field written when
 * its value is neither null nor undefined, even when it holds the default
 * (protobufjs's fromObject sets it, and its encoder writes what is set); a
 * repeated field when it has elements; a Struct entry per key in key order,
 * its Value as toValue (model/struct.ts) makes it. Anything else — bytes,
 * packed or map fields, a value of an unexpected type, a Struct key
 * "__proto__" or a non-finite number in one, a lone surrogate — throws
 * EncodeUnsupported, and the caller encodes the general way, which then
 * behaves exactly as before (its errors included).
 */
import type { DescriptorIndex } from './schema.js';
import {
  MESSAGE_FORMAT,
  namesIn,
  resolveTypeName,
  STRUCT_TYPE,
  TIMESTAMP_TYPE,
  type FieldDescriptor,
} from './schema.js';
import { rfc3339ToTimestamp } from './timestamp.js';

export class EncodeUnsupported extends Error {}

type Kind =
  | 'string'
  | 'bool'
  | 'int32'
  | 'uint32'
  | 'float'
  | 'double'
  | 'message'
  | 'struct'
  | 'timestamp'
  /** Written by the general encoder only (bytes, 64-bit, maps, packed, other types). */
  | 'unsupported';

interface FieldPlan {
  name: string;
  kind: Kind;
  repeated: boolean;
  /** The field's key (number and wire type), as varint bytes. */
  key: number[];
  /** For 'message'. */
  type?: TypePlan;
}

interface TypePlan {
  /** By field number, as protobufjs writes them. */
  fields: FieldPlan[];
}

const WIRE_VARINT = 0;
const WIRE_64 = 1;
const WIRE_LENGTH = 2;
const WIRE_32 = 5;

const SCALARS: Record<string, { kind: Kind; wire: number } | undefined> = {
  TYPE_STRING: { kind: 'string', wire: WIRE_LENGTH },
  TYPE_BOOL: { kind: 'bool', wire: WIRE_VARINT },
  TYPE_INT32: { kind: 'int32', wire: WIRE_VARINT },
  // protobufjs writes an enum as an int32.
  TYPE_ENUM: { kind: 'int32', wire: WIRE_VARINT },
  TYPE_UINT32: { kind: 'uint32', wire: WIRE_VARINT },
  TYPE_FLOAT: { kind: 'float', wire: WIRE_32 },
  TYPE_DOUBLE: { kind: 'double', wire: WIRE_64 },
};

/** `{ workflows: [workflow] }`'s bytes; throws EncodeUnsupported for what it does not model. */
export type WorkflowEncoder = (workflow: object) => Buffer;

/** Field 2 of PostWorkflowsRequest and PatchWorkflowsRequest: `repeated Workflow workflows`. */
const WORKFLOWS_KEY = (2 << 3) | WIRE_LENGTH;

/** Builds the encoder for `typeName` (clarifai.api.Workflow), or throws EncodeUnsupported. */
export function buildWorkflowEncoder(index: DescriptorIndex, typeName: string): WorkflowEncoder {
  const root = planFor(index, typeName, new Map());
  return (workflow) => {
    const w = writer;
    w.pos = 0;
    w.byte(WORKFLOWS_KEY);
    const start = w.fork();
    writeMessage(w, root, workflow);
    w.ldelim(start);
    return Buffer.from(w.buf.subarray(0, w.pos));
  };
}

function planFor(index: DescriptorIndex, name: string, plans: Map<string, TypePlan>): TypePlan {
  const known = plans.get(name);
  if (known) return known;
  const def = index[name];
  if (!def || def.format !== MESSAGE_FORMAT) throw new EncodeUnsupported(`no message ${name}`);
  const plan: TypePlan = { fields: [] };
  plans.set(name, plan);
  const declared = (def.type as { field?: FieldDescriptor[] }).field ?? [];
  for (const f of [...declared].sort((a, b) => a.number - b.number)) {
    const repeated = f.label === 'LABEL_REPEATED';
    let kind: Kind = 'unsupported';
    let wire = WIRE_LENGTH;
    let type: TypePlan | undefined;
    if (f.type === 'TYPE_MESSAGE') {
      const target = resolveTypeName(name, f.typeName, namesIn(index));
      const nested = target === undefined ? undefined : index[target];
      const mapEntry = (nested?.type as { options?: { mapEntry?: boolean } } | undefined)?.options
        ?.mapEntry;
      if (target === STRUCT_TYPE) kind = 'struct';
      else if (target === TIMESTAMP_TYPE) kind = 'timestamp';
      else if (target !== undefined && !mapEntry && !target.startsWith('google.protobuf.')) {
        kind = 'message';
        type = planFor(index, target, plans);
      }
    } else {
      const scalar = SCALARS[f.type];
      // A repeated number would be packed: the general encoder's to write.
      if (scalar && !(repeated && scalar.kind !== 'string')) {
        kind = scalar.kind;
        wire = scalar.wire;
      }
    }
    plan.fields.push({
      name: f.name,
      kind,
      repeated,
      key: varintBytes(((f.number << 3) | wire) >>> 0),
      ...(type ? { type } : {}),
    });
  }
  return plan;
}

// ---- encoding ----

function writeMessage(w: Writer, type: TypePlan, value: unknown): void {
  if (!isPlainObject(value)) throw new EncodeUnsupported('not a plain object');
  for (const field of type.fields) {
    const v = value[field.name];
    if (v === null || v === undefined) continue;
    if (!field.repeated) {
      writeField(w, field, v);
      continue;
    }
    if (!Array.isArray(v)) throw new EncodeUnsupported(`${field.name}: not a list`);
    for (const item of v as unknown[]) {
      // fromObject would turn a null element into "null" or an empty message: the general way.
      if (item === null || item === undefined)
        throw new EncodeUnsupported(`${field.name}: a null element`);
      writeField(w, field, item);
    }
  }
}

function writeField(w: Writer, field: FieldPlan, v: unknown): void {
  switch (field.kind) {
    case 'string':
      if (typeof v !== 'string') break;
      w.bytes(field.key);
      return w.string(v);
    case 'bool':
      if (typeof v !== 'boolean') break;
      w.bytes(field.key);
      return w.byte(v ? 1 : 0);
    case 'int32':
      if (!Number.isInteger(v) || (v as number) < -0x80000000 || (v as number) > 0x7fffffff) break;
      w.bytes(field.key);
      return w.int32(v as number);
    case 'uint32':
      if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 0xffffffff) break;
      w.bytes(field.key);
      return w.varint32(v as number);
    case 'float':
      if (typeof v !== 'number') break;
      w.bytes(field.key);
      return w.float(v);
    case 'double':
      if (typeof v !== 'number') break;
      w.bytes(field.key);
      return w.double(v);
    case 'message': {
      w.bytes(field.key);
      const start = w.fork();
      writeMessage(w, field.type as TypePlan, v);
      return w.ldelim(start);
    }
    case 'struct': {
      if (!isPlainObject(v)) break;
      w.bytes(field.key);
      const start = w.fork();
      writeStruct(w, v);
      return w.ldelim(start);
    }
    case 'timestamp': {
      if (typeof v !== 'string') break;
      let time: { seconds: unknown; nanos: unknown };
      try {
        time = rfc3339ToTimestamp(v);
      } catch {
        break;
      }
      const { seconds, nanos } = time;
      if (typeof seconds !== 'number' || !Number.isSafeInteger(seconds)) break;
      if (typeof nanos !== 'number' || !Number.isInteger(nanos) || nanos < 0 || nanos > 0x7fffffff)
        break;
      w.bytes(field.key);
      const start = w.fork();
      // seconds: int64 (field 1), nanos: int32 (field 2); both written, as fromObject sets both.
      w.byte(0x08);
      w.int64(seconds);
      w.byte(0x10);
      w.int32(nanos);
      return w.ldelim(start);
    }
    case 'unsupported':
      break;
  }
  throw new EncodeUnsupported(`${field.name}: ${field.kind} ${typeof v}`);
}

/** google.protobuf.Struct: `map<string, Value> fields = 1`, one entry per key, as toStruct. */
function writeStruct(w: Writer, object: Record<string, unknown>): void {
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (value === undefined) continue;
    // toStruct refuses it (protobufjs would drop it): the general way says so.
    if (key === '__proto__') throw new EncodeUnsupported('a Struct key "__proto__"');
    w.byte(0x0a);
    const entry = w.fork();
    w.byte(0x0a);
    w.string(key);
    w.byte(0x12);
    const inner = w.fork();
    writeJsonValue(w, value);
    w.ldelim(inner);
    w.ldelim(entry);
  }
}

/** google.protobuf.Value, as toValue makes it: exactly one member set. */
function writeJsonValue(w: Writer, value: unknown): void {
  if (value === null) {
    w.byte(0x08); // null_value = 1: NULL_VALUE (0)
    w.byte(0x00);
    return;
  }
  switch (typeof value) {
    case 'string':
      w.byte(0x1a); // string_value = 3
      return w.string(value);
    case 'boolean':
      w.byte(0x20); // bool_value = 4
      return w.byte(value ? 1 : 0);
    case 'number':
      if (!Number.isFinite(value)) break;
      w.byte(0x11); // number_value = 2: double
      return w.double(value);
    case 'object': {
      if (Array.isArray(value)) {
        w.byte(0x32); // list_value = 6: ListValue { repeated Value values = 1 }
        const list = w.fork();
        for (const item of value as unknown[]) {
          if (item === undefined) throw new EncodeUnsupported('undefined in a list');
          w.byte(0x0a);
          const element = w.fork();
          writeJsonValue(w, item);
          w.ldelim(element);
        }
        return w.ldelim(list);
      }
      if (!isPlainObject(value)) break;
      w.byte(0x2a); // struct_value = 5
      const struct = w.fork();
      writeStruct(w, value);
      return w.ldelim(struct);
    }
  }
  throw new EncodeUnsupported(`not JSON: ${typeof value}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function varintBytes(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}

/** protobufjs writes a lone surrogate as its own 3 bytes, Buffer as U+FFFD: left to the former. */
const LONE_SURROGATE = /\p{Surrogate}/u;
/** Room kept for a length prefix before the bytes it counts (a varint32 is ≤ 5 bytes). */
const PREFIX_ROOM = 5;

/** One growing buffer, reused by every call (encoding is synchronous): the result is copied out. */
class Writer {
  buf = Buffer.allocUnsafe(64 * 1024);
  pos = 0;

  private ensure(more: number): void {
    if (this.pos + more <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + more));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  byte(value: number): void {
    this.ensure(1);
    this.buf[this.pos++] = value;
  }

  bytes(values: readonly number[]): void {
    this.ensure(values.length);
    for (const value of values) this.buf[this.pos++] = value;
  }

  varint32(value: number): void {
    this.ensure(5);
    let v = value >>> 0;
    while (v > 0x7f) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.pos++] = v;
  }

  /** A negative int32 is sign-extended to 64 bits: ten bytes, as protobufjs writes it. */
  int32(value: number): void {
    if (value >= 0) this.varint32(value);
    else this.int64(value);
  }

  /** A safe integer as a two's complement 64-bit varint. */
  int64(value: number): void {
    if (!Number.isSafeInteger(value)) throw new EncodeUnsupported('not a safe integer');
    if (value >= 0 && value <= 0xffffffff) return this.varint32(value);
    this.ensure(10);
    let v = BigInt.asUintN(64, BigInt(value));
    while (v > 0x7fn) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
  }

  float(value: number): void {
    this.ensure(4);
    this.pos = this.buf.writeFloatLE(value, this.pos);
  }

  double(value: number): void {
    this.ensure(8);
    this.pos = this.buf.writeDoubleLE(value, this.pos);
  }

  string(value: string): void {
    const n = value.length;
    // Short ASCII (ids, versions, most values): copied by hand, no call into the runtime.
    if (n < 128) {
      let ascii = true;
      for (let i = 0; i < n; i++) {
        if (value.charCodeAt(i) >= 0x80) {
          ascii = false;
          break;
        }
      }
      if (ascii) {
        this.ensure(n + 1);
        this.buf[this.pos++] = n;
        for (let i = 0; i < n; i++) this.buf[this.pos++] = value.charCodeAt(i);
        return;
      }
    }
    if (LONE_SURROGATE.test(value)) throw new EncodeUnsupported('a lone surrogate');
    const length = Buffer.byteLength(value, 'utf8');
    this.varint32(length);
    this.ensure(length);
    this.pos += this.buf.write(value, this.pos, length, 'utf8');
  }

  /** Starts a length-prefixed part: room for its prefix, filled in by ldelim. */
  fork(): number {
    this.ensure(PREFIX_ROOM);
    const start = this.pos;
    this.pos += PREFIX_ROOM;
    return start;
  }

  /** Ends the part `fork` started: its length written, its bytes moved up to meet it. */
  ldelim(start: number): void {
    const bodyStart = start + PREFIX_ROOM;
    const length = this.pos - bodyStart;
    let at = start;
    let v = length;
    while (v > 0x7f) {
      this.buf[at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[at++] = v;
    if (at < bodyStart) {
      this.buf.copyWithin(at, bodyStart, this.pos);
      this.pos -= bodyStart - at;
    }
  }
}

const writer = new Writer();
