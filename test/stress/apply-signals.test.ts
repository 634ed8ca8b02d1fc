/**
 * apply under signals (property, bounded): the built CLI applies a saved plan
 * of a few hundred changes while the emulator injects random faults, and gets
 * SIGINT or SIGTERM at a random moment. Afterwards the report is exact (what
 * it says was applied is live, nothing else changed), the exit code is
 * 128+signal (or the run's own code when it finished first), no lease is
 * left, and a fault-free re-plan shows exactly the rest.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDirectory } from '../../src/apply/backups.js';
import { leaseId } from '../../src/apply/lease.js';
import { readPlanFile } from '../../src/apply/plan-file.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { outOfBandClient, runCli, startCli, writeSpecs } from '../helpers/cli.js';
import { brokenInvariants } from './support/check-run.js';
import { installFaultSchedule } from './support/fault-schedule.js';
import { makeFleet, readApp, specsV1, specsV2, type FleetShape } from './support/fleet.js';
import { seededRandom } from './support/prng.js';

const SHAPE: FleetShape = { unchanged: 20, updated: 80, deleted: 60, created: 100 };

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator?.close();
});

let run = 0;
describe('apply under signals', () => {
  it('keeps the report exact, leaves no lease, and re-plans exactly the rest', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('SIGINT' as const, 'SIGTERM' as const),
        fc.integer({ min: 0, max: 1500 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        async (signal, delayMs, seed) => {
          const fleet = await makeFleet(emulator, `signals-${run++}`);
          const api = await outOfBandClient(emulator.address, fleet.appId);
          try {
            await writeSpecs(fleet.dir, specsV1(SHAPE));
            const seeded = await runCli(['apply', '-e', 'test', '--auto-approve'], {
              cwd: fleet.dir,
            });
            expect(seeded.code, seeded.stderr).toBe(0);
            await writeSpecs(fleet.dir, specsV2(SHAPE));
            const planned = await runCli(['plan', '-e', 'test', '--prune', '--out', 'plan.json'], {
              cwd: fleet.dir,
            });
            expect(planned.code, planned.stderr).toBe(0);
            const plan = await readPlanFile(`${fleet.dir}/plan.json`);
            const before = await readApp(api);

            const schedule = installFaultSchedule(emulator, seededRandom(seed), {
              burstRate: 0.1,
              burstMax: 2,
              spikeRate: 0.1,
              spikeMs: [20, 200],
              permanentRate: 0.03,
              kinds: ['UNAVAILABLE', { status: 40031, description: 'Server unavailable' }],
            });
            let result;
            try {
              const child = startCli(['apply', 'plan.json', '--format', 'json'], {
                cwd: fleet.dir,
                timeoutMs: 120_000,
              });
              await new Promise((r) => setTimeout(r, delayMs));
              child.child.kill(signal);
              result = await child.result;
            } finally {
              schedule.stop();
            }
            const after = await readApp(api);
            const report = result.stdout ? JSON.parse(result.stdout) : undefined;
            const problems = await brokenInvariants({
              plan,
              run: {
                ...(report
                  ? { result: { report, backups: [] } }
                  : { error: new Error(result.stderr) }),
                log: result.stderr.split('\n'),
              },
              before,
              after,
              leaseId: leaseId('stress'),
              backupDir: backupDirectory(fleet.dir, 'test'),
            });
            expect(problems, `${signal} after ${delayMs} ms, seed ${seed}`).toEqual([]);
            // Before Node installed the handlers, the signal kills it as usual (nothing was written:
            // the invariants above hold that).
            if (result.code === null) expect(result.signal).toBe(signal);
            else expect([signal === 'SIGINT' ? 130 : 143, 0, 1]).toContain(result.code);
            expect(after.has(leaseId('stress')), result.stderr).toBe(false);

            // A fault-free re-plan shows exactly what the report did not apply.
            if (report) {
              const again = await runCli(['plan', '-e', 'test', '--prune', '--format', 'json'], {
                cwd: fleet.dir,
              });
              expect(again.code, again.stderr).toBe(0);
              const rest = new Set(
                JSON.parse(again.stdout).changes.map((c: { id: string }) => c.id),
              );
              const notApplied = [...report.not_attempted, ...report.failed].map(
                (c: { id: string }) => c.id,
              );
              for (const id of notApplied.filter((id: string) =>
                report.not_attempted.some((n: { id: string }) => n.id === id),
              ))
                expect(rest.has(id), id).toBe(true);
              for (const a of report.applied) expect(rest.has(a.id), a.id).toBe(false);
            }
          } finally {
            await api.close();
          }
        },
      ),
      { numRuns: 8, seed: 14 },
    );
  }, 240_000);
});
