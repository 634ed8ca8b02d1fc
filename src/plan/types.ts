/**
 * The canonical workflow — the one form specs and live workflows are both turned
 * into before comparing — and the Plan, the one versioned object that `plan`
 * prints, `--out` saves and `apply PLANFILE` reads.
 */
import type { JsonObject, JsonValue } from '../json.js';

export interface CanonicalModel {
  id: string;
  version: string;
  /** Owner of the model, only when the spec names one (server fills it otherwise). */
  user_id?: string;
  app_id?: string;
}

export interface CanonicalNode {
  id: string;
  model: CanonicalModel;
  /** Input node ids, sorted: input order carries no meaning. */
  inputs: string[];
  suppress_output: boolean;
  /** output_info_override.params; {} when absent. */
  params: JsonObject;
  /**
   * output_info_override.data.concepts, sorted by id. Desired: only when the
   * spec declares them (otherwise not managed). Live: only when non-empty.
   */
  concepts?: CanonicalConcept[];
  /**
   * output_info_override.output_config without proto defaults (see
   * override-fields.ts). Desired: only when declared. Live: only when non-empty.
   */
  output_config?: JsonObject;
}

/** A concept of a node's output override: id and float32 value. */
export interface CanonicalConcept {
  id: string;
  value: number;
}

/** What vtr-wf models of a workflow. Nodes sorted by id; defaults explicit. */
export interface CanonicalWorkflow {
  id: string;
  description: string;
  notes: string;
  nodes: CanonicalNode[];
  /**
   * The user's own metadata keys (never the mark). Desired: the keys the spec
   * declares, absent when none — only these are compared. Live: every key.
   */
  metadata?: JsonObject;
  /**
   * Desired: only when the spec declares it (otherwise not managed). Live:
   * only when not private, the API's default (compared as `private` when absent).
   */
  visibility?: Visibility;
  /** Desired: only when the spec declares them (otherwise not managed). Live: only when non-empty. */
  use_cases?: string[];
  check_consents?: string[];
  /**
   * The cover image's url. Always managed: absent means no image (desired), or
   * none with a url (live) — a live one the spec lacks is removed.
   */
  image?: { url: string };
}

/** Visibility.Gettable as a spec writes it. */
export type Visibility = 'private' | 'org' | 'public';

/** Visibility.Gettable numbers (resources.proto): PRIVATE = 10, ORG = 30, PUBLIC = 50. */
export const GETTABLE: Readonly<Record<Visibility, number>> = { private: 10, org: 30, public: 50 };

/** Live fields vtr-wf does not model, to write back unchanged (see canonical-live's keptFields). */
export interface KeptFields {
  /** Workflow fields, API form (e.g. `visibility`, `use_cases`, `image`). */
  workflow: JsonObject;
  /** Node id → node fields; `output_info_override` holds all of it but `params`. */
  nodes: Record<string, JsonObject>;
}

/** `metadata["vtr-wf"]` on workflows vtr-wf manages. */
export interface Mark {
  project: string;
  spec_hash: string;
  /** The source revision the write came from (git commit, CI variable or --revision), when known. */
  revision?: string;
  /** Set by a rollback: the version id that was live before it (so a second rollback skips it). */
  rolled_back_from?: string;
}

export const MARK_KEY = 'vtr-wf';

export interface DesiredWorkflow {
  workflow: CanonicalWorkflow;
  /** Hash of `workflow` (see plan/fingerprint.ts); goes into the mark. */
  spec_hash: string;
  source: { file: string; document: number };
  /** Ids this workflow had before (spec `previous_ids`): a live one is renamed, not recreated. */
  previous_ids?: string[];
}

export interface DesiredState {
  environment: string;
  user_id: string;
  app_id: string;
  project: string;
  workflows: DesiredWorkflow[];
}

