/**
 * apply under faults, at scale, on Ctrl-C, and on the embedded `local`
 * emulator: the built CLI against the emulator over real gRPC on loopback.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import {
  makeProject,
  outOfBandClient,
  runCli,
  specYaml,
  startCli,
  writeSpecs,
} from './helpers/cli.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator?.close();
});

const idOf = (prefix: string, i: number) => `${prefix}${String(i).padStart(4, '0')}`;
const manySpecs = (n: number, prefix = 'wf', description?: string) =>
  Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      `${idOf(prefix, i)}.yaml`,
      specYaml(idOf(prefix, i), undefined, description),
    ]),
  );

describe('apply under faults', { timeout: 120_000 }, () => {
  it('retries transient faults and converges', async () => {
    const dir = await makeProject({
      endpoint: emulator.address,
      appId: 'transient',
      specs: manySpecs(5),
    });
    emulator.faults.clear();
    emulator.faults.failNext('ListWorkflows', 1, 'CONN_THROTTLED');
    emulator.faults.failNext('PostWorkflows', 2, 'UNAVAILABLE');
    const result = await runCli(['apply', '-e', 'test', '--auto-approve'], { cwd: dir });
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Apply complete: applied 5 of 5.');
    // Two refused attempts (of the lease), then the lease and the batch of five.
    expect(emulator.faults.calls.PostWorkflows).toBe(4);
    expect((await runCli(['plan', '-e', 'test', '--detailed-exitcode'], { cwd: dir })).code).toBe(
      0,
    );
  });

  it('reports a permanent failure in a batch exactly, and a re-run converges', async () => {
    const dir = await makeProject({
      endpoint: emulator.address,
      appId: 'permanent',
      specs: manySpecs(10),
    });
    emulator.faults.clear();
    // The batch of ten is refused (all-or-nothing), then so is the first one-a-call retry.
    emulator.faults.failNext('PostWorkflows', 2, {
      status: 21200,
      description: 'Model does not exist',
    });
    const result = await runCli(
      ['apply', '-e', 'test', '--auto-approve', '--no-lock', '--format', 'json'],
      {
        cwd: dir,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(['applied', 'failed', 'not_attempted', 'summary']);
    expect(report.summary).toEqual({ planned: 10, applied: 9, failed: 1, not_attempted: 0 });
    expect(report.failed).toEqual([
      {
        id: 'wf0000',
        action: 'create',
        code: 21200,
        description: expect.stringContaining('Model does not exist'),
      },
    ]);
    expect(report.applied.map((a: { id: string }) => a.id)).toEqual(
      Array.from({ length: 9 }, (_, i) => idOf('wf', i + 1)),
    );
    // One batch call plus ten single calls.
    expect(emulator.faults.calls.PostWorkflows).toBe(11);

    const text = await runCli(['plan', '-e', 'test'], { cwd: dir });
    expect(text.stdout).toContain('Plan: 0 to rename, 1 to create, 0 to update, 0 to delete.');
    const rerun = await runCli(['apply', '-e', 'test', '--auto-approve'], { cwd: dir });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain('Apply complete: applied 1 of 1.');
    expect((await runCli(['plan', '-e', 'test', '--detailed-exitcode'], { cwd: dir })).code).toBe(
      0,
    );
  });

  it('prints failures with code and description in text', async () => {
    const dir = await makeProject({
      endpoint: emulator.address,
      appId: 'permanent-text',
      specs: manySpecs(1),
    });
    emulator.faults.clear();
    emulator.faults.failNext('PostWorkflows', 1, {
      status: 21200,
      description: 'Model does not exist',
    });
    const result = await runCli(['apply', '-e', 'test', '--auto-approve', '--no-lock'], {
      cwd: dir,
    });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('Apply failed: applied 0 of 1.');
    expect(result.stdout).toMatch(/\+ wf0000: MODEL_DOES_NOT_EXIST 21200: Model does not exist/);
  });

  it('on Ctrl-C lets calls in flight finish, reports exactly, and exits 130', async () => {
    // 22 batches: more than the 20 in flight at once, so some are never sent.
    const dir = await makeProject({
      endpoint: emulator.address,
      appId: 'sigint',
      specs: manySpecs(1100),
    });
    emulator.faults.clear();
    emulator.faults.setLatency(300);
    try {
      const run = startCli(['apply', '-e', 'test', '--auto-approve', '--format', 'json'], {
        cwd: dir,
      });
      const deadline = Date.now() + 60_000;
      // The lease is the first PostWorkflows; interrupt once the first batch is on its way.
      while ((emulator.faults.calls.PostWorkflows ?? 0) < 2 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 10));
      }
      run.child.kill('SIGINT');
      const result = await run.result;
      expect(result.code, result.stderr).toBe(130);
      expect(result.stderr).toContain('Interrupted');
      const report = JSON.parse(result.stdout);
      expect(report.summary.planned).toBe(1100);
      expect(report.summary.applied).toBeGreaterThan(0);
      expect(report.summary.not_attempted).toBeGreaterThan(0);
      expect(report.summary.applied + report.summary.failed + report.summary.not_attempted).toBe(
        1100,
      );
      emulator.faults.setLatency(0);
      const api = await outOfBandClient(emulator.address, 'sigint');
      const live = (await api.listWorkflows()).map((w) => w.id).sort();
      await api.close();
      // Exactly what the report says was applied is live; the lease was released.
      expect(live).toEqual(report.applied.map((a: { id: string }) => a.id).sort());
    } finally {
      emulator.faults.setLatency(0);
    }
  }, 120_000);
});

describe('plan and apply at scale', { timeout: 120_000 }, () => {
  it('plans 300 live workflows (more than a default page) as unchanged, in one list call', async () => {
    const dir = await makeProject({
      endpoint: emulator.address,
      appId: 'scale',
      specs: manySpecs(300),
    });
    emulator.faults.clear();
    const apply = await runCli(['apply', '-e', 'test', '--auto-approve'], { cwd: dir });
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('Apply complete: applied 300 of 300.');
    // Six batches of 50 plus the lease.
    expect(emulator.faults.calls.PostWorkflows).toBe(7);

    emulator.faults.clear();
    const plan = await runCli(['plan', '-e', 'test', '--detailed-exitcode', '--format', 'json'], {
      cwd: dir,
    });
    expect(plan.code, plan.stderr).toBe(0);
    const parsed = JSON.parse(plan.stdout);
    expect(parsed.summary).toEqual({ create: 0, update: 0, delete: 0, rename: 0, unchanged: 300 });
    expect(emulator.faults.calls.ListWorkflows).toBe(1);
    // One model check per distinct pinned version (three), not per node.
    expect(emulator.faults.calls.GetModelVersion).toBe(3);

    // A change to all of them: one PatchWorkflows per 50, and backups of each.
    await writeSpecs(dir, manySpecs(300, 'wf', 'v2'));
    emulator.faults.clear();
    const update = await runCli(['apply', '-e', 'test', '--auto-approve'], { cwd: dir });
    expect(update.stdout).toContain('Apply complete: applied 300 of 300.');
    expect(emulator.faults.calls.PatchWorkflows).toBe(6);
    expect(await readdir(join(dir, '.vtr-wf/backups/test'))).toHaveLength(300);
  }, 180_000);
});

describe('the embedded emulator', { timeout: 120_000 }, () => {
  it('apply -e local twice: the second run shows no changes', async () => {
    const dir = await makeProject({ specs: { 'vtr.yaml': specYaml('visual-text-recognition') } });
    const first = await runCli(['apply', '-e', 'local', '--auto-approve'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Apply complete: applied 1 of 1.');
    const second = await runCli(['apply', '-e', 'local', '--auto-approve'], { cwd: dir });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('No changes.');
    expect(second.stdout).toContain('applied 0 of 0');
    const plan = await runCli(['plan', '-e', 'local', '--detailed-exitcode'], { cwd: dir });
    expect(plan.code, plan.stderr).toBe(0);
  });

  it('plan --all-envs: one summary table, then each plan; json keyed by environment', async () => {
    const dir = await makeProject({
      endpoint: emulator.address,
      appId: 'allenvs',
      extraEnvironments: '  local: { emulator: true }',
      specs: { 'vtr.yaml': specYaml('vtr') },
    });
    expect((await runCli(['apply', '-e', 'local', '--auto-approve'], { cwd: dir })).code).toBe(0);
    const text = await runCli(['plan', '--all-envs', '--detailed-exitcode'], { cwd: dir });
    expect(text.code, text.stderr).toBe(2);
    expect(text.stdout).toMatch(
      /ENVIRONMENT\s+RENAME\s+CREATE\s+UPDATE\s+DELETE\s+UNCHANGED\ntest\s+0\s+1\s+0\s+0\s+0\nlocal\s+0\s+0\s+0\s+0\s+1\n/,
    );
    const json = JSON.parse(
      (await runCli(['plan', '--all-envs', '--format', 'json'], { cwd: dir })).stdout,
    );
    expect(Object.keys(json)).toEqual(['environments']);
    expect(json.environments.test.summary.create).toBe(1);
    expect(json.environments.local.summary.unchanged).toBe(1);
  });
});
