/**
 * One seed of the fault test, start to finish:
 *   seed the app (v1 specs + foreign workflows, no faults)
 *   → plan v2 (creates, updates, deletes with --prune)
 *   → apply under a random fault schedule → check every invariant
 *   → fault-free re-run: converges, plan is empty, nothing lost or duplicated.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { backupDirectory } from '../../../src/apply/backups.js';
import { leaseId, removeLease } from '../../../src/apply/lease.js';
import type { RunningEmulator } from '../../../src/emulator/server.js';
import { brokenInvariants } from './check-run.js';
import { installFaultSchedule, randomProfile } from './fault-schedule.js';
import {
  applyFleet,
  connectFleet,
  FAST_CLIENT,
  foreignWorkflows,
  makeFleet,
  planFleet,
  plannedChanges,
  readApp,
  specsV1,
  specsV2,
  useSpecs,
  type FleetShape,
} from './fleet.js';
import { pick, seededRandom } from './prng.js';

export interface SeedOutcome {
  seed: number;
  /** "converged", "applied N of M", or the refusal. */
  outcome: string;
  injected: Record<string, number>;
  /** Wall time of each phase, ms. */
  phases: Record<string, number>;
}

const PROJECT = 'stress';

export async function runFaultSeed(
  emulator: RunningEmulator,
  seed: number,
  shape: FleetShape,
): Promise<SeedOutcome> {
  let mark = Date.now();
  const phases: Record<string, number> = {};
  const phase = (name: string) => {
    phases[name] = Date.now() - mark;
    mark = Date.now();
  };
  const fleet = await makeFleet(emulator, `faults-${seed}`);
  const healthy = await connectFleet(fleet);
  const api = await connectFleet(fleet);
  const foreign = foreignWorkflows(20);
  try {
    // --- seed the app, no faults
    await healthy.postWorkflows(foreign);
    await useSpecs(fleet, specsV1(shape));
    const seeding = await planFleet(fleet, healthy);
    const seeded = await applyFleet(fleet, healthy, seeding.plan, seeding.live);
    expect(seeded.error).toBeUndefined();
    expect(seeded.result?.report.summary.applied).toBe(seeding.plan.changes.length);
    phase('seed');

    // --- plan v2 on the connection apply will use, as the CLI does
    await useSpecs(fleet, specsV2(shape));
    const { plan, live } = await planFleet(fleet, api);
    expect(plan.summary).toEqual({
      create: shape.created,
      update: shape.updated,
      delete: shape.deleted,
      unchanged: shape.unchanged,
      rename: 0,
    });
    expect(plan.changes).toHaveLength(plannedChanges(shape));
    const before = await readApp(healthy);
    phase('plan');

    // --- apply under faults
    const random = seededRandom(seed);
    const profile = randomProfile(random, FAST_CLIENT.deadlineMs);
    // Smaller batches and other concurrencies than the defaults (50, 4): more calls, more faults.
    const tuning = { batchSize: pick(random, [50, 20, 7]), concurrency: pick(random, [1, 4, 8]) };
    const schedule = installFaultSchedule(emulator, random, profile);
    let run;
    try {
      run = await applyFleet(fleet, api, plan, live, tuning);
    } finally {
      schedule.stop();
    }
    phase('faulted apply');
    // Calls the client gave up on may still be sleeping in the emulator: let them land.
    await sleep(profile.spikeMs[1] + 300);
    const after = await readApp(healthy);

    const problems = await brokenInvariants({
      plan,
      run,
      before,
      after,
      leaseId: leaseId(PROJECT),
      backupDir: backupDirectory(fleet.project.config.dir, 'test'),
    });
    const report = run.result?.report;
    const outcome = report
      ? report.failed.length + report.not_attempted.length === 0
        ? 'converged'
        : `applied ${report.summary.applied} of ${report.summary.planned}`
      : `refused: ${run.error?.message.split('\n')[0]}`;
    expect(
      problems,
      `seed ${seed} (${outcome}; ${JSON.stringify({ profile, tuning, injected: schedule.injected })})`,
    ).toEqual([]);

    phase('check');

    // --- a fault-free re-run converges (after `unlock`, if the lease was reported left behind)
    if (after.has(leaseId(PROJECT)))
      await removeLease(healthy, PROJECT, { envName: 'test', force: true });
    const again = await planFleet(fleet, healthy);
    const rerun = await applyFleet(fleet, healthy, again.plan, again.live);
    expect(rerun.error).toBeUndefined();
    expect(rerun.result?.report.failed).toEqual([]);
    expect(rerun.result?.report.not_attempted).toEqual([]);
    expect(rerun.result?.report.warnings).toBeUndefined();
    const settled = await planFleet(fleet, healthy);
    expect(settled.plan.changes).toEqual([]);

    // Exactly the specs' workflows and the foreign ones, each once; no lease.
    const final = await readApp(healthy);
    const desired = fleet.project.specs.map((s) => s.spec.id);
    expect([...final.keys()].sort()).toEqual([...desired, ...foreign.map((w) => w.id)].sort());
    for (const w of foreign) expect(final.get(w.id)).toEqual(before.get(w.id));

    phase('re-run');
    return {
      seed,
      outcome: `${outcome} (${JSON.stringify(tuning)})`,
      injected: schedule.injected,
      phases,
    };
  } finally {
    await Promise.all([healthy.close(), api.close()]);
  }
}

export const backupsOf = (dir: string) => join(dir, '.vtr-wf', 'backups', 'test');
