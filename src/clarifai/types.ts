/**
 * Workflows as vtr-wf's client hands them over: the proto's snake_case field
 * names (proto-loader keepCase), with google.protobuf.Struct values already
 * converted to plain JSON by model/struct.ts. Nothing here is a wire type.
 */
// The workflow data itself is the core's (plain data the planner reads): the
// client maps the wire to these types, defined in model/.
export type {
  ApiModel,
  ApiModelVersion,
  ApiNode,
  ApiWorkflow,
  ApiWorkflowVersion,
} from '../model/api-types.js';
import type {
  ApiModel,
  ApiModelVersion,
  ApiWorkflow,
  ApiWorkflowVersion,
} from '../model/api-types.js';

/** A Clarifai API status (response.status). 10000 is success. */
export interface ApiStatus {
  code: number;
  description: string;
  details?: string;
  req_id?: string;
}

export type PatchAction = 'overwrite' | 'merge' | 'remove';

export interface UserApp {
  user_id: string;
  app_id: string;
}

/** Per call. */
export interface CallOptions {
  /**
   * Made even after the run was interrupted (a signal): releasing the lease is
   * the one write that must still leave.
   */
  uninterruptible?: boolean;
}

/** Per write call (PostWorkflows, PatchWorkflows). */
export interface WriteOptions {
  /**
   * 'versions': the caller reads only each written workflow's id and
   * version id, so the answer is decoded for those alone (the rest of each
   * workflow is skipped, not built). Other fields may then be absent.
   */
  only?: 'versions';
}

export interface ListHint {
  expected?: number;
}

/**
 * What the plan/apply edges need from Clarifai. Implemented by clarifai/client.ts
 * over gRPC (to the API, a remote emulator, or the in-process one).
 */
export interface ClarifaiApi {
  /**
   * Every workflow of the app, all pages. `expected`: how many the caller
   * believes there are (plan: its spec count); when that fills the page being
   * read, the next page is asked for at the same time instead of after it.
   */
  listWorkflows(hint?: ListHint): Promise<ApiWorkflow[]>;
  getWorkflow(id: string, options?: CallOptions): Promise<ApiWorkflow | null>;
  /** One call per batch; the call is all-or-nothing. Throws ClarifaiError. */
  postWorkflows(workflows: ApiWorkflow[], options?: WriteOptions): Promise<ApiWorkflow[]>;
  patchWorkflows(
    workflows: ApiWorkflow[],
    action: PatchAction,
    options?: WriteOptions,
  ): Promise<ApiWorkflow[]>;
  deleteWorkflows(ids: string[], options?: CallOptions): Promise<void>;
  /**
   * PatchWorkflowIds: renames one workflow (the API takes one entry a call,
   * action "overwrite"); its versions go with it. Returns the renamed workflow.
   */
  patchWorkflowIds(id: string, newId: string): Promise<ApiWorkflow | null>;
  /** Every version of a workflow, all pages, in the order the server lists them. Throws 22102 for an unknown workflow. */
  listWorkflowVersions(workflowId: string): Promise<ApiWorkflowVersion[]>;
  /** null when the workflow or the version does not exist. */
  getWorkflowVersion(workflowId: string, versionId: string): Promise<ApiWorkflowVersion | null>;
  deleteWorkflowVersions(workflowId: string, versionIds: string[]): Promise<void>;
  /** null when the model or version does not exist (21200 and friends). */
  getModelVersion(
    model: { id: string; user_id?: string; app_id?: string },
    versionId: string,
  ): Promise<ApiModelVersion | null>;
  /** The model's newest trained version (ListModelVersions); null when there is none or no such model. */
  latestModelVersion(model: {
    id: string;
    user_id?: string;
    app_id?: string;
  }): Promise<ApiModelVersion | null>;
  /**
   * Optional: encode workflows a later postWorkflows/patchWorkflows will send
   * (the same objects) now, while the caller waits anyway.
   */
  encodeWritesAhead?(workflows: readonly ApiWorkflow[]): void;
  /**
   * Optional: decode now the workflows that versions-only writes (WriteOptions.only)
   * answered with, kept as bytes, so that a read finding the same bytes reuses them —
   * for a caller about to read them back, while it waits for that read.
   */
  decodeWrittenAhead?(): Promise<void>;
  /** Calls made so far (every attempt, retries included). */
  readonly callCount: number;
  /** Closes the channel (and stops an in-process emulator): await it when it returns a promise. */
  close(): void | Promise<void>;
}

// ---- PostWorkflowResults ----

/** One input to run a workflow on: the file's bytes, or a URL the target fetches itself. */
export interface PredictInput {
  id: string;
  image: { base64: Uint8Array } | { url: string };
}

/** Normalised 0–1 from the image's top left corner. */
export interface ApiBoundingBox {
  top_row?: number;
  left_col?: number;
  bottom_row?: number;
  right_col?: number;
}

export interface ApiData {
  image?: { url?: string; base64?: Uint8Array } & Record<string, unknown>;
  concepts?: ({ id: string; name?: string; value?: number } & Record<string, unknown>)[];
  regions?: ApiRegion[];
  text?: { raw?: string } & Record<string, unknown>;
  [field: string]: unknown;
}

export interface ApiRegion {
  id?: string;
  region_info?: { bounding_box?: ApiBoundingBox } & Record<string, unknown>;
  data?: ApiData;
  value?: number;
  [field: string]: unknown;
}

/** What one node produced for one input. */
export interface ApiOutput {
  id?: string;
  status?: ApiStatus;
  model?: ApiModel;
  data?: ApiData;
  [field: string]: unknown;
}

/** One input's result: a status (per input under MIXED_STATUS) and one output per returned node. */
export interface ApiWorkflowResult {
  id?: string;
  status?: ApiStatus;
  input?: { id?: string; data?: ApiData } & Record<string, unknown>;
  outputs: ApiOutput[];
  [field: string]: unknown;
}

export interface WorkflowResultsRequest {
  workflow_id: string;
  /** Empty or absent: the workflow's latest version. */
  version_id?: string;
  /** At most MAX_INPUTS_PER_CALL, within MAX_REQUEST_BYTES (see run/batches.ts). */
  inputs: PredictInput[];
}

export interface WorkflowResultsResponse {
  /** SUCCESS, or MIXED_STATUS when some inputs failed (their results say why). */
  status: ApiStatus;
  results: ApiWorkflowResult[];
  /** The workflow (version) that ran, when the server says. */
  workflow?: ApiWorkflow;
}

/** Running workflows: the client over gRPC, to the API or the emulator. */
export interface WorkflowRunner {
  /**
   * One PostWorkflowResults call. Throws ClarifaiError for a failed call,
   * TransportError for a transport failure — one that ended at its deadline
   * is not retried (it may have run, and been billed): `grpcCode` says so.
   */
  postWorkflowResults(request: WorkflowResultsRequest): Promise<WorkflowResultsResponse>;
}
