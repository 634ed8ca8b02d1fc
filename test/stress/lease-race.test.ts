/**
 * The lease under repeated races, through the built CLI: rounds of three
 * `apply --prune` processes of the same project with different specs start at
 * once against one app. Each round exactly one writes; the others are refused
 * naming the winner's pid (or, when one starts late enough to take the lease
 * after the winner, by the fingerprint check under it), writing nothing: the
 * live app always holds exactly one contender's workflows, never a mix. A plan
 * saved before a round is then stale, and `apply PLANFILE` refuses it,
 * writing nothing. (Two processes, stale leases, unlock: test/lease.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaseId } from '../../src/apply/lease.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { makeProject, outOfBandClient, runCli, specYaml, startCli } from '../helpers/cli.js';

const ROUNDS = 4;
const CONTENDERS = ['red', 'green', 'blue'];
const PER_CONTENDER = 12;

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator?.close();
});

const idsOf = (name: string, round: number) =>
  Array.from({ length: PER_CONTENDER }, (_, i) => `${name}-r${round}-${i}`);

describe('concurrent applies', () => {
  it('4 rounds of 3 racing applies: one writes, the others are refused, never a mix', async () => {
    const common = { endpoint: emulator.address, appId: 'race', project: 'racing' };
    const api = await outOfBandClient(emulator.address, 'race');
    const wins: string[] = [];
    try {
      const planner = await makeProject({ ...common, specs: { 'p.yaml': specYaml('planned') } });
      for (let round = 0; round < ROUNDS; round++) {
        const dirs = await Promise.all(
          CONTENDERS.map((name) =>
            makeProject({
              ...common,
              specs: Object.fromEntries(
                idsOf(name, round).map((id) => [`${id}.yaml`, specYaml(id, undefined, name)]),
              ),
            }),
          ),
        );
        // From the second round: a plan made before the race, deleting the last winner's
        // workflows (--prune). Whoever wins prunes them too, so its fingerprints go stale.
        if (round > 0) {
          const saved = await runCli(['plan', '-e', 'test', '--prune', '--out', 'plan.json'], {
            cwd: planner,
          });
          expect(saved.code).toBe(0);
        }

        // Slow calls make the winner hold the lease long enough for everyone to collide.
        emulator.faults.setLatency(300);
        const runs = dirs.map((cwd) =>
          startCli(['apply', '-e', 'test', '--prune', '--auto-approve', '--format', 'json'], {
            cwd,
          }),
        );
        const results = await Promise.all(runs.map((r) => r.result));
        emulator.faults.setLatency(0);

        const winners = results.flatMap((r, i) => (r.code === 0 ? [i] : []));
        expect(winners, results.map((r) => r.stderr).join('\n')).toHaveLength(1);
        const winner = winners[0] as number;
        wins.push(CONTENDERS[winner] as string);
        const report = JSON.parse(results[winner]!.stdout);
        expect(report.summary.failed + report.summary.not_attempted).toBe(0);
        results.forEach((r, i) => {
          if (i === winner) return;
          expect(r.code).toBe(1);
          expect(r.stdout).toBe('');
          // Refused at the lease, naming the holder — or, if it came late enough to take the
          // lease after the winner, at the fingerprint check under it. Either way: no writes.
          if (/the plan is stale/.test(r.stderr)) return;
          expect(r.stderr).toMatch(/another vtr-wf apply holds the lease on environment `test`/);
          expect(r.stderr).toContain(`pid ${runs[winner]!.child.pid}`);
        });

        // Exactly the winner's workflows: the previous round's pruned, no loser's, no lease.
        const live = (await api.listWorkflows()).map((w) => w.id).sort();
        expect(live).toEqual(idsOf(CONTENDERS[winner] as string, round).sort());

        if (round > 0) {
          const stale = await runCli(['apply', 'plan.json'], { cwd: planner });
          expect(stale.code).toBe(1);
          expect(stale.stderr).toMatch(
            new RegExp(`the plan is stale: ${PER_CONTENDER} workflows changed since it was made`),
          );
          expect((await api.listWorkflows()).map((w) => w.id).sort()).toEqual(live);
        }
      }
      expect(await api.getWorkflow(leaseId('racing'))).toBeNull();
      console.log(`winners by round: ${wins.join(', ')}`);
    } finally {
      emulator.faults.setLatency(0);
      await api.close();
    }
  }, 240_000);
});
