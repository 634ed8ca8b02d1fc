/**
 * The emulator's state and the API's rules for changing it — no gRPC, no
 * files. Every write is all-or-nothing: it validates the whole request first
 * and touches nothing on any error. A successful write returns `undo`, so the
 * server can roll it back when it cannot persist it.
 */
import { isJsonObject, type JsonObject } from '../json.js';
import type { ModelCatalog } from './models.js';
import type {
  NodeDraft,
  StateFile,
  StoredApp,
  StoredNode,
  StoredWorkflow,
  WorkflowDraft,
} from './state-types.js';
import { STATE_FORMAT, STATE_VERSION } from './state-types.js';
import { StatusCode, status, type EmulatorStatus } from './status.js';
import type { WorkflowListFilter } from './list-filter.js';
import { checkWorkflowShape, resolveModels } from './validate-request.js';
import { newVersionId, versionOf, versionsNewestFirst } from './versions.js';
import type { StoredVersion } from './state-types.js';

export type Failure = { ok: false; status: EmulatorStatus };
export type Read<T> = { ok: true; value: T } | Failure;
export type Write<T> = { ok: true; value: T; undo: () => void } | Failure;

export interface AppRef {
  user_id: string;
  app_id: string;
}

export interface ListOptions {
  /** 1-based; 0 means 1. */
  page: number;
  /** 0 means the default (128); clamped to 1000. */
  per_page: number;
  sort_ascending?: boolean;
  sort_by?: 'modified_at' | 'created_at' | 'id' | 'relevance';
  /** ListWorkflows' filter fields (list-filter.ts); none lists every workflow. */
  filter?: WorkflowListFilter;
}

export const DEFAULT_PER_PAGE = 128;
export const MAX_PER_PAGE = 1000;
/** Gettable.PRIVATE: what the API sets when a request leaves visibility out. */
export const DEFAULT_VISIBILITY = 10;

export type PatchAction = 'overwrite' | 'merge' | 'remove';

function appKey(app: AppRef): string {
  return `${app.user_id}/${app.app_id}`;
}

function failure(code: number, details: string): Failure {
  return { ok: false, status: status(code, details) };
}

export class EmulatorStore {
  private apps = new Map<string, StoredApp>();

  constructor(
    private readonly catalog: ModelCatalog,
    /** Injected so tests can pin timestamps. */
    private readonly now: () => Date = () => new Date(),
  ) {}

  get models(): ModelCatalog {
    return this.catalog;
  }

  /** Each (user_id, app_id) pair is its own app, made on first use. */
  app(ref: AppRef): StoredApp {
    const key = appKey(ref);
    let app = this.apps.get(key);
    if (!app) {
      app = { user_id: ref.user_id, app_id: ref.app_id, workflows: {} };
      this.apps.set(key, app);
    }
    return app;
  }

  getWorkflow(ref: AppRef, id: string): Read<StoredWorkflow> {
    const wf = Object.hasOwn(this.app(ref).workflows, id) ? this.app(ref).workflows[id] : undefined;
    if (!wf)
      return failure(
        StatusCode.WORKFLOW_DOES_NOT_EXIST,
        `workflow '${id}' not found in app '${ref.app_id}'`,
      );
    return { ok: true, value: wf };
  }

  /** One page, newest modified_at first by default (ties by id). */
  listWorkflows(ref: AppRef, options: ListOptions): StoredWorkflow[] {
    const page = Math.max(1, options.page || 1);
    const perPage = Math.min(MAX_PER_PAGE, options.per_page || DEFAULT_PER_PAGE);
    const sortBy = options.sort_by ?? 'modified_at';
    const { filter } = options;
    const all = Object.values(this.app(ref).workflows).filter((wf) => filter?.keep(wf) ?? true);
    const byId = (a: StoredWorkflow, b: StoredWorkflow) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    // Each time parsed once, not in every comparison: Date.parse in the comparator was most
    // of a 1000-workflow list's cost (~20,000 parses a page).
    // One time field a sort: created_at when asked for, else modified_at (relevance's tie-break).
    const field = sortBy === 'created_at' ? 'created_at' : 'modified_at';
    const times = new Map<StoredWorkflow, number>();
    const timeOf = (wf: StoredWorkflow): number => {
      let time = times.get(wf);
      if (time === undefined) times.set(wf, (time = Date.parse(wf[field])));
      return time;
    };
    const byTime = (a: StoredWorkflow, b: StoredWorkflow) => timeOf(b) - timeOf(a) || byId(a, b);
    all.sort((a, b) => {
      if (sortBy === 'id') return options.sort_ascending ? byId(a, b) : byId(b, a);
      if (sortBy === 'relevance') {
        const most = (filter?.relevance(b) ?? 0) - (filter?.relevance(a) ?? 0);
        return (options.sort_ascending ? -most : most) || byTime(a, b);
      }
      const ta = timeOf(a);
      const tb = timeOf(b);
      const newestFirst = options.sort_ascending ? ta - tb : tb - ta;
      return newestFirst || byId(a, b);
    });
    return all.slice((page - 1) * perPage, page * perPage);
  }

