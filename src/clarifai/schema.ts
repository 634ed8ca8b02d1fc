/**
 * Where the special values sit in each message: which fields are Structs,
 * Timestamps, or nested messages (walked to reach them, and to drop the nulls
 * proto-loader's `defaults: true` puts in for unset messages). Read from the loaded
 * proto's descriptors, so a field the lean proto gains later is converted too,
 * without a hand-kept list of paths that could drift.
 */

/** The subset of proto-loader's PackageDefinition this needs (pure data). */
export type DescriptorIndex = Record<string, { format?: string; type?: unknown }>;

/** A field as proto-loader's descriptors hold it (the parts vtr-wf reads). */
export interface FieldDescriptor {
  name: string;
  number: number;
  type: string;
  typeName: string;
  label: string;
}

export type FieldKind = 'struct' | 'timestamp' | 'message';

export interface MessageField {
  name: string;
  kind: FieldKind;
  repeated: boolean;
  /** Fully qualified type name (for 'message'). */
  type: string;
}

/** Message name → its message-typed fields by name (scalars and enums need no converting). */
export type MessageSchema = ReadonlyMap<string, ReadonlyMap<string, MessageField>>;

export const STRUCT_TYPE = 'google.protobuf.Struct';
export const TIMESTAMP_TYPE = 'google.protobuf.Timestamp';

/** The `format` of a message's entry in proto-loader's descriptors. */
export const MESSAGE_FORMAT = 'Protocol Buffer 3 DescriptorProto';

const built = new WeakMap<DescriptorIndex, MessageSchema>();

/** Built once per loaded proto: every client in the process shares it. */
export function buildMessageSchema(index: DescriptorIndex): MessageSchema {
  let schema = built.get(index);
  if (!schema) {
    schema = build(index);
    built.set(index, schema);
  }
  return schema;
}

function build(index: DescriptorIndex): MessageSchema {
  const messages = new Map<string, FieldDescriptor[]>();
  for (const [name, def] of Object.entries(index)) {
    if (def.format === MESSAGE_FORMAT) messages.set(name, fieldsOf(def.type));
  }

  const resolved = new Map<string, Map<string, MessageField>>();
  for (const [name, fields] of messages) {
    const messageFields = new Map<string, MessageField>();
    for (const f of fields) {
      if (f.type !== 'TYPE_MESSAGE') continue;
      const type = resolveTypeName(name, f.typeName, messages);
      if (!type) continue;
      const kind: FieldKind =
        type === STRUCT_TYPE ? 'struct' : type === TIMESTAMP_TYPE ? 'timestamp' : 'message';
      messageFields.set(f.name, {
        name: f.name,
        kind,
        repeated: f.label === 'LABEL_REPEATED',
        type,
      });
    }
    resolved.set(name, messageFields);
  }

  for (const name of [...resolved.keys()]) {
    // Struct and friends are converted whole by struct.ts, never walked.
    if (name.startsWith('google.protobuf.')) resolved.delete(name);
  }
  return resolved;
}

function fieldsOf(type: unknown): FieldDescriptor[] {
  const fields = (type as { field?: unknown[] } | undefined)?.field ?? [];
  return fields.map((f) => {
    const d = f as Partial<FieldDescriptor>;
    return {
      name: String(d.name),
      number: Number(d.number),
      type: String(d.type),
      typeName: String(d.typeName ?? ''),
      label: String(d.label),
    };
  });
}

/**
 * Protobuf name scoping: a relative name is looked up from the innermost scope
 * outwards (`clarifai.api.X` + `status.Status` → `clarifai.api.status.Status`).
 * `known` holds the full names that exist; undefined when none matches.
 */
export function resolveTypeName(
  context: string,
  typeName: string,
  known: { has(name: string): boolean },
): string | undefined {
  if (typeName.startsWith('.')) return known.has(typeName.slice(1)) ? typeName.slice(1) : undefined;
  const scopes = context.split('.');
  for (let i = scopes.length; i >= 0; i--) {
    const candidate = [...scopes.slice(0, i), typeName].join('.');
    if (known.has(candidate)) return candidate;
  }
  return undefined;
}

/** The full names a descriptor index holds, for resolveTypeName. */
export function namesIn(index: DescriptorIndex): { has(name: string): boolean } {
  return { has: (name) => Object.hasOwn(index, name) && index[name] !== undefined };
}
