/**
 * The built CLI under faults, at the fleet's size: `plan --prune --out`, then
 * `apply PLANFILE --format json` while the emulator fails calls at random
 * (UNAVAILABLE, RPC_SERVER_UNAVAILABLE, short latency spikes, permanent
 * refusals) — with the CLI's own client settings (no test tuning), which is
 * why there is no throttling or hang here: they would cost seconds each.
 * The JSON report must be exact and agree with the live app, the exit code
 * must say whether everything was applied, and a fault-free re-run
 * converges: `plan --detailed-exitcode` exits 0.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDirectory } from '../../src/apply/backups.js';
import { leaseId } from '../../src/apply/lease.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { readPlanFile } from '../../src/apply/plan-file.js';
import { outOfBandClient, runCli, writeSpecs } from '../helpers/cli.js';
import { brokenInvariants } from './support/check-run.js';
import { installFaultSchedule } from './support/fault-schedule.js';
import {
  FLEET_500,
  foreignWorkflows,
  makeFleet,
  readApp,
  specsV1,
  specsV2,
} from './support/fleet.js';
import { seededRandom } from './support/prng.js';

const SEEDS = [101, 102];

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator?.close();
});

describe('the CLI applying a saved plan of 500 changes under faults', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: an exact JSON report, the right exit code, and a converging re-run`, async () => {
      const fleet = await makeFleet(emulator, `cli-faults-${seed}`);
      const api = await outOfBandClient(emulator.address, fleet.appId);
      try {
        await api.postWorkflows(foreignWorkflows(10));
        await writeSpecs(fleet.dir, specsV1(FLEET_500));
        const seeded = await runCli(['apply', '-e', 'test', '--auto-approve'], { cwd: fleet.dir });
        expect(seeded.code, seeded.stderr).toBe(0);

        await writeSpecs(fleet.dir, specsV2(FLEET_500));
        const planned = await runCli(['plan', '-e', 'test', '--prune', '--out', 'plan.json'], {
          cwd: fleet.dir,
        });
        expect(planned.code, planned.stderr).toBe(0);
        const plan = await readPlanFile(`${fleet.dir}/plan.json`);
        expect(plan.changes).toHaveLength(500);
        const before = await readApp(api);

        const schedule = installFaultSchedule(emulator, seededRandom(seed), {
          burstRate: 0.15,
          burstMax: 2,
          spikeRate: 0.1,
          spikeMs: [20, 300],
          permanentRate: 0.05,
          // Throttling costs seconds per retry with the CLI's backoff (2 s and up), a hang the
          // 30 s deadline: both are covered at test speed by apply-faults-*.test.ts.
          kinds: [
            'UNAVAILABLE',
            { status: 40031, description: 'Server unavailable, please retry' },
          ],
        });
        let applied;
        try {
          applied = await runCli(['apply', 'plan.json', '--format', 'json'], {
            cwd: fleet.dir,
            timeoutMs: 180_000,
          });
        } finally {
          schedule.stop();
        }
        await sleep(500);
        const after = await readApp(api);
        const report = applied.stdout ? JSON.parse(applied.stdout) : undefined;
        const problems = await brokenInvariants({
          plan,
          run: {
            ...(report
              ? { result: { report, backups: [] } }
              : { error: new Error(applied.stderr) }),
            log: applied.stderr.split('\n'),
          },
          before,
          after,
          leaseId: leaseId('stress'),
          backupDir: backupDirectory(fleet.dir, 'test'),
        });
        expect(problems, `seed ${seed}: ${JSON.stringify(schedule.injected)}`).toEqual([]);
        const complete = report && report.failed.length + report.not_attempted.length === 0;
        expect(applied.code).toBe(complete ? 0 : 1);
        console.log(
          `seed ${seed}: exit ${applied.code}, ${report ? JSON.stringify(report.summary) : applied.stderr}; injected ${JSON.stringify(schedule.injected)}`,
        );

        if (after.has(leaseId('stress'))) {
          expect((await runCli(['unlock', '-e', 'test'], { cwd: fleet.dir })).code).toBe(0);
        }
        const rerun = await runCli(['apply', '-e', 'test', '--prune', '--auto-approve'], {
          cwd: fleet.dir,
        });
        expect(rerun.code, rerun.stderr).toBe(0);
        const settled = await runCli(['plan', '-e', 'test', '--prune', '--detailed-exitcode'], {
          cwd: fleet.dir,
        });
        expect(settled.code, settled.stdout).toBe(0);
      } finally {
        await api.close();
      }
    }, 240_000);
  }
});