  postWorkflows(ref: AppRef, drafts: readonly WorkflowDraft[]): Write<StoredWorkflow[]> {
    if (drafts.length === 0)
      return failure(StatusCode.WORKFLOW_INVALID_ARGUMENT, 'no workflows in the request');
    const app = this.app(ref);
    const seen = new Set<string>();
    const created: StoredWorkflow[] = [];
    const at = this.now().toISOString();
    for (const draft of drafts) {
      const shape = checkWorkflowShape(draft);
      if (shape) return { ok: false, status: shape };
      if (seen.has(draft.id)) {
        return failure(
          StatusCode.WORKFLOW_DUPLICATE,
          `workflow '${draft.id}' appears twice in the request`,
        );
      }
      seen.add(draft.id);
      if (Object.hasOwn(app.workflows, draft.id)) {
        return failure(
          StatusCode.WORKFLOW_DUPLICATE,
          `workflow '${draft.id}' already exists in app '${ref.app_id}'`,
        );
      }
      const models = resolveModels(draft.id, draft.nodes, this.catalog, ref);
      if (!models.ok) return models;
      created.push(
        withNewVersion({
          id: draft.id,
          description: draft.description,
          notes: draft.notes,
          metadata: draft.metadata,
          visibility: draft.visibility || DEFAULT_VISIBILITY,
          use_cases: [...draft.use_cases],
          check_consents: [...draft.check_consents],
          image: draft.image,
          nodes: models.nodes,
          created_at: at,
          modified_at: at,
          version: { id: newVersionId(), created_at: at },
          versions: [],
        }),
      );
    }
    for (const wf of created) app.workflows[wf.id] = wf;
    const undo = () => {
      for (const wf of created) delete app.workflows[wf.id];
    };
    return { ok: true, value: created, undo };
  }

  patchWorkflows(
    ref: AppRef,
    drafts: readonly WorkflowDraft[],
    action: string,
  ): Write<StoredWorkflow[]> {
    // The proto documents no default action: leaving it out is an error, never a guess.
    if (action === '') {
      return failure(
        StatusCode.WORKFLOW_INVALID_ARGUMENT,
        "action is required: 'overwrite', 'merge' or 'remove'",
      );
    }
    if (action !== 'overwrite' && action !== 'merge' && action !== 'remove') {
      return failure(
        StatusCode.WORKFLOW_INVALID_ARGUMENT,
        `unknown action '${action}': use 'overwrite', 'merge' or 'remove'`,
      );
    }
    if (drafts.length === 0)
      return failure(StatusCode.WORKFLOW_INVALID_ARGUMENT, 'no workflows in the request');
    const app = this.app(ref);
    const seen = new Set<string>();
    const patched: StoredWorkflow[] = [];
    const at = this.now().toISOString();
    for (const draft of drafts) {
      if (seen.has(draft.id)) {
        return failure(
          StatusCode.WORKFLOW_DUPLICATE,
          `workflow '${draft.id}' appears twice in the request`,
        );
      }
      seen.add(draft.id);
      const current = this.getWorkflow(ref, draft.id);
      if (!current.ok) return current;
      const next = applyPatch(current.value, draft, action);
      if (!next.ok) return next;
      const shape = checkWorkflowShape(next.value);
      if (shape) return { ok: false, status: shape };
      const models = resolveModels(draft.id, next.value.nodes, this.catalog, ref);
      if (!models.ok) return models;
      patched.push(
        withNewVersion({
          ...current.value,
          ...next.value,
          nodes: models.nodes,
          modified_at: at,
          version: { id: newVersionId(), created_at: at },
        }),
      );
    }
    const before = patched.map((wf) => app.workflows[wf.id] as StoredWorkflow);
    for (const wf of patched) app.workflows[wf.id] = wf;
    const undo = () => {
      for (const wf of before) app.workflows[wf.id] = wf;
    };
    return { ok: true, value: patched, undo };
  }

