/**
 * Between proto-loader's decoded objects (keepCase, defaults, oneofs) and the
 * store's JSON: requests become drafts; stored workflows become responses with
 * what the API fills in — owners, timestamps, the version, visibility, and
 * each node's model name, type, owner and version status.
 */
import type { JsonObject } from '../json.js';
import type { CatalogModel, ModelCatalog, ModelOwner } from './models.js';
import { reorderForResponse } from './reorder.js';
import type { AppRef } from './store.js';
import type {
  NodeDraft,
  StoredImage,
  StoredNode,
  StoredOutputInfo,
  StoredVersion,
  StoredWorkflow,
  WorkflowDraft,
} from './state-types.js';
import { StatusCode, status } from './status.js';
import { fromStruct, toStruct, type WireStruct } from '../model/struct.js';

type Wire = Record<string, unknown>;

function asObject(value: unknown): Wire | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Wire)
    : null;
}

function asString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function asStruct(value: unknown): JsonObject | null {
  const struct = asObject(value) as WireStruct | null;
  return struct ? fromStruct(struct) : null;
}

function structOrNull(json: JsonObject | null): WireStruct | null {
  return json ? toStruct(json, '', { asSent: true }) : null;
}

// ---- timestamps ----

/**
 * google.protobuf.Timestamp for the encoder. `seconds` is a number: the
 * encoder takes one as readily as the string the official stub decodes to,
 * without parsing a decimal string into a 64-bit value — and a 1000-workflow
 * answer holds ~10,000 timestamps, most of them the same few (a model's dates
 * repeat in every node that names it), so each distinct one is made once.
 */
export function toTimestamp(iso: string): { seconds: number; nanos: number } {
  let timestamp = timestamps.get(iso);
  if (!timestamp) {
    const ms = Date.parse(iso);
    timestamp = Object.freeze({
      seconds: Math.floor(ms / 1000),
      nanos: (((ms % 1000) + 1000) % 1000) * 1_000_000,
    });
    // Bounded: a long-running emulator makes a new date on every write.
    if (timestamps.size >= MAX_TIMESTAMPS) timestamps.clear();
    timestamps.set(iso, timestamp);
  }
  return timestamp;
}
const timestamps = new Map<string, Readonly<{ seconds: number; nanos: number }>>();
const MAX_TIMESTAMPS = 100_000;

// ---- requests → drafts ----

function outputInfoFromWire(value: unknown): StoredOutputInfo | null {
  const info = asObject(value);
  if (!info) return null;
  const data = asObject(info.data);
  const config = asObject(info.output_config);
  return {
    data: data
      ? {
          concepts: (Array.isArray(data.concepts) ? data.concepts : []).map((c) => {
            const concept = asObject(c) ?? {};
            return { ...concept, metadata: asStruct(concept.metadata) };
          }),
          metadata: asStruct(data.metadata),
        }
      : null,
    output_config: config
      ? {
          ...config,
          hyper_params: asStruct(config.hyper_params),
          model_metadata: asStruct(config.model_metadata),
        }
      : null,
    message: asString(info.message),
    fields_map: asStruct(info.fields_map),
    params: asStruct(info.params),
  };
}

function nodeFromWire(value: unknown): NodeDraft {
  const node = asObject(value) ?? {};
  const model = asObject(node.model) ?? {};
  const version = asObject(model.model_version) ?? {};
  return {
    id: asString(node.id),
    model: {
      id: asString(model.id),
      version_id: asString(version.id),
      ...(asString(model.user_id) ? { user_id: asString(model.user_id) } : {}),
      ...(asString(model.app_id) ? { app_id: asString(model.app_id) } : {}),
    },
    node_inputs: (Array.isArray(node.node_inputs) ? node.node_inputs : []).map((i) =>
      asString(asObject(i)?.node_id),
    ),
    suppress_output: node.suppress_output === true,
    output_info_override: outputInfoFromWire(node.output_info_override),
  };
}

/** A cover image as stored: the empty `base64` buffer proto-loader fills in means "not set". */
function withoutEmptyBytes(image: Record<string, unknown>): StoredImage {
  const kept = Object.entries(image).filter(
    ([, v]) => !(v instanceof Uint8Array && v.length === 0),
  );
  return Object.fromEntries(kept) as StoredImage;
}

export function workflowFromWire(value: unknown): WorkflowDraft {
  const wf = asObject(value) ?? {};
  const visibility = asObject(wf.visibility);
  const image = asObject(wf.image);
  return {
    id: asString(wf.id),
    description: asString(wf.description),
    notes: asString(wf.notes),
    metadata: asStruct(wf.metadata),
    visibility: visibility && typeof visibility.gettable === 'number' ? visibility.gettable : null,
    use_cases: asStrings(wf.use_cases),
    check_consents: asStrings(wf.check_consents),
    image: image ? withoutEmptyBytes(image) : null,
    nodes: (Array.isArray(wf.nodes) ? wf.nodes : []).map(nodeFromWire),
  };
}

// ---- stored → responses ----

