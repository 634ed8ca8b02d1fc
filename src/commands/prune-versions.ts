/**
 * `vtr-wf versions prune -e ENV [ID…] --keep N`: deletes all but the newest N
 * versions of this project's workflows (DeleteWorkflowVersions), never the
 * live one. Without ids: every live workflow that carries this project's mark.
 *
 * Order, like apply's: read and decide (every refusal happens here, before any
 * write) → `approve` (the CLI shows the plan and asks) → the lease (unless
 * `lock: false`) → read again under it and delete only what was approved and
 * is still neither live nor among the newest N → release the lease. A run
 * that wrote in between can only shrink what is deleted, never grow it.
 */
import type { ApiWorkflow, ClarifaiApi } from '../clarifai/types.js';
import { deleteRefusal } from '../apply/ownership.js';
import { acquireLease, type Lease } from '../apply/lease.js';
import { isInterrupted } from '../interrupt.js';
import { isLockWorkflowId } from '../plan/lock-id.js';
import { parseMark } from '../plan/mark.js';
import { isJsonObject } from '../json.js';
import { CommandError, openEnvironment, type EnvironmentOptions } from './environment.js';
import { sortVersions } from './version-history.js';

export interface PruneVersionsOptions extends EnvironmentOptions {
  /** Workflow ids; none: every live workflow marked with this project. */
  ids?: string[];
  /** How many of the newest versions to keep, at least 1 (the live one is always kept). */
  keep: number;
  /** false: --no-lock. Default true. */
  lock?: boolean;
  /**
   * Asked once the deletions are known and before any write; false stops
   * with nothing deleted (`cancelled`). Absent: approved (the library, --auto-approve).
   */
  approve?: (planned: PruneVersionsResult) => Promise<boolean>;
}

export interface PrunedWorkflow {
  id: string;
  /** The live version id (always among `kept`). */
  live: string;
  /** Newest first. */
  kept: string[];
  /** Newest first: deleted (or, in the result `approve` sees, to be deleted). */
  deleted: string[];
}

export interface PruneVersionsResult {
  format_version: 1;
  environment: string;
  keep: number;
  workflows: PrunedWorkflow[];
  summary: { workflows: number; kept: number; deleted: number };
  /** The person said no: nothing was deleted. */
  cancelled?: boolean;
}

/** DeleteWorkflowVersions takes a list; a bound keeps one call's request modest. */
const DELETE_BATCH = 100;

/** `--keep` as typed: a whole number, at least 1. */
export function parseKeep(raw: string | number | undefined): number {
  if (raw === undefined) throw new CommandError('how many versions to keep? give --keep N (N ≥ 1)');
  const text = String(raw).trim();
  if (!/^\d+$/.test(text))
    throw new CommandError(`--keep must be a whole number, at least 1 (got \`${text}\`)`);
  const n = Number(text);
  // Beyond 2^53 the number read is not the number typed (the report would echo another).
  if (!Number.isSafeInteger(n))
    throw new CommandError(`--keep must be at most ${Number.MAX_SAFE_INTEGER} (got \`${text}\`)`);
  if (n < 1)
    throw new CommandError(
      '--keep must be at least 1: the live version is never deleted (to remove a workflow, delete its spec and `apply --prune`)',
    );
  return n;
}

export async function pruneVersions(options: PruneVersionsOptions): Promise<PruneVersionsResult> {
  const keep = parseKeep(options.keep);
  const { project, api, where } = await openEnvironment(options);
  try {
    const projectName = project.config.project;
    const { ids, read } = await targetIds(api, options.ids ?? [], projectName, where, options.env);
    const { result: planned, order } = await decide(api, ids, keep, options.env, read);
    if (planned.summary.deleted === 0) return planned;
    if (options.approve && !(await options.approve(planned)))
      return { ...planned, ...emptied(planned, order), cancelled: true };

    // Released in `finally` alone, whether the deletions finished or threw.
    let lease: Lease | undefined;
    if (options.lock !== false)
      lease = await acquireLease(api, { config: project.config, envName: options.env });
    try {
      // Under the lease: delete what was approved and is still prunable now.
      const { result: now, order: nowOrder } = await decide(api, ids, keep, options.env);
      const approved = new Map(planned.workflows.map((w) => [w.id, new Set(w.deleted)]));
      const done: PrunedWorkflow[] = [];
      for (const w of now.workflows) {
        const allowed = approved.get(w.id) ?? new Set<string>();
        const deleted = new Set(w.deleted.filter((v) => allowed.has(v)));
        await deleteVersions(api, w.id, [...deleted], done);
        done.push(split(w.id, w.live, newestFirst(w, nowOrder), deleted));
      }
      return resultOf(options.env, keep, done);
    } finally {
      if (lease) {
        const warning = await lease.release();
        if (warning) options.log?.(`warning: ${warning}`);
      }
    }
  } finally {
    await api.close();
  }
}