  deleteWorkflows(ref: AppRef, ids: readonly string[], deleteAll: boolean): Write<string[]> {
    const app = this.app(ref);
    let doomed: string[];
    if (deleteAll) {
      doomed = Object.keys(app.workflows);
    } else {
      if (ids.length === 0) {
        return failure(
          StatusCode.WORKFLOW_INVALID_ARGUMENT,
          'no workflow ids given (set ids, or delete_all)',
        );
      }
      // All-or-nothing, like every write here: the response (a BaseResponse) has one
      // status and no per-id results, so a partial delete could not say what it did.
      const missing = [...new Set(ids)].filter((id) => !Object.hasOwn(app.workflows, id));
      if (missing.length > 0) {
        const named = missing.map((id) => `'${id}'`).join(', ');
        return failure(
          StatusCode.WORKFLOW_DOES_NOT_EXIST,
          `${missing.length === 1 ? 'workflow' : 'workflows'} ${named} not found in app '${ref.app_id}'; nothing was deleted`,
        );
      }
      doomed = [...new Set(ids)];
    }
    const removed = doomed.map((id) => app.workflows[id] as StoredWorkflow);
    for (const id of doomed) delete app.workflows[id];
    const undo = () => {
      for (const wf of removed) app.workflows[wf.id] = wf;
    };
    return { ok: true, value: doomed, undo };
  }

  /**
   * PatchWorkflowIds: renames workflows, keeping their versions (the API takes
   * one entry a call and only action "overwrite"; the emulator accepts several,
   * all-or-nothing). The new id must be valid and free.
   */
  patchWorkflowIds(
    ref: AppRef,
    ids: readonly { id: string; new_id: string }[],
    action: string,
  ): Write<StoredWorkflow[]> {
    if (action !== 'overwrite') {
      return failure(
        StatusCode.WORKFLOW_INVALID_ARGUMENT,
        `unknown action '${action}': PatchWorkflowIds supports only 'overwrite'`,
      );
    }
    if (ids.length === 0)
      return failure(StatusCode.WORKFLOW_INVALID_ARGUMENT, 'no ids in the request');
    const app = this.app(ref);
    const at = this.now().toISOString();
    const renamed: StoredWorkflow[] = [];
    const taken = new Set(Object.keys(app.workflows));
    for (const { id, new_id } of ids) {
      const current = this.getWorkflow(ref, id);
      if (!current.ok) return current;
      const shape = checkWorkflowShape({ ...current.value, id: new_id });
      if (shape) return { ok: false, status: shape };
      if (taken.has(new_id)) {
        return failure(
          StatusCode.WORKFLOW_DUPLICATE,
          `workflow '${new_id}' already exists in app '${ref.app_id}'`,
        );
      }
      taken.delete(id);
      taken.add(new_id);
      renamed.push({ ...current.value, id: new_id, modified_at: at });
    }
    const before = ids.map(({ id }) => app.workflows[id] as StoredWorkflow);
    for (const { id } of ids) delete app.workflows[id];
    for (const wf of renamed) app.workflows[wf.id] = wf;
    const undo = () => {
      for (const wf of renamed) delete app.workflows[wf.id];
      for (const wf of before) app.workflows[wf.id] = wf;
    };
    return { ok: true, value: renamed, undo };
  }

  /** One page of a workflow's versions, newest first. */
  listWorkflowVersions(
    ref: AppRef,
    workflowId: string,
    options: { page: number; per_page: number },
  ): Read<StoredVersion[]> {
    const found = this.getWorkflow(ref, workflowId);
    if (!found.ok) return found;
    const page = Math.max(1, options.page || 1);
    const perPage = Math.min(MAX_PER_PAGE, options.per_page || DEFAULT_PER_PAGE);
    return {
      ok: true,
      value: versionsNewestFirst(found.value).slice((page - 1) * perPage, page * perPage),
    };
  }

  getWorkflowVersion(ref: AppRef, workflowId: string, versionId: string): Read<StoredVersion> {
    const found = this.getWorkflow(ref, workflowId);
    if (!found.ok) return found;
    const version = found.value.versions.find((v) => v.id === versionId);
    if (!version) {
      return failure(
        StatusCode.WORKFLOW_DOES_NOT_EXIST,
        `workflow version '${versionId}' of workflow '${workflowId}' not found`,
      );
    }
    return { ok: true, value: version };
  }

