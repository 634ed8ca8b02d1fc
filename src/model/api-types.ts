/**
 * Workflows as the API holds them, in plain data: the proto's snake_case field
 * names (proto-loader keepCase), with google.protobuf.Struct values already
 * converted to plain JSON (model/struct.ts). The core (plan, normalise,
 * fingerprint) reads these; the client maps the wire to them, the emulator
 * stores its own. Nothing here is a wire type.
 */
import type { JsonObject } from '../json.js';

export interface ApiModel {
  id: string;
  user_id?: string;
  app_id?: string;
  name?: string;
  model_type_id?: string;
  model_version?: { id: string; user_id?: string; app_id?: string } & Record<string, unknown>;
  [field: string]: unknown;
}

export interface ApiNode {
  id: string;
  model: ApiModel;
  node_inputs?: { node_id: string }[];
  suppress_output?: boolean;
  output_info_override?: { params?: JsonObject } & Record<string, unknown>;
  [field: string]: unknown;
}

export interface ApiWorkflow {
  id: string;
  app_id?: string;
  user_id?: string;
  description?: string;
  notes?: string;
  nodes: ApiNode[];
  metadata?: JsonObject;
  /** RFC 3339 strings. */
  created_at?: string;
  modified_at?: string;
  version?: { id: string } & Record<string, unknown>;
  [field: string]: unknown;
}

/** A stored workflow version (the API's WorkflowVersion): no notes, use_cases, check_consents or image. */
export interface ApiWorkflowVersion {
  id: string;
  workflow_id?: string;
  /** RFC 3339. */
  created_at?: string;
  modified_at?: string;
  nodes: ApiNode[];
  metadata?: JsonObject;
  visibility?: { gettable?: number };
  description?: string;
  is_deprecated?: boolean;
  [field: string]: unknown;
}

export interface ApiModelVersion {
  id: string;
  model_id: string;
  [field: string]: unknown;
}
