/**
 * The library's `apply`: makes the live app match a Plan, or writes nothing.
 *
 * Order, and why:
 *  1. No changes → nothing at all (not even the lease).
 *  2. A plan not read just now (a saved plan, or one a person looked at for a
 *     while) is checked against live fingerprints first: a stale plan is
 *     refused with zero writes, naming the drifted ids. Every read (and a
 *     fresh plan's live workflows) is also held to ownership (apply/ownership.ts):
 *     a change whose target is unmarked (and not adopted), another project's,
 *     or in the way of a create is refused, naming the ids — an edited plan
 *     file gets no further than a fresh plan would.
 *  3. The lease (unless --no-lock), then the fingerprints again under it: the
 *     check and the writes must happen under one lease, or another run could
 *     slip its writes in between.
 *  4. Batched writes (executor.ts), each batch sent only once the backups of
 *     what it overwrites or deletes (from that read) are durable, and only
 *     while the lease is still ours (`unlock --force` or another run may have
 *     taken it: then the rest is not attempted); then a re-read confirming
 *     the result.
 *  5. The lease is released whatever happened (failure, a signal).
 *
 * A signal (`signal` aborted: SIGINT, SIGTERM, SIGHUP) stops every call not
 * yet sent — reads before the lease, the lease, writes, the final re-read —
 * and the report says `interrupted`; only the lease's release still goes out.
 */
import { UserError } from '../user-error.js';
import { describeDrift, findDrift } from '../apply/drift.js';
import { backupDirectory, backupWriter } from '../apply/backups.js';
import { DEFAULT_BATCH_SIZE, planJobs } from '../apply/batches.js';
import { executeChanges } from '../apply/executor.js';
import { acquireLease, type Lease } from '../apply/lease.js';
import { describeRefusals, refusedTargets, type OwnershipRefusal } from '../apply/ownership.js';
import { readWorkflows } from '../apply/read-workflows.js';
import { buildReport } from '../apply/report.js';
import type { Report } from '../apply/types.js';
import { verifyApplied } from '../apply/verify.js';
import type { ApiWorkflow, ClarifaiApi } from '../clarifai/types.js';
import { writeRequest } from '../apply/write-request.js';
import type { WriteJob } from '../apply/batches.js';
import type { Plan, PlanChange } from '../plan/types.js';
import type { Config } from '../spec/types.js';
import { phase } from '../phases.js';

export interface ApplyRequest {
  config: Pick<Config, 'dir' | 'project' | 'models' | 'environments'>;
  plan: Plan;
  api: ClarifaiApi;
  /**
   * The live workflows the plan was made from, when it was made moments ago
   * in this process with no pause: they stand in for a pre-lease re-read.
   */
  freshLive?: ReadonlyMap<string, ApiWorkflow>;
  /** false: --no-lock. */
  lock: boolean;
  signal?: AbortSignal;
  onProgress?: (settled: number, total: number) => void;
  /** Warnings for people (stderr in the CLI). */
  log?: (line: string) => void;
  /** Progress notes (stderr in the CLI, on a terminal or with --verbose). */
  note?: (line: string) => void;
  batchSize?: number;
  concurrency?: number;
  /**
   * Work that may wait until every write is out (the parsed-spec cache): started
   * as the read confirming them goes out, when this thread mostly waits, and
   * awaited before the result. Not started when the apply stops earlier.
   */
  afterWrites?: () => Promise<void>;
}

/** The plan no longer matches the live app: refused, nothing written. */
export class StalePlanError extends UserError {
  constructor(
    readonly drifted: string[],
    details: string,
  ) {
    super(
      `the plan is stale: ${drifted.length} workflow${drifted.length === 1 ? '' : 's'} changed since it was made ` +
        `(${drifted.join(', ')}); nothing was written — run \`vtr-wf plan\` again\n${details}`,
    );
    this.name = 'StalePlanError';
  }
}

export interface ApplyResult {
  report: Report;
  /** Backup files written, absolute paths. */
  backups: string[];
}