  /**
   * DeleteWorkflowVersions: all-or-nothing. The live (latest) version is
   * refused with WORKFLOW_INVALID_ARGUMENT — the workflow is that version, and
   * the API's protos name no way to delete it but deleting the workflow.
   */
  deleteWorkflowVersions(
    ref: AppRef,
    workflowId: string,
    versionIds: readonly string[],
  ): Write<string[]> {
    const found = this.getWorkflow(ref, workflowId);
    if (!found.ok) return found;
    const wf = found.value;
    if (versionIds.length === 0)
      return failure(StatusCode.WORKFLOW_INVALID_ARGUMENT, 'no workflow_version_ids given');
    for (const versionId of versionIds) {
      if (versionId === wf.version.id) {
        return failure(
          StatusCode.WORKFLOW_INVALID_ARGUMENT,
          `workflow version '${versionId}' is the latest version of workflow '${workflowId}' and cannot be deleted`,
        );
      }
      if (!wf.versions.some((v) => v.id === versionId)) {
        return failure(
          StatusCode.WORKFLOW_DOES_NOT_EXIST,
          `workflow version '${versionId}' of workflow '${workflowId}' not found`,
        );
      }
    }
    const doomed = new Set(versionIds);
    const app = this.app(ref);
    app.workflows[workflowId] = { ...wf, versions: wf.versions.filter((v) => !doomed.has(v.id)) };
    const undo = () => {
      app.workflows[workflowId] = wf;
    };
    return { ok: true, value: [...doomed], undo };
  }

  /** The whole state, for persist.ts. Shares structure with the live store: serialise it at once. */
  snapshot(): StateFile {
    const apps: StateFile['apps'] = {};
    for (const [key, app] of this.apps) {
      // Apps made by reads alone hold nothing worth keeping.
      if (Object.keys(app.workflows).length > 0) apps[key] = app;
    }
    return { format: STATE_FORMAT, version: STATE_VERSION, apps };
  }

  /** Replaces the state with a loaded one (persist.ts has checked its shape). */
  restore(state: StateFile): void {
    this.apps = new Map(
      Object.values(state.apps).map((app) => [
        appKey(app),
        { ...app, workflows: { ...app.workflows } },
      ]),
    );
  }
}

/** The workflow with its live content appended to its versions. */
function withNewVersion(wf: StoredWorkflow): StoredWorkflow {
  return { ...wf, versions: [...wf.versions, versionOf(wf)] };
}

/** What a patch makes of a workflow, before validation. */
function applyPatch(
  current: StoredWorkflow,
  draft: WorkflowDraft,
  action: PatchAction,
): { ok: true; value: StoredWorkflow } | Failure {
  if (action === 'remove') {
    // The API's 'remove' only takes the workflow image away, given its current url.
    const currentUrl = typeof current.image?.url === 'string' ? current.image.url : '';
    const url = typeof draft.image?.url === 'string' ? draft.image.url : '';
    if (!url || url !== currentUrl) {
      return failure(
        StatusCode.WORKFLOW_INVALID_ARGUMENT,
        `action 'remove' on workflow '${draft.id}' needs image.url set to the workflow's current image url`,
      );
    }
    return { ok: true, value: { ...current, image: null } };
  }
  if (action === 'overwrite') {
    return {
      ok: true,
      value: {
        ...current,
        // An empty list can't be told from "not sent" in proto3: keep the nodes then.
        nodes: draft.nodes.length > 0 ? (draft.nodes as StoredNode[]) : current.nodes,
        description: draft.description,
        notes: draft.notes,
        metadata: draft.metadata ?? current.metadata,
        visibility: draft.visibility || current.visibility,
        use_cases: [...draft.use_cases],
        check_consents: [...draft.check_consents],
        image: draft.image ?? current.image,
      },
    };
  }
  const nodes: NodeDraft[] = [...current.nodes];
  for (const node of draft.nodes) {
    const at = nodes.findIndex((n) => n.id === node.id);
    if (at >= 0) nodes[at] = node;
    else nodes.push(node);
  }
  return {
    ok: true,
    value: {
      ...current,
      nodes: nodes as StoredNode[],
      description: draft.description || current.description,
      notes: draft.notes || current.notes,
      metadata: mergeMetadata(current.metadata, draft.metadata),
      visibility: draft.visibility || current.visibility,
      use_cases: draft.use_cases.length > 0 ? [...draft.use_cases] : current.use_cases,
      check_consents:
        draft.check_consents.length > 0 ? [...draft.check_consents] : current.check_consents,
      image: draft.image ?? current.image,
    },
  };
}

/** Keys merge at every depth; a non-object value (lists included) replaces what was there. */
function mergeMetadata(current: JsonObject | null, patch: JsonObject | null): JsonObject | null {
  if (!patch) return current;
  const merged: JsonObject = { ...(current ?? {}) };
  for (const [key, value] of Object.entries(patch)) {
    const old = merged[key];
    merged[key] =
      isJsonObject(old) && isJsonObject(value) ? (mergeMetadata(old, value) as JsonObject) : value;
  }
  return merged;
}