export interface LiveWorkflow {
  workflow: CanonicalWorkflow;
  /** The whole live metadata, plain JSON (including the mark, if any). */
  metadata: JsonObject;
  mark: Mark | null;
  /** sha256 of the live workflow as read (see plan/fingerprint.ts). */
  fingerprint: string;
  /** Live fields vtr-wf does not model, as JSON pointers (e.g. `/visibility`). */
  unsupported: string[];
  /** Live fields the writer does not set from the plan: every write keeps them (see keptFields). */
  kept?: KeptFields;
  /** The live (latest) workflow version id; null when the server sent none. */
  version: string | null;
}

export interface LiveState {
  workflows: LiveWorkflow[];
  /** API calls it took to read. */
  api_calls: number;
}

export interface PlanOptions {
  prune: boolean;
  /** Limit the plan to these workflow ids (empty: all). */
  ids: string[];
  /** With --prune and no specs at all, plan deletions anyway. */
  allow_empty: boolean;
  /** Ids to adopt: unmarked live workflows that get the mark and nothing else. */
  adopt: string[];
  /** The source revision to put in the mark of every write (see plan/revision.ts). */
  revision?: string;
}

export type ChangeAction = 'create' | 'update' | 'delete' | 'rename';

export interface Diff {
  /** JSON pointer into the canonical workflow, nodes keyed by id: `/nodes/image-crop/inputs`. */
  path: string;
  before: JsonValue;
  after: JsonValue;
}

/** What a rollback change restores, and what it keeps (a version carries no notes, use_cases, check_consents or image). */
export interface RollbackInfo {
  /** The version restored. */
  to_version: string;
  /** The version live when the plan was made; recorded in the mark as `rolled_back_from`. */
  from_version: string;
  /** Live fields kept because a version does not carry them. */
  kept: string[];
  /** Visibility.Gettable to restore (a version carries it; the canonical workflow does not). */
  visibility?: number;
  /**
   * The restored version's own mark (spec hash, revision), when it has one: the
   * content written is that version's, so its mark says which spec and revision
   * it came from — not a hash of a content no spec produced, nor today's revision.
   */
  spec_hash?: string;
  revision?: string;
}

export interface PlanChange {
  action: ChangeAction;
  id: string;
  /** rename: the live id the workflow has now (renamed to `id` with PatchWorkflowIds). */
  from?: string;
  diffs?: Diff[];
  /** create/update: the exact workflow to write (the mark is added by the writer). */
  workflow?: CanonicalWorkflow;
  /** create/update: the live metadata to keep, merged with the mark on write. */
  metadata?: JsonObject;
  /**
   * update: live fields vtr-wf does not model, written back unchanged — a
   * write never drops a field the plan does not show.
   */
  kept?: KeptFields;
  /** update of an unmarked workflow adopted with --adopt: only the mark changes. */
  adopt?: boolean;
  /**
   * update/delete: the live workflow as compared (a model owner the spec does
   * not name left out), so renderers and `apply PLANFILE` can show the change
   * from the Plan alone.
   */
  before?: CanonicalWorkflow;
  /** update made by `vtr-wf rollback`. */
  rollback?: RollbackInfo;
}

/** 2: `rename` changes and summary key, `versions`, `revision`. */
export const PLAN_FORMAT_VERSION = 2;

export interface Plan {
  format_version: number;
  environment: string;
  user_id: string;
  app_id: string;
  project: string;
  summary: { create: number; update: number; delete: number; rename: number; unchanged: number };
  /** Deletions first, then renames, then the rest by id. */
  changes: PlanChange[];
  /** Ids of specs that collide with unmarked live workflows (errors unless adopted). */
  unmanaged: string[];
  /** Ids of specs that collide with workflows marked by another project (errors, never touched). */
  foreign?: string[];
  /** Live fingerprint per touched id; null for creates (must still not exist). */
  fingerprints: Record<string, string | null>;
  /** The live version id of each live workflow the plan compared or touches, by id. */
  versions: Record<string, string>;
  /** The source revision the plan was made from, written into the mark; absent when unknown. */
  revision?: string;
  api_calls: number;
}
