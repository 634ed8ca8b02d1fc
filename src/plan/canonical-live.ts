/**
 * Live workflow → canonical form, and the scan for live fields vtr-wf does not
 * model. Server-filled fields (timestamps, versions, model names and types,
 * the workflow's owner, star counts, statuses) and proto defaults vanish here,
 * so they can never show up as changes.
 */
import type { ApiModel, ApiNode, ApiWorkflow } from '../model/api-types.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.js';
import { compareStrings, sortedBy } from './order.js';
import { canonicalConcepts, canonicalOutputConfig } from './override-fields.js';
import { pointerOf } from '../json-pointer.js';
import {
  GETTABLE,
  MARK_KEY,
  type Visibility,
  type CanonicalModel,
  type CanonicalNode,
  type CanonicalWorkflow,
  type KeptFields,
} from './types.js';

/** Filled by the server: never compared, never reported, never written. */
const SERVER_FILLED_WORKFLOW_FIELDS = [
  'app_id',
  'user_id',
  'created_at',
  'modified_at',
  'version',
  'is_starred',
  'star_count',
];

/** Workflow fields vtr-wf models or knows the server fills; anything else is "unsupported". */
const KNOWN_WORKFLOW_FIELDS = new Set([
  'id',
  'description',
  'notes',
  'nodes',
  'metadata',
  'visibility',
  'use_cases',
  'check_consents',
  ...SERVER_FILLED_WORKFLOW_FIELDS,
]);

/** output_info_override fields vtr-wf models (data.concepts too: see unsupportedFields). */
const MODELLED_OVERRIDE_FIELDS = new Set(['params', 'output_config']);

const KNOWN_NODE_FIELDS = new Set([
  'id',
  'model',
  'node_inputs',
  'suppress_output',
  'output_info_override',
]);

export function canonicaliseLive(api: ApiWorkflow): CanonicalWorkflow {
  const workflow: CanonicalWorkflow = {
    id: api.id,
    description: stringOrEmpty(api.description),
    notes: stringOrEmpty(api.notes),
    nodes: sortedBy((api.nodes ?? []).map(canonicaliseNode), (n) => n.id),
  };
  const metadata = userMetadata(api.metadata);
  if (metadata) workflow.metadata = metadata;
  const visibility = visibilityOf((api.visibility as { gettable?: unknown } | undefined)?.gettable);
  if (visibility && visibility !== 'private') workflow.visibility = visibility;
  for (const field of ['use_cases', 'check_consents'] as const) {
    const list = api[field as keyof ApiWorkflow];
    if (Array.isArray(list) && list.length > 0) workflow[field] = list.map(String);
  }
  const imageUrl = liveImageUrl(api);
  if (imageUrl !== undefined) workflow.image = { url: imageUrl };
  return workflow;
}

/** The cover image's url; undefined when there is no image, or one without a url. */
function liveImageUrl(api: ApiWorkflow): string | undefined {
  const url = isRecord(api.image) ? api.image.url : undefined;
  return nonEmptyString(url) ? url : undefined;
}

/** Gettable (a number, or its name from a client that reads enums as strings) → spec form. */
function visibilityOf(gettable: unknown): Visibility | undefined {
  for (const [name, number] of Object.entries(GETTABLE) as [Visibility, number][]) {
    if (gettable === number || gettable === name.toUpperCase()) return name;
  }
  return undefined;
}

/** Live metadata without vtr-wf's mark, plain JSON; undefined when nothing is left. */
function userMetadata(metadata: unknown): JsonObject | undefined {
  if (!isJsonObject(metadata)) return undefined;
  const user = JSON.parse(JSON.stringify(metadata)) as JsonObject;
  delete user[MARK_KEY];
  return Object.keys(user).length > 0 ? user : undefined;
}

function canonicaliseNode(node: ApiNode): CanonicalNode {
  const override = node.output_info_override;
  const params = override?.params;
  const canonical: CanonicalNode = {
    id: node.id,
    model: canonicaliseModel(node.model),
    inputs: (node.node_inputs ?? []).map((input) => input.node_id).sort(compareStrings),
    suppress_output: node.suppress_output === true,
    // A JSON round trip guarantees plain data (no undefined, no shared references).
    params: isJsonObject(params) ? (JSON.parse(JSON.stringify(params)) as JsonObject) : {},
  };
  const data = isRecord(override?.data) ? override.data : undefined;
  const concepts = canonicalConcepts(data?.concepts);
  if (concepts.length > 0) canonical.concepts = concepts;
  const outputConfig = canonicalOutputConfig(override?.output_config);
  if (Object.keys(outputConfig).length > 0) canonical.output_config = outputConfig;
  return canonical;
}

/**
 * Only id, version and owner: the API validates nothing else of a node's model,
 * and fills the rest (name, type, output info) from the model itself.
 */
