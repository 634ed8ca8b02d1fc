/**
 * Writes a plan's changes: batched calls (creates → PostWorkflows, updates →
 * PatchWorkflows overwrite, then PatchWorkflows remove for the cover images
 * the updates drop, deletes → DeleteWorkflows by id), a few batches in
 * flight, and an exact account of every change.
 *
 * A request is all-or-nothing, so a batch that fails with a permanent status
 * is retried one workflow a call: the report then names exactly which failed.
 * A failure that is not about the workflows (the key, the connection, a
 * transient error the client gave up retrying) stops the run from starting
 * calls; where its outcome is unknown, the post-apply re-read settles it.
 *
 * The signal (SIGINT, SIGTERM, SIGHUP) stops new calls: the client cancels a
 * call still waiting for the rate limiter or a retry back-off, and its changes
 * are "not attempted" — unless an earlier attempt of it lost its answer and so
 * may have landed ("failed", outcome unknown). Calls on the wire finish.
 * `checkLease` runs before each batch (batches that reach it together share
 * one check): when the lease is no longer ours, no further batch starts.
 */
import type { ApiWorkflow, ClarifaiApi, WriteOptions } from '../clarifai/types.js';
import { isInterrupted, type InterruptedError } from '../interrupt.js';
import type { PlanChange } from '../plan/types.js';
import { DEFAULT_BATCH_SIZE, planJobs, type WriteJob } from './batches.js';
import {
  describeFailure,
  WORKFLOW_DOES_NOT_EXIST,
  WORKFLOW_DUPLICATE,
  type CallFailure,
} from './failure.js';
import type { Outcome } from './report.js';
import { imageRemovalRequest, liveMismatch, writeRequest } from './write-request.js';

/**
 * Batches in flight at once: as many as the client's own call bound
 * (DEFAULT_CONCURRENCY), so 1000 updates (20 batches) go out in one round —
 * one shared lease check, then every write — not three rounds of two round
 * trips. The client still bounds its calls and, against the real API, their
 * rate (12/s), which then sets the pace.
 */
export const DEFAULT_WRITE_CONCURRENCY = 20;

/**
 * Answers decoded for their version ids alone: the client keeps the rest as
 * bytes, and apply has it decoded while the read confirming the writes is
 * awaited (it finds these same bytes, reuse-decode.ts) — not while the
 * backups of later batches need the thread.
 */
const VERSIONS: WriteOptions = { only: 'versions' };

export interface ExecuteOptions {
  project: string;
  /** The plan's source revision, written into each mark. */
  revision?: string;
  batchSize?: number;
  concurrency?: number;
  /**
   * Awaited before a job's first call is sent, with the plan indexes it
   * writes: apply makes their backups durable here. If it fails, that job and
   * every later one are not sent (not attempted) and the run stops.
   */
  beforeWrite?: (indexes: readonly number[]) => Promise<void>;
  /**
   * Told once, before anything is sent, the plan indexes of every batch in
   * the order they will be sent: slow preparation (backups) may run ahead.
   */
  willWrite?: (batches: readonly (readonly number[])[]) => void;
  /** Aborted on Ctrl-C: no new call starts after it fires. */
  signal?: AbortSignal;
  onProgress?: (settled: number, total: number) => void;
  /** Before each batch: null while the lease is still ours, else why the run must stop. */
  checkLease?: () => Promise<string | null>;
}

export interface Execution {
  /** One per plan change, same index; undefined = not attempted. */
  outcomes: (Outcome | undefined)[];
  interrupted: boolean;
  /** Set when an unanswered call stopped the run early. */
  stoppedBy?: CallFailure;
  /** Set when beforeWrite failed (its error): the jobs from there on were not sent. */
  beforeWriteError?: unknown;
  /** Set when the lease stopped being ours: why, in a sentence. */
  leaseLost?: string;
}