// Over 80 lines: the numbered order above (refusals, lease, re-check, writes, verify, release) reads as one sequence; each step is a call into apply/.
export async function applyPlan(request: ApplyRequest): Promise<ApplyResult> {
  const { plan, api } = request;
  const changes = plan.changes;
  const callsBefore = api.callCount;
  if (changes.length === 0) {
    return { report: buildReport([], [], { api_calls: 0 }), backups: [] };
  }
  const touched = [...new Set([...changes.map((c) => c.id), ...Object.keys(plan.fingerprints)])];

  let live: ReadonlyMap<string, ApiWorkflow | null> = request.freshLive
    ? new Map(touched.map((id) => [id, request.freshLive?.get(id) ?? null]))
    : await checkedRead(api, plan, touched);
  if (request.freshLive) refuseUnowned(plan, live);

  // The backups start from this read, while the lease is taken and the workflows re-read under
  // it; the re-read then confirms each one (confirm: any that differs is written again from it).
  // Each batch still waits for its own backups (ensure), in sending order.
  const backups = backupWriter(
    backupDirectory(request.config.dir, plan.environment),
    overwrittenBy(changes, live),
  );
  const jobs = planJobs(changes, request.batchSize ?? DEFAULT_BATCH_SIZE);
  backups.runAhead(jobs.map((job) => job.indexes));
  // The request bodies, made and encoded while the lease and the re-read are awaited.
  const prepared = prepareWrites(api, jobs, changes, plan);
  let lease: Lease | undefined;
  let releaseWarning: string | null = null;
  /** The release, once started (it overlaps the final re-read). */
  let releasing: Promise<string | null> | undefined;
  /** request.afterWrites, once started (it overlaps the final re-read too). */
  let afterWrites: Promise<void> | undefined;
  try {
    if (request.lock) {
      const leaseDone = phase('lease');
      lease = await acquireLease(api, { config: request.config, envName: plan.environment });
      leaseDone();
      request.note?.(`Holding the lease ${lease.info.id} (${lease.info.holder}).`);
      const rereadDone = phase('reread');
      live = await checkedRead(api, plan, touched, request.freshLive);
      rereadDone();
      backups.confirm(overwrittenBy(changes, live));
    }

    const heldLease = lease;
    const writesDone = phase('writes');
    const run = await executeChanges(api, changes, {
      project: plan.project,
      // Each batch is sent only once its own backups are durable; the backups run ahead,
      // batch by batch in sending order, while earlier batches are on the wire.
      beforeWrite: (indexes) => backups.ensure(indexes),
      ...(heldLease ? { checkLease: () => heldLease.check() } : {}),
      ...(plan.revision ? { revision: plan.revision } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
      ...(request.onProgress ? { onProgress: request.onProgress } : {}),
      ...(request.batchSize ? { batchSize: request.batchSize } : {}),
      ...(request.concurrency ? { concurrency: request.concurrency } : {}),
    }).finally(() => {
      prepared.stop();
      return backups.stop();
    });
    writesDone();
    // A backup that could not be written before anything was sent: as before, an error, no writes.
    if (run.beforeWriteError !== undefined && run.outcomes.every((o) => o === undefined))
      throw run.beforeWriteError;
    let outcomes = run.outcomes;
    const warnings: string[] = [];
    if (run.beforeWriteError !== undefined)
      warnings.push(
        `stopped: a backup could not be written (${errorText(run.beforeWriteError)}); ` +
          'the changes after it were not sent',
      );
    if (run.leaseLost) {
      const rest = outcomes.filter((o) => o === undefined).length;
      warnings.push(
        `${run.leaseLost}: stopped before the next batch, ${rest} change${rest === 1 ? '' : 's'} not attempted`,
      );
    }
    // After a signal no new reads either (a signal during the re-read cancels what is left of it).
    if (!request.signal?.aborted) {
      const verifyDone = phase('verify');
      // The release's own read of the lease goes out beside the re-read; the lease is
      // deleted only once the re-read is answered, so the re-read still happens under it.
      let readDone = () => undefined as void;
      const read = new Promise<void>((resolve) => (readDone = resolve));
      const releaseDone = lease ? phase('release') : undefined;
      releasing = lease?.release(read).finally(releaseDone);
      lease = undefined;
      // After a turn of the event loop, when the confirming read below is on the wire: the
      // write answers kept as bytes decoded (that read finds the same bytes), then the rest.
      const later = request.afterWrites;
      afterWrites = new Promise((resolve) => setImmediate(resolve)).then(async () => {
        await api.decodeWrittenAhead?.();
        await later?.();
      });
      const verified = await verifyApplied(
        api,
        changes,
        outcomes,
        plan.project,
        plan.revision,
        readDone,
      );
      verifyDone();
      outcomes = verified.outcomes;
      warnings.push(...verified.warnings);
    }
    if (lease) {
      releasing = lease.release().finally(phase('release'));
      lease = undefined;
    }
    if (releasing) releaseWarning = await releasing;
    if (releaseWarning) warnings.push(releaseWarning);
    await afterWrites;
    const report = buildReport(changes, outcomes, {
      api_calls: api.callCount - callsBefore,
      interrupted: run.interrupted || request.signal?.aborted === true,
      warnings,
    });
    return { report, backups: [...backups.paths] };
  } finally {
    // A refused lease or a stale re-read: the bodies made ahead are not needed.
    prepared.stop();
    // Stopped before or during the writes (a refusal, a failure): no backup is left half written.
    await backups.stop();
    // Started but not awaited (the re-read threw): the connection must not close under it.
    if (releasing) await releasing;
    await afterWrites?.catch(() => undefined);
    if (lease) {
      releaseWarning = await lease.release();
      if (releaseWarning) request.log?.(`warning: ${releaseWarning}`);
    }
  }
}

/**
 * Has the client encode the bodies of the creates and updates
 * (ClarifaiApi.encodeWritesAhead), batch by batch in sending order, yielding
 * between batches so the lease's and the re-read's answers are read on time.
 * writeRequest makes each body once, so the executor sends these same
 * objects; a batch it reaches first is encoded as it is sent. It changes
 * when the work happens, not what is sent.
 */
function prepareWrites(
  api: ClarifaiApi,
  jobs: readonly WriteJob[],
  changes: readonly PlanChange[],
  plan: Plan,
): { stop(): void } {
  let stopped = false;
  void (async () => {
    for (const job of jobs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (stopped) return;
      if (job.action === 'delete') continue;
      api.encodeWritesAhead?.(
        job.indexes.map((i) => writeRequest(changes[i] as PlanChange, plan.project, plan.revision)),
      );
    }
  })().catch(() => undefined); // preparation only: the executor encodes whatever is missing
  return {
    stop: () => {
      stopped = true;
    },
  };
}

/** By change index: the live workflow each update, rename or delete overwrites (from `live`). */
function overwrittenBy(
  changes: readonly PlanChange[],
  live: ReadonlyMap<string, ApiWorkflow | null>,
): Map<number, ApiWorkflow> {
  const overwritten = new Map<number, ApiWorkflow>();
  changes.forEach((c, index) => {
    const workflow = c.action === 'create' ? undefined : live.get(c.from ?? c.id);
    if (workflow) overwritten.set(index, workflow);
  });
  return overwritten;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Re-reads the touched workflows and refuses if any drifted from the plan's fingerprints. */
async function checkedRead(
  api: ClarifaiApi,
  plan: Plan,
  touched: readonly string[],
  /** The workflows a fresh plan was made from (its fingerprints are theirs). */
  planned?: ReadonlyMap<string, ApiWorkflow>,
): Promise<ReadonlyMap<string, ApiWorkflow | null>> {
  const live = await readWorkflows(api, touched);
  const drift = findDrift(plan.fingerprints, live, planned);
  if (drift.length > 0)
    throw new StalePlanError(
      drift.map((d) => d.id),
      describeDrift(drift),
    );
  refuseUnowned(plan, live);
  return live;
}

/** A change whose live target this project may not touch (see apply/ownership.ts): refused, nothing written. */
export class UnownedTargetError extends UserError {
  constructor(readonly refused: OwnershipRefusal[]) {
    const ids = [...new Set(refused.map((r) => r.id))];
    super(
      `refusing the plan: it would touch ${ids.length} workflow${ids.length === 1 ? '' : 's'} this project may not change ` +
        `(${ids.join(', ')}); nothing was written — ${describeRefusals(refused)}`,
    );
    this.name = 'UnownedTargetError';
  }
}

function refuseUnowned(plan: Plan, live: ReadonlyMap<string, ApiWorkflow | null>): void {
  const refused = refusedTargets(plan.changes, live, plan.project);
  if (refused.length > 0) throw new UnownedTargetError(refused);
}
