/**
 * The lease: while apply writes, it holds a lock workflow `vtr-wf-lock-<project>`.
 * The API has no preconditions on writes, but PostWorkflows of an existing id
 * fails atomically with WORKFLOW_DUPLICATE — so creating the lock workflow is a
 * compare-and-set, and a duplicate means another run holds it. Holder and
 * expiry ride in its metadata so the refusal can name them. Expiry is advice
 * (a crashed run's lease is removed with `vtr-wf unlock`), never auto-broken.
 */
import { UserError } from '../user-error.js';
import { hostname, userInfo } from 'node:os';
import type { ApiWorkflow, ClarifaiApi } from '../clarifai/types.js';
import { isJsonObject } from '../json.js';
import { effectiveModel } from '../spec/effective-model.js';
import type { Config, ModelRef } from '../spec/types.js';
import { LOCK_ID_PREFIX } from '../plan/lock-id.js';
import { VTR_MODELS } from '../vtr-models.js';
import { isInterrupted } from '../interrupt.js';
import { describeFailure, WORKFLOW_DUPLICATE } from './failure.js';
import { processRuns } from '../fs/process-runs.js';

export const LEASE_METADATA_KEY = 'vtr-wf-lock';
/** Long enough for a large apply under the API's rate limit; it is advice only. */
export const DEFAULT_LEASE_TTL_MS = 30 * 60 * 1000;

export interface LeaseInfo {
  id: string;
  holder: string;
  expires_at: string;
}

const MAX_WORKFLOW_ID_LENGTH = 48;

/**
 * `vtr-wf-lock-<project>` in the workflow id alphabet, at most 48 characters:
 * other characters become `-`, and a cut never leaves a trailing separator. Pure.
 */
export function leaseId(project: string): string {
  const safe = project.replace(/[^0-9A-Za-z]+/g, '-').replace(/^-+|-+$/g, '') || 'default';
  return (LOCK_ID_PREFIX + safe).slice(0, MAX_WORKFLOW_ID_LENGTH).replace(/[-_]+$/, '');
}

/** `<user>@<host> pid <pid>`: enough for a person to find the other run. */
export function leaseHolder(): string {
  let user = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (containers): keep the environment's idea of the user.
  }
  return `${user}@${hostname()} pid ${process.pid}`;
}

/** The node's model: the first catalog model as the environment pins it. */
function lockModel(config: Pick<Config, 'models' | 'environments'>, envName: string): ModelRef {
  const alias = Object.keys(config.models)[0];
  if (alias !== undefined) {
    const effective = effectiveModel(config, envName, { model: alias });
    if (effective.ok && effective.model.id && effective.model.version) return effective.model;
  }
  // No usable catalog entry: Clarifai's public text detector exists in every region.
  const fallback = VTR_MODELS[0] as (typeof VTR_MODELS)[number];
  return {
    id: fallback.id,
    version: fallback.version,
    user_id: fallback.user_id,
    app_id: fallback.app_id,
  };
}

/** The lock workflow's request body. Pure. */
export function leaseWorkflow(
  config: Pick<Config, 'project' | 'models' | 'environments'>,
  envName: string,
  holder: string,
  expiresAt: Date,
): ApiWorkflow {
  const model = lockModel(config, envName);
  return {
    id: leaseId(config.project),
    description:
      'vtr-wf apply lease: a vtr-wf apply is writing to this app (remove a stale one with `vtr-wf unlock`)',
    nodes: [
      {
        id: 'lock',
        model: {
          id: model.id as string,
          model_version: { id: model.version as string },
          ...(model.user_id ? { user_id: model.user_id } : {}),
          ...(model.app_id ? { app_id: model.app_id } : {}),
        },
      },
    ],
    metadata: { [LEASE_METADATA_KEY]: { holder, expires_at: expiresAt.toISOString() } },
  };
}

/** Holder and expiry as the lock workflow carries them (tolerates junk). Pure. */
export function leaseInfo(workflow: ApiWorkflow): LeaseInfo {
  const raw = workflow.metadata?.[LEASE_METADATA_KEY];
  const meta = isJsonObject(raw) ? raw : {};
  return {
    id: workflow.id,
    holder: typeof meta.holder === 'string' ? meta.holder : 'an unknown holder',
    expires_at: typeof meta.expires_at === 'string' ? meta.expires_at : 'unknown',
  };
}