function canonicaliseModel(model: ApiModel | undefined): CanonicalModel {
  const canonical: CanonicalModel = {
    id: stringOrEmpty(model?.id),
    version: stringOrEmpty(model?.model_version?.id),
  };
  if (nonEmptyString(model?.user_id)) canonical.user_id = model.user_id;
  if (nonEmptyString(model?.app_id)) canonical.app_id = model.app_id;
  return canonical;
}

/**
 * Live fields vtr-wf does not model that carry a non-default value, keyed by
 * JSON pointer (nodes by id), with their values — `export` reports the keys,
 * the fingerprint hashes the values so an out-of-band change to them counts.
 */
export function unsupportedFields(api: ApiWorkflow): Record<string, unknown> {
  const found: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(api)) {
    // Visibility is modelled (canonical `visibility`), and an image with a url: not reported.
    if (field === 'image' && liveImageUrl(api) !== undefined) continue;
    if (!KNOWN_WORKFLOW_FIELDS.has(field) && !isDefaultValue(value)) {
      found[pointerOf([field])] = value;
    }
  }
  for (const node of api.nodes ?? []) {
    for (const [field, value] of Object.entries(node)) {
      if (field === 'output_info_override' && isRecord(value)) {
        for (const [overrideField, overrideValue] of Object.entries(value)) {
          if (MODELLED_OVERRIDE_FIELDS.has(overrideField) || isDefaultValue(overrideValue))
            continue;
          if (overrideField === 'data' && isRecord(overrideValue)) {
            // data.concepts is modelled (canonical `concepts`); the rest of Data is not.
            for (const [dataField, dataValue] of Object.entries(overrideValue)) {
              if (dataField !== 'concepts' && !isDefaultValue(dataValue))
                found[pointerOf(['nodes', node.id, field, overrideField, dataField])] = dataValue;
            }
          } else {
            found[pointerOf(['nodes', node.id, field, overrideField])] = overrideValue;
          }
        }
      } else if (!KNOWN_NODE_FIELDS.has(field) && !isDefaultValue(value)) {
        found[pointerOf(['nodes', node.id, field])] = value;
      }
    }
  }
  return found;
}

/** Workflow fields the writer sets itself (modelled) or the server fills (never written). */
const WRITER_OR_SERVER_WORKFLOW_FIELDS = new Set([
  'id',
  'description',
  'notes',
  'nodes',
  'metadata',
  ...SERVER_FILLED_WORKFLOW_FIELDS,
]);
const WRITER_NODE_FIELDS = new Set(['id', 'model', 'node_inputs', 'suppress_output']);

/**
 * Every live field with a non-default value that the writer does not set from
 * the plan: a write starts from these and lays the planned workflow over them,
 * so nothing the plan does not show is ever dropped — including fields vtr-wf
 * has never heard of. (A node the plan removes takes its fields with it.)
 */
export function keptFields(api: ApiWorkflow): KeptFields {
  const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as JsonValue;
  const workflow: JsonObject = {};
  for (const [field, value] of Object.entries(api)) {
    if (WRITER_OR_SERVER_WORKFLOW_FIELDS.has(field) || isUnset(field, value)) continue;
    workflow[field] = plain(value);
  }
  const nodes: Record<string, JsonObject> = {};
  for (const node of api.nodes ?? []) {
    const kept: JsonObject = {};
    for (const [field, value] of Object.entries(node)) {
      if (WRITER_NODE_FIELDS.has(field) || isUnset(field, value)) continue;
      if (field === 'output_info_override' && isRecord(value)) {
        const override: JsonObject = {};
        for (const [key, inner] of Object.entries(value)) {
          if (key !== 'params' && !isUnset(key, inner)) override[key] = plain(inner);
        }
        if (Object.keys(override).length > 0) kept[field] = override;
      } else {
        kept[field] = plain(value);
      }
    }
    if (Object.keys(kept).length > 0) nodes[node.id] = kept;
  }
  return { workflow, nodes };
}

/** google.protobuf.Struct fields of what a workflow carries: a key is data, even with a null value. */
const STRUCT_FIELDS = new Set([
  'fields_map',
  'metadata',
  'params',
  'hyper_params',
  'model_metadata',
]);

/** Not worth writing back: a proto default — but a Struct with any key is data. */
function isUnset(field: string, value: unknown): boolean {
  if (STRUCT_FIELDS.has(field) && isRecord(value)) return Object.keys(value).length === 0;
  return isDefaultValue(value);
}

/**
 * Proto3 defaults: a client may hand them over as absent, null, '', 0, false,
 * [] or {} depending on its loader options; all mean "not set".
 */
export function isDefaultValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === 0 || value === false) {
    return true;
  }
  if (Array.isArray(value)) return value.length === 0;
  if (isRecord(value)) return Object.values(value).every(isDefaultValue);
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function stringOrEmpty(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