// Over 80 lines: one closure scope on purpose: the outcomes, the stop flags and the job cursor are shared by the workers and by every settle/run helper defined inside; lifted out, each would take half a dozen mutable values.
export async function executeChanges(
  api: ClarifaiApi,
  changes: readonly PlanChange[],
  options: ExecuteOptions,
): Promise<Execution> {
  const outcomes: (Outcome | undefined)[] = new Array<Outcome | undefined>(changes.length).fill(
    undefined,
  );
  const jobs = planJobs(changes, options.batchSize ?? DEFAULT_BATCH_SIZE);
  let stoppedBy: CallFailure | undefined;
  let beforeWriteError: unknown;
  let beforeWriteFailed = false;
  let leaseLost: string | undefined;
  let settled = 0;
  let nextJob = 0;

  const stopping = () =>
    stoppedBy !== undefined ||
    beforeWriteFailed ||
    leaseLost !== undefined ||
    options.signal?.aborted === true;
  const settle = (index: number, outcome: Outcome) => {
    outcomes[index] = outcome;
    settled += 1;
    options.onProgress?.(settled, changes.length);
  };
  const changeAt = (index: number): PlanChange => {
    const change = changes[index];
    if (!change) throw new Error(`no planned change at index ${index}`);
    return change;
  };

  // writeRequest makes each change's body once: a body encoded ahead (apply-plan.ts) is the one sent.
  const body = (change: PlanChange) => writeRequest(change, options.project, options.revision);
  /** One call for a batch; the version each written workflow now has, by id. */
  const write = async (
    action: WriteJob['action'],
    indexes: readonly number[],
  ): Promise<Map<string, string>> => {
    const batch = indexes.map(changeAt);
    let written: ApiWorkflow[] = [];
    if (action === 'create') written = await api.postWorkflows(batch.map(body), VERSIONS);
    else if (action === 'update') {
      written = await api.patchWorkflows(batch.map(body), 'overwrite', VERSIONS);
      // An overwrite keeps a live image it is not sent; the API removes one only by `remove`.
      const removals = batch.map(imageRemovalRequest).filter((r): r is ApiWorkflow => r !== null);
      if (removals.length > 0)
        written = [...written, ...(await api.patchWorkflows(removals, 'remove', VERSIONS))];
    } else await api.deleteWorkflows(batch.map((c) => c.id));
    return versionsOf(written);
  };
  const applied = (index: number, versions: ReadonlyMap<string, string>): Outcome => {
    const version = versions.get(changeAt(index).id);
    return version ? { kind: 'applied', version } : { kind: 'applied' };
  };

  /**
   * A permanent error on one workflow. A create that finds it already there
   * (22100) or a delete that finds it gone (22102) may be our own earlier
   * attempt that succeeded before its answer was lost: re-read to decide.
   */
  const settleRefusal = async (index: number, failure: CallFailure): Promise<void> => {
    const change = changeAt(index);
    const mayBeOurs =
      (change.action === 'create' && failure.code === WORKFLOW_DUPLICATE) ||
      (change.action === 'delete' && failure.code === WORKFLOW_DOES_NOT_EXIST);
    if (mayBeOurs) {
      try {
        const live = await api.getWorkflow(change.id);
        if (liveMismatch(live, change, options.project).length === 0)
          return settle(index, { kind: 'applied' });
      } catch {
        // The re-read failing leaves the refusal as the answer — one that may be our own write.
        return settle(index, { kind: 'failed', failure: { ...failure, outcomeUnknown: true } });
      }
    }
    settle(index, { kind: 'failed', failure });
  };

  /**
   * A call the signal cancelled: never sent (or refused each time it was) means
   * not attempted; after an attempt whose answer was lost it may have landed.
   */
  const settleInterrupted = (
    indexes: readonly number[],
    error: InterruptedError,
    mayHaveLanded: boolean,
  ): void => {
    if (!mayHaveLanded && !error.afterAmbiguousAttempt) return;
    const failure: CallFailure = {
      code: 'INTERRUPTED',
      description: `${error.message}; an earlier attempt may have been applied`,
      outcomeUnknown: true,
      stopsRun: true,
    };
    for (const index of indexes)
      if (outcomes[index] === undefined) settle(index, { kind: 'failed', failure });
  };

  /**
   * @param batchMayHaveLanded the batch this change was in failed after an attempt whose
   *   answer was lost: that attempt may still land, so a failure here proves nothing.
   */
  const runSingle = async (
    action: WriteJob['action'],
    index: number,
    batchMayHaveLanded = false,
  ): Promise<void> => {
    try {
      settle(index, applied(index, await write(action, [index])));
    } catch (error) {
      if (isInterrupted(error)) return settleInterrupted([index], error, batchMayHaveLanded);
      const described = describeFailure(error);
      const failure = batchMayHaveLanded ? { ...described, outcomeUnknown: true } : described;
      if (failure.stopsRun) {
        stoppedBy ??= failure;
        settle(index, { kind: 'failed', failure });
      } else {
        await settleRefusal(index, failure);
      }
    }
  };

  const runJob = async (job: WriteJob): Promise<void> => {
    if (options.beforeWrite) {
      try {
        await options.beforeWrite(job.indexes);
      } catch (error) {
        if (!beforeWriteFailed) beforeWriteError = error;
        beforeWriteFailed = true;
        return; // nothing of this job was sent: not attempted
      }
      // Another job's beforeWrite may have failed meanwhile: send nothing new.
      if (stopping()) return;
    }
    if (job.indexes.length === 1) return runSingle(job.action, job.indexes[0] as number);
    try {
      const versions = await write(job.action, job.indexes);
      for (const index of job.indexes) settle(index, applied(index, versions));
    } catch (error) {
      if (isInterrupted(error)) return settleInterrupted(job.indexes, error, false);
      const failure = describeFailure(error);
      if (failure.stopsRun) {
        stoppedBy ??= failure;
        for (const index of job.indexes) settle(index, { kind: 'failed', failure });
        return;
      }
      // All-or-nothing: nothing of this batch was written. Again, one a call.
      for (const index of job.indexes) {
        if (stopping()) {
          // Not "not attempted": the batch call was, and an attempt of it may yet land.
          if (failure.outcomeUnknown && outcomes[index] === undefined)
            settle(index, { kind: 'failed', failure });
          continue;
        }
        await runSingle(job.action, index, failure.outcomeUnknown);
      }
    }
  };

  /**
   * Renames first, one PatchWorkflowIds a call (the API takes one), each
   * followed by its content update when the plan has one: later creates may
   * reuse nothing, but the renamed workflow must be in place before anything
   * else is written.
   */
  const runRename = async (index: number): Promise<void> => {
    const change = changeAt(index);
    const from = change.from as string;
    if (options.beforeWrite) {
      try {
        await options.beforeWrite([index]);
      } catch (error) {
        if (!beforeWriteFailed) beforeWriteError = error;
        beforeWriteFailed = true;
        return; // nothing was sent: not attempted
      }
    }
    try {
      await api.patchWorkflowIds(from, change.id);
    } catch (error) {
      const failure = describeFailure(error);
      if (failure.stopsRun) {
        stoppedBy ??= failure;
        return settle(index, { kind: 'failed', failure });
      }
      // Our own earlier attempt may have landed before its answer was lost.
      const landed =
        failure.code === WORKFLOW_DOES_NOT_EXIST &&
        (await api.getWorkflow(change.id).catch(() => null)) !== null;
      if (!landed) return settle(index, { kind: 'failed', failure });
    }
    if (!change.workflow || (change.diffs ?? []).length === 0)
      return settle(index, { kind: 'applied' });
    if (stopping()) {
      const failure: CallFailure = {
        code: 'INTERRUPTED',
        description: `renamed from \`${from}\`, but stopped before its update`,
        stopsRun: false,
        outcomeUnknown: false,
      };
      return settle(index, { kind: 'failed', failure });
    }
    try {
      settle(index, applied(index, await write('update', [index])));
    } catch (error) {
      const failure = describeFailure(error);
      if (failure.stopsRun) stoppedBy ??= failure;
      settle(index, {
        kind: 'failed',
        failure: {
          ...failure,
          description: `renamed from \`${from}\`, but its update failed: ${failure.description}`,
        },
      });
    }
  };
  for (const [index, change] of changes.entries()) {
    if (change.action !== 'rename') continue;
    if (stopping()) break;
    await runRename(index);
  }

  /**
   * One lease check serves every batch that reaches it while it is in flight:
   * batches ready at the same moment would each have sent the same read. A
   * batch never starts on a check that answered before it was ready.
   */
  let leaseCheck: Promise<string | null> | undefined;
  const checkLease = (check: () => Promise<string | null>): Promise<string | null> =>
    (leaseCheck ??= check().finally(() => {
      leaseCheck = undefined;
    }));

  const worker = async (): Promise<void> => {
    while (!stopping() && nextJob < jobs.length) {
      const job = jobs[nextJob++] as WriteJob;
      if (options.checkLease) {
        let lost: string | null;
        try {
          lost = await checkLease(options.checkLease);
        } catch (error) {
          if (isInterrupted(error)) return;
          lost = `the lease could not be checked (${describeFailure(error).description})`;
        }
        if (lost !== null) {
          leaseLost ??= lost;
          return;
        }
        // The check took a call's time: a signal may have come meanwhile.
        if (stopping()) return;
      }
      await runJob(job);
    }
  };

  options.willWrite?.(jobs.map((job) => job.indexes));
  const workers = Math.max(
    1,
    Math.min(options.concurrency ?? DEFAULT_WRITE_CONCURRENCY, jobs.length),
  );
  await Promise.all(Array.from({ length: workers }, worker));

  return {
    outcomes,
    interrupted: options.signal?.aborted === true,
    ...(stoppedBy ? { stoppedBy } : {}),
    ...(beforeWriteFailed ? { beforeWriteError } : {}),
    ...(leaseLost ? { leaseLost } : {}),
  };
}

/** The version id of each workflow a write answered with, by workflow id. */
function versionsOf(workflows: readonly ApiWorkflow[]): Map<string, string> {
  const versions = new Map<string, string>();
  for (const w of workflows) {
    const id = w.version?.id;
    if (typeof id === 'string' && id !== '') versions.set(w.id, id);
  }
  return versions;
}
