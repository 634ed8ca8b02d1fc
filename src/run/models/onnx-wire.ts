/**
 * Just enough of the protobuf wire format to edit an ONNX model's graph
 * without a schema: split a message into its fields (kept as raw bytes, so
 * whatever is not edited is written back exactly as it was read) and encode
 * the few fields an edit writes. Pure: bytes in, bytes out.
 */

/** One field of a message. `value`: the varint (wire type 0) or the bytes (1, 2, 5). */
export interface WireField {
  field: number;
  wireType: number;
  value: number | Uint8Array;
  /** The whole field as it was encoded (key and value). */
  raw: Uint8Array;
}

/**
 * Reads a varint at `pos`. Numbers above 2^53 (negative int64s take ten
 * bytes) lose precision but are still skipped correctly; the edits only read
 * small counts, sizes and dimensions.
 */
function readVarint(bytes: Uint8Array, pos: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    const b = bytes[pos++];
    if (b === undefined) throw new Error('truncated varint');
    value += (b & 0x7f) * scale;
    if ((b & 0x80) === 0) return [value, pos];
    scale *= 128;
  }
  throw new Error('varint longer than ten bytes');
}

/** The fields of one message, in order. Throws on malformed input. */
export function wireFields(bytes: Uint8Array): WireField[] {
  const out: WireField[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const start = pos;
    const [key, afterKey] = readVarint(bytes, pos);
    pos = afterKey;
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    let value: number | Uint8Array;
    if (wireType === 0) {
      [value, pos] = readVarint(bytes, pos);
    } else if (wireType === 1 || wireType === 5) {
      const size = wireType === 1 ? 8 : 4;
      value = bytes.subarray(pos, pos + size);
      pos += size;
    } else if (wireType === 2) {
      const [length, afterLength] = readVarint(bytes, pos);
      value = bytes.subarray(afterLength, afterLength + length);
      pos = afterLength + length;
    } else {
      throw new Error(`unsupported wire type ${wireType}`);
    }
    if (pos > bytes.length) throw new Error('truncated field');
    out.push({ field, wireType, value, raw: bytes.subarray(start, pos) });
  }
  return out;
}

/** The bytes of a length-delimited field (a string, bytes or a nested message). */
export function bytesOf(f: WireField | undefined): Uint8Array | undefined {
  return f && f.wireType === 2 && f.value instanceof Uint8Array ? f.value : undefined;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export function stringOf(f: WireField | undefined): string | undefined {
  const b = bytesOf(f);
  return b ? decoder.decode(b) : undefined;
}

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 128) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

/**
 * Encoded bytes as a list of pieces: nesting a message in another only adds
 * a header piece, so a model's weights are copied once, by `toBytes`.
 */
export interface Encoded {
  pieces: Uint8Array[];
  length: number;
}

export function encoded(...parts: (Uint8Array | Encoded)[]): Encoded {
  const pieces: Uint8Array[] = [];
  let length = 0;
  for (const p of parts) {
    if (p instanceof Uint8Array) pieces.push(p);
    else pieces.push(...p.pieces);
    length += p.length;
  }
  return { pieces, length };
}

export function varintField(field: number, value: number): Uint8Array {
  return Uint8Array.from([...varint(field * 8), ...varint(value)]);
}

/** A length-delimited field: a string, bytes or a nested message. */
export function bytesField(field: number, value: Uint8Array | Encoded): Encoded {
  return encoded(Uint8Array.from([...varint(field * 8 + 2), ...varint(value.length)]), value);
}

export function stringField(field: number, value: string): Encoded {
  return bytesField(field, encoder.encode(value));
}

export function float32Field(field: number, value: number): Uint8Array {
  const key = varint(field * 8 + 5);
  const out = new Uint8Array(key.length + 4);
  out.set(key);
  new DataView(out.buffer).setFloat32(key.length, value, true);
  return out;
}

export function toBytes(value: Encoded): Uint8Array {
  const out = new Uint8Array(value.length);
  let at = 0;
  for (const p of value.pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