/**
 * The given ids, each checked (exists, ours: apply/ownership.ts's rule for
 * deleting), with the workflow as read; or every live workflow marked with
 * this project (read again by `decide`).
 */
async function targetIds(
  api: ClarifaiApi,
  given: readonly string[],
  project: string,
  where: string,
  env: string,
): Promise<{ ids: string[]; read: Map<string, ApiWorkflow> }> {
  const read = new Map<string, ApiWorkflow>();
  if (given.length === 0) {
    const listed = await api.listWorkflows();
    const ids = listed
      .filter((w) => !isLockWorkflowId(w.id) && markProject(w.metadata) === project)
      .map((w) => w.id)
      .sort();
    return { ids, read };
  }
  const ids = [...new Set(given)];
  for (const id of ids) {
    const live = isLockWorkflowId(id) ? null : await api.getWorkflow(id);
    if (!live) throw new CommandError(`workflow \`${id}\` does not exist in ${where}`);
    const refusal = deleteRefusal(live, project);
    if (refusal !== null)
      throw new CommandError(
        `workflow \`${id}\` in ${where} ${refusal}` +
          (markProject(live.metadata) === null
            ? ` (adopt it first: vtr-wf apply -e ${env} --adopt ${id})`
            : ''),
      );
    read.set(id, live);
  }
  return { ids, read };
}

function markProject(metadata: unknown): string | null {
  return parseMark(isJsonObject(metadata) ? metadata : undefined)?.project ?? null;
}

/**
 * Per workflow: the newest `keep` and the live one are kept, the rest deleted.
 * `read`: workflows read moments ago (the checked ids), not read again.
 */
async function decide(
  api: ClarifaiApi,
  ids: readonly string[],
  keep: number,
  env: string,
  read: ReadonlyMap<string, ApiWorkflow> = new Map(),
): Promise<{ result: PruneVersionsResult; order: Map<string, number> }> {
  const workflows: PrunedWorkflow[] = [];
  const order = new Map<string, number>();
  for (const id of ids) {
    const live = read.get(id) ?? (await api.getWorkflow(id));
    if (!live) throw new CommandError(`workflow \`${id}\` disappeared while pruning; run it again`);
    const versions = sortVersions(await api.listWorkflowVersions(id), id, live.version?.id ?? null);
    const liveId = versions.find((v) => v.live)?.id ?? '';
    versions.forEach((v, i) => order.set(v.id, i));
    const deleted = new Set(versions.filter((v, i) => i >= keep && !v.live).map((v) => v.id));
    workflows.push(
      split(
        id,
        liveId,
        versions.map((v) => v.id),
        deleted,
      ),
    );
  }
  return { result: resultOf(env, keep, workflows), order };
}

async function deleteVersions(
  api: ClarifaiApi,
  id: string,
  versions: readonly string[],
  done: readonly PrunedWorkflow[],
): Promise<void> {
  for (let i = 0; i < versions.length; i += DELETE_BATCH) {
    try {
      await api.deleteWorkflowVersions(id, versions.slice(i, i + DELETE_BATCH));
    } catch (error) {
      // A signal is not a failed delete: it ends the run (the lease is still released).
      if (isInterrupted(error)) throw error;
      const count = done.reduce((n, w) => n + w.deleted.length, 0) + i;
      throw new CommandError(
        `could not delete versions of \`${id}\`: ${error instanceof Error ? error.message : String(error)} ` +
          `(${count} version${count === 1 ? '' : 's'} deleted before this; run it again to finish)`,
      );
    }
  }
}

function emptied(
  planned: PruneVersionsResult,
  order: ReadonlyMap<string, number>,
): Pick<PruneVersionsResult, 'workflows' | 'summary'> {
  const workflows = planned.workflows.map((w) =>
    split(w.id, w.live, newestFirst(w, order), new Set()),
  );
  return resultOf(planned.environment, planned.keep, workflows);
}

/**
 * Every version of a decided workflow, newest first: the kept ones are the
 * newest, except the live one, which is kept wherever it sits.
 */
function newestFirst(w: PrunedWorkflow, order: ReadonlyMap<string, number>): string[] {
  return [...w.kept, ...w.deleted].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
}

function split(
  id: string,
  live: string,
  ordered: readonly string[],
  deleted: ReadonlySet<string>,
): PrunedWorkflow {
  return {
    id,
    live,
    kept: ordered.filter((v) => !deleted.has(v)),
    deleted: ordered.filter((v) => deleted.has(v)),
  };
}

function resultOf(env: string, keep: number, workflows: PrunedWorkflow[]): PruneVersionsResult {
  return {
    format_version: 1,
    environment: env,
    keep,
    workflows,
    summary: {
      workflows: workflows.length,
      kept: workflows.reduce((n, w) => n + w.kept.length, 0),
      deleted: workflows.reduce((n, w) => n + w.deleted.length, 0),
    },
  };
}