/**
 * Whether a lease may be removed without --force: its holder's process is gone
 * from this host, or (held from elsewhere) it has expired. A holder alive on
 * this host is live even past its expiry: the run is still writing. Pure but
 * for the process probe.
 */
export interface LeaseStatus {
  stale: boolean;
  /** Why, for a person: "process 123 is no longer running on this host". */
  reason: string;
}

export function leaseStatus(info: LeaseInfo, now: Date): LeaseStatus {
  const here = holderHere(info.holder);
  if (here === 'dead')
    return { stale: true, reason: 'its process is no longer running on this host' };
  if (here === 'alive')
    return { stale: false, reason: 'its process is still running on this host' };
  const expiry = Date.parse(info.expires_at);
  if (!Number.isFinite(expiry)) return { stale: false, reason: 'its expiry is unknown' };
  if (expiry <= now.getTime()) return { stale: true, reason: `it expired at ${info.expires_at}` };
  return { stale: false, reason: `until ${info.expires_at}` };
}

/** Another run holds the lease: the CLI prints the message as is. */
export class LeaseHeldError extends UserError {
  constructor(
    readonly lease: LeaseInfo,
    readonly envName: string,
    now: Date,
  ) {
    const status = leaseStatus(lease, now);
    const unlock = `\`vtr-wf unlock -e ${envName}\``;
    const state = status.stale
      ? `${status.reason}; remove the lease with ${unlock}`
      : `${status.reason}; wait for it to finish (if you are sure that run is gone: \`vtr-wf unlock -e ${envName} --force\`)`;
    super(
      `another vtr-wf apply holds the lease on environment \`${envName}\`: ${lease.holder} (${state})`,
    );
    this.name = 'LeaseHeldError';
  }
}

/** A holder `user@<host> pid N` on this host: is that process running? */
function holderHere(holder: string): 'alive' | 'dead' | 'elsewhere' {
  const match = /@(.+) pid (\d+)$/.exec(holder);
  if (!match || match[1] !== hostname()) return 'elsewhere';
  return processRuns(Number(match[2])) ? 'alive' : 'dead';
}

export interface Lease {
  info: LeaseInfo;
  /**
   * Reads the lock workflow: null while it is still ours, else why not (removed
   * by `unlock --force`, taken by another run). Throws when the read fails.
   */
  check(): Promise<string | null>;
  /**
   * Deletes the lock workflow if it is still ours — also after a signal (its
   * calls are uninterruptible). Never throws: returns a warning instead.
   * `deleteAfter`: the read of the lock workflow goes out at once, its
   * deletion only once this settles (apply's final re-read: it stays under
   * the lease, and the release's round trip overlaps it).
   */
  release(deleteAfter?: Promise<unknown>): Promise<string | null>;
}

function heldLease(api: ClarifaiApi, mine: LeaseInfo, envName: string): Lease {
  return {
    info: mine,
    check: () => checkLease(api, mine),
    release: (deleteAfter) => releaseLease(api, mine, envName, deleteAfter),
  };
}

async function checkLease(api: ClarifaiApi, mine: LeaseInfo): Promise<string | null> {
  const live = await api.getWorkflow(mine.id);
  if (live === null)
    return `the lease \`${mine.id}\` was removed while this run held it (\`vtr-wf unlock --force\`?)`;
  const info = leaseInfo(live);
  if (info.holder !== mine.holder || info.expires_at !== mine.expires_at)
    return `the lease \`${mine.id}\` is now held by ${info.holder}`;
  return null;
}

