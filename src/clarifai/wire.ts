/**
 * API objects (plain JSON: Structs as objects, timestamps as RFC 3339) ⇄ the
 * objects proto-loader encodes and decodes. Driven by the proto's own
 * descriptors (schema.ts): every Struct and Timestamp at any depth is
 * converted, every other field passes through untouched, so nothing the API
 * sends is silently dropped and nothing we send is silently lost.
 *
 * Decoding also drops the `null`s that `defaults: true` puts in for unset
 * message fields, and the empty buffers it puts in for unset bytes: in proto3
 * either can only mean "not set", and absent reads
 * better in exports and diffs.
 */
import { isJsonObject } from '../json.js';
import type {
  ApiModelVersion,
  ApiWorkflow,
  ApiWorkflowResult,
  ApiWorkflowVersion,
} from './types.js';
import type { MessageField, MessageSchema } from './schema.js';
import { fromStruct, StructConversionError, toStruct } from '../model/struct.js';
import type { WireStruct } from '../model/struct.js';
import type { WireTimestamp } from './timestamp.js';
import { rfc3339ToTimestamp, timestampToRfc3339 } from './timestamp.js';

export const WORKFLOW_TYPE = 'clarifai.api.Workflow';
export const MODEL_VERSION_TYPE = 'clarifai.api.ModelVersion';
export const WORKFLOW_VERSION_TYPE = 'clarifai.api.WorkflowVersion';
export const WORKFLOW_RESULT_TYPE = 'clarifai.api.WorkflowResult';

type Plain = Record<string, unknown>;
const NO_FIELDS: ReadonlyMap<string, MessageField> = new Map();

// Hot path (a page holds 1000 workflows with nested models): plain loops over
// Object.keys and no per-field closures, to keep allocation — and GC — low.

export function fromWire(schema: MessageSchema, type: string, message: unknown): Plain {
  const out: Plain = {};
  if (!isObject(message)) return out;
  const fields = schema.get(type) ?? NO_FIELDS;
  for (const key of Object.keys(message)) {
    const value = message[key];
    if (value === null || value === undefined) continue;
    // Empty bytes are proto3's "not set" (an Image's base64 on a workflow's cover image).
    if (value instanceof Uint8Array && value.length === 0) continue;
    const field = fields.get(key);
    out[key] = field === undefined ? value : decodeField(schema, field, value);
  }
  return out;
}

function decodeField(schema: MessageSchema, field: MessageField, value: unknown): unknown {
  if (!field.repeated || !Array.isArray(value)) return decodeOne(schema, field, value);
  const list: unknown[] = [];
  for (const item of value)
    if (item !== null && item !== undefined) list.push(decodeOne(schema, field, item));
  return list;
}

function decodeOne(schema: MessageSchema, field: MessageField, value: unknown): unknown {
  if (field.kind === 'struct') return fromStruct(value as WireStruct);
  if (field.kind === 'timestamp') return timestampToRfc3339(value as WireTimestamp);
  return fromWire(schema, field.type, value);
}

export function toWire(schema: MessageSchema, type: string, plain: unknown, path = ''): Plain {
  const out: Plain = {};
  if (!isObject(plain)) return out;
  const fields = schema.get(type) ?? NO_FIELDS;
  for (const key of Object.keys(plain)) {
    const value = plain[key];
    if (value === null || value === undefined) continue;
    const field = fields.get(key);
    out[key] = field === undefined ? value : encodeField(schema, field, value, `${path}/${key}`);
  }
  return out;
}

function encodeField(
  schema: MessageSchema,
  field: MessageField,
  value: unknown,
  at: string,
): unknown {
  if (!field.repeated || !Array.isArray(value)) return encodeOne(schema, field, value, at);
  return value.map((item, i) => encodeOne(schema, field, item, `${at}/${i}`));
}

function encodeOne(
  schema: MessageSchema,
  field: MessageField,
  value: unknown,
  at: string,
): unknown {
  if (field.kind === 'struct') {
    if (!isJsonObject(value)) throw new StructConversionError(`${at}: expected a JSON object`);
    return toStruct(value, at);
  }
  if (field.kind === 'timestamp') return toWireTimestamp(value, at);
  return toWire(schema, field.type, value, at);
}

export function workflowFromWire(schema: MessageSchema, message: unknown): ApiWorkflow {
  const w = fromWire(schema, WORKFLOW_TYPE, message);
  if (!Array.isArray(w.nodes)) w.nodes = [];
  return w as ApiWorkflow;
}

export function workflowVersionFromWire(
  schema: MessageSchema,
  message: unknown,
): ApiWorkflowVersion {
  const v = fromWire(schema, WORKFLOW_VERSION_TYPE, message);
  if (!Array.isArray(v.nodes)) v.nodes = [];
  return { ...v, id: String(v.id ?? '') } as ApiWorkflowVersion;
}

export function workflowToWire(schema: MessageSchema, workflow: ApiWorkflow): Plain {
  return toWire(schema, WORKFLOW_TYPE, workflow, `/workflows/${workflow.id}`);
}

export function workflowResultFromWire(schema: MessageSchema, message: unknown): ApiWorkflowResult {
  const r = fromWire(schema, WORKFLOW_RESULT_TYPE, message);
  if (!Array.isArray(r.outputs)) r.outputs = [];
  return r as ApiWorkflowResult;
}

export function modelVersionFromWire(
  schema: MessageSchema,
  message: unknown,
  modelId: string,
): ApiModelVersion {
  const v = fromWire(schema, MODEL_VERSION_TYPE, message);
  // ModelVersion has no model_id on the wire; the caller knows which model it asked about.
  return { ...v, id: String(v.id ?? ''), model_id: modelId } as ApiModelVersion;
}

function toWireTimestamp(value: unknown, at: string): WireTimestamp {
  if (typeof value === 'string') return rfc3339ToTimestamp(value);
  if (isObject(value) && 'seconds' in value) return value as unknown as WireTimestamp;
  throw new StructConversionError(`${at}: expected an RFC 3339 timestamp`);
}

function isObject(value: unknown): value is Plain {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
