/**
 * The lease under real concurrency: two CLI processes applying different
 * specs to one app at once, and a stale lease left by a killed run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import { makeProject, outOfBandClient, runCli, specYaml, startCli } from './helpers/cli.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator?.close();
});

const LOCK_ID = 'vtr-wf-lock-shared';

describe('the lease', { timeout: 120_000 }, () => {
  it('lets one of two concurrent applies write and refuses the other, naming the holder — never a mix', async () => {
    const specsA = Object.fromEntries(['a1', 'a2', 'a3'].map((id) => [`${id}.yaml`, specYaml(id)]));
    const specsB = Object.fromEntries(['b1', 'b2', 'b3'].map((id) => [`${id}.yaml`, specYaml(id)]));
    const common = { endpoint: emulator.address, appId: 'race', project: 'shared' };
    const dirA = await makeProject({ ...common, specs: specsA });
    const dirB = await makeProject({ ...common, specs: specsB });
    // Slow calls widen the window in which the winner holds the lease, so the two runs overlap.
    emulator.faults.setLatency(400);
    try {
      const a = startCli(['apply', '-e', 'test', '--auto-approve'], { cwd: dirA });
      const b = startCli(['apply', '-e', 'test', '--auto-approve'], { cwd: dirB });
      const results = await Promise.all([a.result, b.result]);
      const pids = [a.child.pid, b.child.pid];
      const winner = results.findIndex((r) => r.code === 0);
      const loser = 1 - winner;
      expect(results.map((r) => r.code).sort()).toEqual([0, 1]);
      expect(results[winner]?.stdout).toContain('Apply complete: applied 3 of 3.');
      expect(results[loser]?.stderr).toMatch(
        /another vtr-wf apply holds the lease on environment `test`/,
      );
      expect(results[loser]?.stderr).toContain(`pid ${pids[winner]}`);

      emulator.faults.setLatency(0);
      const api = await outOfBandClient(emulator.address, 'race');
      const live = (await api.listWorkflows()).map((w) => w.id).sort();
      await api.close();
      const winnerIds = winner === 0 ? ['a1', 'a2', 'a3'] : ['b1', 'b2', 'b3'];
      // Everything of the winner, nothing of the loser, and the lease is gone.
      expect(live).toEqual(winnerIds);
    } finally {
      emulator.faults.setLatency(0);
    }
  });

  it('is left behind by a killed run, refused with an unlock hint, and removed by unlock', async () => {
    const dir = await makeProject({
      endpoint: emulator.address,
      appId: 'stale',
      project: 'shared',
      specs: { 'x.yaml': specYaml('x') },
    });
    emulator.faults.setLatency(300);
    const run = startCli(['apply', '-e', 'test', '--auto-approve', '--verbose'], { cwd: dir });
    const deadline = Date.now() + 30_000;
    while (!run.stderr().includes('Holding the lease') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(run.stderr()).toContain('Holding the lease');
    run.child.kill('SIGKILL');
    await run.result;
    emulator.faults.setLatency(0);

    const api = await outOfBandClient(emulator.address, 'stale');
    const lock = await api.getWorkflow(LOCK_ID);
    expect(lock?.metadata?.['vtr-wf-lock']).toMatchObject({
      holder: expect.stringContaining(`pid ${run.child.pid}`),
    });

    const refused = await runCli(['apply', '-e', 'test', '--auto-approve'], { cwd: dir });
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toContain(`pid ${run.child.pid}`);
    expect(refused.stderr).toMatch(
      /no longer running on this host; remove the lease with `vtr-wf unlock -e test`/,
    );

    // The lease never shows in a plan, and --prune never touches it — but plan says it is stale.
    const plan = await runCli(['plan', '-e', 'test', '--prune', '--format', 'json'], { cwd: dir });
    expect(plan.stdout).not.toContain(LOCK_ID);
    expect(plan.stderr).toMatch(
      new RegExp(
        `warning: a stale lease \`${LOCK_ID}\` is left by .*pid ${run.child.pid}.*vtr-wf unlock -e test`,
      ),
    );
    // A no-change apply says so too (nothing to write, so it does not need the lease).
    const empty = await makeProject({
      endpoint: emulator.address,
      appId: 'stale',
      project: 'shared',
    });
    const noChange = await runCli(['apply', '-e', 'test', '--auto-approve'], { cwd: empty });
    expect(noChange.code, noChange.stderr).toBe(0);
    expect(noChange.stderr).toMatch(/warning: a stale lease/);

    const unlock = await runCli(['unlock', '-e', 'test'], { cwd: dir });
    expect(unlock.code, unlock.stderr).toBe(0);
    expect(unlock.stdout).toContain(`Removed the lease ${LOCK_ID}`);
    expect(await api.getWorkflow(LOCK_ID)).toBeNull();
    const again = await runCli(['unlock', '-e', 'test'], { cwd: dir });
    expect(again.stdout).toMatch(/No lease held/);

    const applied = await runCli(['apply', '-e', 'test', '--auto-approve'], { cwd: dir });
    expect(applied.code, applied.stderr).toBe(0);
    expect(await api.getWorkflow(LOCK_ID)).toBeNull();
    await api.close();
  });

  it('unlock refuses a running holder without --force; with --force, the apply stops cleanly before its next batch', async () => {
    const appId = 'stolen';
    const specs = Object.fromEntries(
      Array.from({ length: 1100 }, (_, i) => [`w${i}.yaml`, specYaml(`w${i}`)]),
    );
    const dir = await makeProject({ endpoint: emulator.address, appId, project: 'shared', specs });
    // Batches of 50, 20 at a time (DEFAULT_WRITE_CONCURRENCY): the first twenty writes are held
    // at the server for a while, long enough for two `unlock` processes to run; the lease and
    // every read are immediate. The last two batches check the lease after unlock --force.
    type Injector = typeof emulator.faults & { onCall(m: string): unknown };
    const injector = emulator.faults as Injector;
    const original = injector.onCall.bind(injector);
    let posts = 0;
    injector.onCall = (method: string) => {
      const fault = original(method);
      if (method === 'PostWorkflows') posts++;
      injector.setLatency(method === 'PostWorkflows' && posts > 1 && posts <= 21 ? 20_000 : 0);
      return fault;
    };
    try {
      const run = startCli(['apply', '-e', 'test', '--auto-approve', '--verbose'], { cwd: dir });
      const deadline = Date.now() + 30_000;
      while (!run.stderr().includes('Holding the lease') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(run.stderr()).toContain('Holding the lease');

      const refused = await runCli(['unlock', '-e', 'test'], { cwd: dir });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`pid ${run.child.pid}`);
      expect(refused.stderr).toMatch(/still running on this host\); nothing was removed/);
      expect(refused.stderr).toContain('--force');

      const forced = await runCli(['unlock', '-e', 'test', '--force'], { cwd: dir });
      expect(forced.code, forced.stderr).toBe(0);
      expect(forced.stdout).toContain(`Removed the lease ${LOCK_ID}`);

      const result = await run.result;
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(
        /warning: the lease `vtr-wf-lock-shared` was removed while this run held it.*: stopped before the next batch, 100 changes not attempted/,
      );
      expect(result.stdout).toMatch(/applied 1000 of 1100/);
      expect(result.stdout).toMatch(/not attempted/i);
      const api = await outOfBandClient(emulator.address, appId);
      expect(await api.listWorkflows()).toHaveLength(1000);
      await api.close();
    } finally {
      injector.onCall = original;
      emulator.faults.setLatency(0);
    }
  });

  it('is skipped with --no-lock', async () => {
    const dir = await makeProject({
      endpoint: emulator.address,
      appId: 'nolock',
      project: 'shared',
      specs: { 'x.yaml': specYaml('x') },
    });
    emulator.faults.clear();
    const result = await runCli(['apply', '-e', 'test', '--auto-approve', '--no-lock'], {
      cwd: dir,
    });
    expect(result.code, result.stderr).toBe(0);
    const calls = emulator.faults.calls;
    // The workflow's create is the only write: no lease post, no lease delete.
    expect(calls.PostWorkflows).toBe(1);
    expect(calls.DeleteWorkflows ?? 0).toBe(0);
  });
});