function outputInfoToWire(info: StoredOutputInfo | null): Wire | null {
  if (!info) return null;
  return {
    data: info.data
      ? {
          concepts: info.data.concepts.map((c) => ({
            ...c,
            metadata: structOrNull(c.metadata as JsonObject | null),
          })),
          metadata: structOrNull(info.data.metadata),
        }
      : null,
    output_config: info.output_config
      ? {
          ...info.output_config,
          hyper_params: structOrNull(info.output_config.hyper_params),
          model_metadata: structOrNull(info.output_config.model_metadata),
        }
      : null,
    message: info.message,
    fields_map: structOrNull(info.fields_map),
    params: structOrNull(info.params),
  };
}

/** The owner the API reports: the model's own, or the asking app for a model of that app. */
export function ownerOf(model: CatalogModel | undefined, app: AppRef): AppRef {
  return model?.user_id && model.app_id ? { user_id: model.user_id, app_id: model.app_id } : app;
}

/**
 * A model as the API describes it, at the given version (latest when empty);
 * `named` is the owner the request or the stored node names (may be empty).
 */
export function modelToWire(
  catalog: ModelCatalog,
  modelId: string,
  versionId: string,
  app: AppRef,
  named: ModelOwner = {},
): Wire {
  const model = catalog.find(modelId, named, app);
  const version = model ? catalog.resolve(modelId, versionId, named, app)?.version : undefined;
  const owner = model
    ? ownerOf(model, app)
    : named.user_id && named.app_id
      ? (named as AppRef)
      : app;
  return {
    id: modelId,
    name: model?.name ?? modelId,
    display_name: model?.name ?? modelId,
    model_type_id: model?.model_type_id ?? '',
    user_id: owner.user_id,
    app_id: owner.app_id,
    created_at: model ? toTimestamp(model.created_at) : null,
    modified_at: model ? toTimestamp(model.created_at) : null,
    visibility: { gettable: model?.user_id ? 50 : 10 },
    model_version: modelVersionToWire(version?.id ?? versionId, version?.created_at, owner),
  };
}

export function modelVersionToWire(
  versionId: string,
  createdAt: string | undefined,
  owner: AppRef,
): Wire {
  return {
    id: versionId,
    created_at: createdAt ? toTimestamp(createdAt) : null,
    completed_at: createdAt ? toTimestamp(createdAt) : null,
    modified_at: createdAt ? toTimestamp(createdAt) : null,
    status: status(StatusCode.MODEL_TRAINED),
    user_id: owner.user_id,
    app_id: owner.app_id,
    description: '',
    metadata: null,
    visibility: { gettable: 10 },
  };
}

function nodeToWire(node: StoredNode, catalog: ModelCatalog, app: AppRef): Wire {
  return {
    id: node.id,
    model: modelToWire(catalog, node.model.id, node.model.version_id, app, {
      user_id: node.model.user_id ?? '',
      app_id: node.model.app_id ?? '',
    }),
    node_inputs: node.node_inputs.map((node_id) => ({ node_id })),
    suppress_output: node.suppress_output,
    output_info_override: outputInfoToWire(node.output_info_override),
  };
}

export function workflowToWire(wf: StoredWorkflow, catalog: ModelCatalog, app: AppRef): Wire {
  return {
    id: wf.id,
    app_id: app.app_id,
    user_id: app.user_id,
    created_at: toTimestamp(wf.created_at),
    modified_at: toTimestamp(wf.modified_at),
    nodes: reorderForResponse(wf.nodes).map((n) => nodeToWire(n, catalog, app)),
    metadata: structOrNull(wf.metadata),
    visibility: { gettable: wf.visibility },
    version: {
      id: wf.version.id,
      workflow_id: wf.id,
      created_at: toTimestamp(wf.version.created_at),
      modified_at: toTimestamp(wf.version.created_at),
      visibility: { gettable: wf.visibility },
      app_id: app.app_id,
      user_id: app.user_id,
    },
    is_starred: false,
    star_count: 0,
    description: wf.description,
    notes: wf.notes,
    use_cases: wf.use_cases,
    check_consents: wf.check_consents,
    image: wf.image,
  };
}

/**
 * A stored version as the API's WorkflowVersion. `is_deprecated`: a node's
 * model version is one the emulator does not know (the API marks a version
 * deprecated when a model version it uses was deleted).
 */
export function workflowVersionToWire(
  workflowId: string,
  version: StoredVersion,
  catalog: ModelCatalog,
  app: AppRef,
): Wire {
  return {
    id: version.id,
    workflow_id: workflowId,
    created_at: toTimestamp(version.created_at),
    modified_at: toTimestamp(version.created_at),
    visibility: { gettable: version.visibility },
    nodes: reorderForResponse(version.nodes).map((n) => nodeToWire(n, catalog, app)),
    metadata: structOrNull(version.metadata),
    app_id: app.app_id,
    user_id: app.user_id,
    description: version.description,
    license: '',
    is_deprecated: version.nodes.some(
      (n) => catalog.resolve(n.model.id, n.model.version_id, n.model, app) === undefined,
    ),
  };
}
