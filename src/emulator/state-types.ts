/**
 * What the emulator keeps: workflows as plain JSON (Structs already turned
 * into JSON objects, timestamps as RFC 3339 strings), so the state file is
 * readable and metadata round-trips exactly. The server turns these into wire
 * messages, filling in what the API fills in (owners, model details, version).
 */
import type { JsonObject } from '../json.js';

/** A node's output_info_override with its Struct fields as JSON; other fields as decoded. */
export interface StoredOutputInfo {
  data: { concepts: Record<string, unknown>[]; metadata: JsonObject | null } | null;
  output_config:
    | (Record<string, unknown> & {
        hyper_params: JsonObject | null;
        model_metadata: JsonObject | null;
      })
    | null;
  message: string;
  fields_map: JsonObject | null;
  params: JsonObject | null;
}

/**
 * A node's model: id, version and — for a model of another app (a public
 * model) — its real owner. No owner: a model of the app the workflow lives in
 * (also how state written before owners were kept reads).
 */
export interface StoredModelRef {
  id: string;
  version_id: string;
  user_id?: string;
  app_id?: string;
}

export interface StoredNode {
  id: string;
  /** version_id is always resolved (a missing one becomes the model's latest). */
  model: StoredModelRef;
  node_inputs: string[];
  suppress_output: boolean;
  output_info_override: StoredOutputInfo | null;
}

/** A stored image reference (the lean Image: url, hosted, image_info). */
export type StoredImage = Record<string, unknown>;

export interface StoredWorkflow {
  id: string;
  description: string;
  notes: string;
  metadata: JsonObject | null;
  /** Visibility.Gettable; 10 = PRIVATE, the API's default. */
  visibility: number;
  use_cases: string[];
  check_consents: string[];
  image: StoredImage | null;
  nodes: StoredNode[];
  created_at: string;
  modified_at: string;
  version: { id: string; created_at: string };
  /**
   * Every version the workflow has had, oldest first; the last one is the
   * live `version` above. Each holds what a WorkflowVersion carries (nodes,
   * description, metadata, visibility) — no notes, use_cases, check_consents
   * or image, as in the API. A state file of version 1 has none: loading
   * migrates it (one version per workflow, from its current content).
   */
  versions: StoredVersion[];
}

/** One stored workflow version: the content of the write that made it. */
export interface StoredVersion {
  id: string;
  created_at: string;
  description: string;
  metadata: JsonObject | null;
  visibility: number;
  nodes: StoredNode[];
}

/** A node as a request carries it: the version may be empty (→ latest). */
export interface NodeDraft {
  id: string;
  /** The owner as the request names it ('' or absent: not named). */
  model: StoredModelRef;
  node_inputs: string[];
  suppress_output: boolean;
  output_info_override: StoredOutputInfo | null;
}

/**
 * A workflow as a Post/Patch request carries it. `null`/absent means "not
 * sent" where the API distinguishes it (metadata, visibility, image).
 */
export interface WorkflowDraft {
  id: string;
  description: string;
  notes: string;
  metadata: JsonObject | null;
  visibility: number | null;
  use_cases: string[];
  check_consents: string[];
  image: StoredImage | null;
  nodes: NodeDraft[];
}

export interface StoredApp {
  user_id: string;
  app_id: string;
  workflows: Record<string, StoredWorkflow>;
}

export const STATE_FORMAT = 'vtr-wf-emulator-state';
/** 2: workflows carry `versions`. Version 1 files load (migrated on read). */
export const STATE_VERSION = 2;

export interface StateFile {
  format: typeof STATE_FORMAT;
  version: number;
  /** Keyed "<user_id>/<app_id>". */
  apps: Record<string, StoredApp>;
}
