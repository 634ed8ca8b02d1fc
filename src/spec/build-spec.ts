/**
 * Checked JSON → WorkflowSpec. Best effort on purpose: the shape check has
 * already reported every wrong field, and building what we can lets the rules
 * report the rest in the same run. Node order is kept (diagnostics point at
 * /nodes/<index>); a node that is not a mapping becomes an empty placeholder.
 */
import type { JsonObject, JsonValue } from '../json.js';
import { isJsonObject } from '../json.js';
import type { ModelRef, NodeSpec, Role, WorkflowSpec } from './types.js';

export function buildWorkflowSpec(data: JsonObject): WorkflowSpec {
  const spec: WorkflowSpec = {
    id: scalarText(own(data, 'id')) ?? '',
    nodes: Array.isArray(own(data, 'nodes'))
      ? (own(data, 'nodes') as JsonValue[]).map(buildNode)
      : [],
  };
  const description = own(data, 'description');
  if (typeof description === 'string') spec.description = description;
  const notes = own(data, 'notes');
  if (typeof notes === 'string') spec.notes = notes;
  return spec;
}

function buildNode(value: JsonValue): NodeSpec {
  if (!isJsonObject(value)) return { id: '', model: '', inputs: [] };
  const inputs = own(value, 'inputs');
  const node: NodeSpec = {
    id: scalarText(own(value, 'id')) ?? '',
    model: buildModelField(own(value, 'model')),
    inputs: Array.isArray(inputs) ? inputs.map((i) => scalarText(i) ?? '') : [],
  };
  const suppress = own(value, 'suppress_output');
  if (typeof suppress === 'boolean') node.suppress_output = suppress;
  const params = own(value, 'params');
  if (isJsonObject(params)) node.params = params;
  return node;
}

function buildModelField(value: JsonValue | undefined): string | ModelRef {
  if (isJsonObject(value)) return buildModelRef(value);
  return scalarText(value) ?? '';
}

/** A catalog entry, override or inline model: only fields of the right type. */
export function buildModelRef(data: JsonObject): ModelRef {
  const ref: ModelRef = {};
  for (const field of ['id', 'version', 'user_id', 'app_id'] as const) {
    const text = scalarText(own(data, field));
    if (text !== undefined) ref[field] = text;
  }
  const role = own(data, 'role');
  if (role === 'detector' || role === 'cropper' || role === 'recognizer') ref.role = role as Role;
  return ref;
}

/**
 * A string, or the text of a number/boolean that the shape check has already
 * reported as `not-a-string` — so one wrong id does not cascade into
 * "unknown input" errors for every node that names it.
 */
export function scalarText(value: JsonValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function own(data: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(data, key) ? data[key] : undefined;
}