export async function acquireLease(
  api: ClarifaiApi,
  options: {
    config: Pick<Config, 'project' | 'models' | 'environments'>;
    envName: string;
    holder?: string;
    ttlMs?: number;
    now?: () => Date;
  },
): Promise<Lease> {
  const now = options.now ?? (() => new Date());
  const holder = options.holder ?? leaseHolder();
  const request = leaseWorkflow(
    options.config,
    options.envName,
    holder,
    new Date(now().getTime() + (options.ttlMs ?? DEFAULT_LEASE_TTL_MS)),
  );
  const mine = leaseInfo(request);
  // Two tries: the holder may release between our refused create and our read.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await api.postWorkflows([request]);
      return heldLease(api, mine, options.envName);
    } catch (error) {
      if (isInterrupted(error)) {
        // A lost answer before the signal: the lease may be ours; release it if so.
        if (error.afterAmbiguousAttempt) await releaseLease(api, mine, options.envName);
        throw error;
      }
      const failure = describeFailure(error);
      if (failure.code !== WORKFLOW_DUPLICATE) {
        // The answer was lost, not the write: if the lease landed, it is ours to use.
        if (failure.outcomeUnknown && (await isOurs(api, mine))) {
          return heldLease(api, mine, options.envName);
        }
        throw new UserError(
          `could not take the lease \`${mine.id}\` (${failure.code}: ${failure.description}); ` +
            (failure.outcomeUnknown
              ? 'no workflow was written, but the lease itself may still land: if a later apply ' +
                `finds it held by ${mine.holder}, remove it with \`vtr-wf unlock -e ${options.envName}\``
              : 'nothing was written') +
            ' (use --no-lock to apply without a lease)',
        );
      }
      const held = await api.getWorkflow(mine.id);
      if (held === null) continue;
      const info = leaseInfo(held);
      // Our own earlier attempt may have landed before its answer was lost.
      if (info.holder === mine.holder && info.expires_at === mine.expires_at) {
        return heldLease(api, mine, options.envName);
      }
      throw new LeaseHeldError(info, options.envName, now());
    }
  }
  throw new UserError(
    `could not take the lease \`${mine.id}\`: it keeps changing hands; try again`,
  );
}

/** Is the live lock workflow the one this run posted? A failed read says no. */
async function isOurs(api: ClarifaiApi, mine: LeaseInfo): Promise<boolean> {
  try {
    const live = await api.getWorkflow(mine.id);
    if (live === null) return false;
    const info = leaseInfo(live);
    return info.holder === mine.holder && info.expires_at === mine.expires_at;
  } catch {
    return false;
  }
}

async function releaseLease(
  api: ClarifaiApi,
  mine: LeaseInfo,
  envName: string,
  deleteAfter?: Promise<unknown>,
): Promise<string | null> {
  try {
    const read = api.getWorkflow(mine.id, { uninterruptible: true });
    await deleteAfter?.catch(() => undefined);
    const live = await read;
    if (live === null) return `the lease \`${mine.id}\` was already gone when this run finished`;
    const info = leaseInfo(live);
    // Someone ran `unlock` and another run took over: that lease is not ours to remove.
    if (info.holder !== mine.holder || info.expires_at !== mine.expires_at) {
      return `the lease \`${mine.id}\` is now held by ${info.holder}; left in place`;
    }
    await api.deleteWorkflows([mine.id], { uninterruptible: true });
    return null;
  } catch (error) {
    const { code, description } = describeFailure(error);
    return `could not remove the lease \`${mine.id}\` (${code}: ${description}); remove it with \`vtr-wf unlock -e ${envName}\``;
  }
}

/** `unlock` without --force found a live holder: nothing was removed. */
export class LeaseLiveError extends UserError {
  constructor(
    readonly lease: LeaseInfo,
    readonly status: LeaseStatus,
    envName: string,
  ) {
    super(
      `the lease \`${lease.id}\` on environment \`${envName}\` is held by ${lease.holder} and is not stale ` +
        `(${status.reason}); nothing was removed — wait for that run, or if you are sure it is gone, ` +
        `\`vtr-wf unlock -e ${envName} --force\``,
    );
  }
}

/**
 * `vtr-wf unlock`: removes the project's lease if it is stale (or with
 * `force`, whoever holds it); null when there was none. A live holder without
 * `force` throws LeaseLiveError.
 */
export async function removeLease(
  api: ClarifaiApi,
  project: string,
  options: { envName: string; force?: boolean; now?: Date },
): Promise<LeaseInfo | null> {
  const id = leaseId(project);
  const live = await api.getWorkflow(id);
  if (live === null) return null;
  const info = leaseInfo(live);
  const status = leaseStatus(info, options.now ?? new Date());
  if (!status.stale && !options.force) throw new LeaseLiveError(info, status, options.envName);
  await api.deleteWorkflows([id]);
  return info;
}
