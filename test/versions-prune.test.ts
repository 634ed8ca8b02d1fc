/**
 * `vtr-wf versions prune` over real gRPC: the built CLI against an emulator
 * in this process (its request log is `faults.calls`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import { pruneVersions, type PruneVersionsResult } from '../src/index.js';
import {
  handMadeWorkflow,
  makeProject,
  outOfBandClient,
  runCli,
  specYaml,
  vtrNodes,
  writeSpecs,
  TEST_PAT,
  TEST_PAT_ENV,
} from './helpers/cli.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator?.close();
});

/** A project whose workflow `id` has three versions (three applies, each a change). */
async function threeVersions(appId: string, id = 'wf-p'): Promise<string> {
  const dir = await makeProject({
    endpoint: emulator.address,
    appId,
    specs: { 'a.yaml': specYaml(id) },
  });
  for (const description of [undefined, 'second', 'third']) {
    if (description) await writeSpecs(dir, { 'a.yaml': specYaml(id, vtrNodes(), description) });
    const applied = await runCli(['apply', '-e', 'test', '--auto-approve'], { cwd: dir });
    expect(applied.code, applied.stderr).toBe(0);
  }
  return dir;
}

function storedVersions(appId: string, id: string): string[] {
  const listed = emulator.store.listWorkflowVersions({ user_id: 'tester', app_id: appId }, id, {
    page: 1,
    per_page: 0,
  });
  if (!listed.ok) throw new Error('no versions');
  return listed.value.map((v) => v.id);
}

describe('versions prune', { timeout: 180_000 }, () => {
  it('--keep 1 --auto-approve leaves only the live version; history shows it', async () => {
    const dir = await threeVersions('prune-text');
    expect(storedVersions('prune-text', 'wf-p')).toHaveLength(3);
    const before = await runCli(['history', '-e', 'test', 'wf-p', '--format', 'json'], {
      cwd: dir,
    });
    const live = JSON.parse(before.stdout).versions.find((v: { live: boolean }) => v.live).id;

    emulator.faults.clear();
    const pruned = await runCli(
      ['versions', 'prune', '-e', 'test', '--keep', '1', '--auto-approve'],
      {
        cwd: dir,
      },
    );
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stdout).toContain('wf-p: keep 1, delete 2');
    expect(pruned.stdout).toContain(`= ${live}  live`);
    expect(pruned.stdout).toContain('Deleted 2 versions of 1 workflow in test');
    expect(emulator.faults.calls.DeleteWorkflowVersions).toBe(1);
    // The lease was taken (a PostWorkflows of the lock workflow) and released.
    expect(emulator.faults.calls.PostWorkflows).toBe(1);
    expect(emulator.faults.calls.DeleteWorkflows).toBe(1);
    expect(storedVersions('prune-text', 'wf-p')).toEqual([live]);

    const after = await runCli(['history', '-e', 'test', 'wf-p', '--format', 'json'], {
      cwd: dir,
    });
    expect(
      JSON.parse(after.stdout).versions.map((v: { id: string; live: boolean }) => [v.id, v.live]),
    ).toEqual([[live, true]]);

    // Nothing left to prune: says so, deletes nothing.
    emulator.faults.clear();
    const again = await runCli(
      ['versions', 'prune', '-e', 'test', '--keep', '1', '--auto-approve'],
      {
        cwd: dir,
      },
    );
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Nothing to prune in test');
    expect(emulator.faults.calls.DeleteWorkflowVersions ?? 0).toBe(0);
  });

  it('--format json, given ids, --keep 2, --no-lock', async () => {
    const dir = await threeVersions('prune-json');
    const [newest, middle, oldest] = (
      JSON.parse(
        (await runCli(['history', '-e', 'test', 'wf-p', '--format', 'json'], { cwd: dir })).stdout,
      ).versions as { id: string }[]
    ).map((v) => v.id);
    emulator.faults.clear();
    const pruned = await runCli(
      [
        'versions',
        'prune',
        '-e',
        'test',
        'wf-p',
        '--keep',
        '2',
        '--auto-approve',
        '--no-lock',
        '--format',
        'json',
      ],
      { cwd: dir },
    );
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(JSON.parse(pruned.stdout)).toEqual({
      format_version: 1,
      environment: 'test',
      keep: 2,
      workflows: [{ id: 'wf-p', live: newest, kept: [newest, middle], deleted: [oldest] }],
      summary: { workflows: 1, kept: 2, deleted: 1 },
    });
    expect(emulator.faults.calls.PostWorkflows ?? 0).toBe(0);
    expect(storedVersions('prune-json', 'wf-p').sort()).toEqual([newest, middle].sort());
  });

  it('bad input: --keep 0, a non-integer, an unknown workflow — clear errors, nothing deleted', async () => {
    const dir = await threeVersions('prune-bad');
    emulator.faults.clear();
    for (const [args, message] of [
      [['--keep', '0'], /--keep must be at least 1/],
      [['--keep', '1.5'], /--keep must be a whole number/],
      [['--keep', 'x'], /--keep must be a whole number/],
      // Past 2^53 a number is no longer itself: the report would echo another one.
      [['--keep', '99999999999999999999'], /--keep must be at most 9007199254740991/],
      [[], /give --keep N/],
      [['no-such-wf', '--keep', '1'], /workflow `no-such-wf` does not exist in test/],
    ] as const) {
      const result = await runCli(['versions', 'prune', '-e', 'test', ...args, '--auto-approve'], {
        cwd: dir,
      });
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toContain('internal error');
    }
    expect(emulator.faults.calls.DeleteWorkflowVersions ?? 0).toBe(0);
    expect(storedVersions('prune-bad', 'wf-p')).toHaveLength(3);
  });

  it('off a terminal without --auto-approve it refuses, like apply; nothing deleted', async () => {
    const dir = await threeVersions('prune-tty');
    const result = await runCli(['versions', 'prune', '-e', 'test', '--keep', '1'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not a terminal.*--auto-approve/);
    expect(storedVersions('prune-tty', 'wf-p')).toHaveLength(3);
  });

  it('history and rollback errors are clean user errors, not internal errors', async () => {
    const dir = await threeVersions('prune-errors');
    for (const args of [
      ['history', '-e', 'test', 'no-such-wf'],
      ['rollback', '-e', 'test', 'wf-p', '--to', 'no-such-version'],
    ]) {
      const result = await runCli(args, { cwd: dir });
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toMatch(/^error: /);
      expect(result.stderr).not.toContain('internal error');
    }
  });

  it('the library: approve sees the plan before any write; declining deletes nothing', async () => {
    const dir = await threeVersions('prune-library');
    process.env[TEST_PAT_ENV] = TEST_PAT;
    let seen: PruneVersionsResult | undefined;
    emulator.faults.clear();
    const declined = await pruneVersions({
      cwd: dir,
      env: 'test',
      keep: 1,
      approve: async (planned) => {
        seen = planned;
        return false;
      },
    });
    expect(seen?.summary).toEqual({ workflows: 1, kept: 1, deleted: 2 });
    expect(declined.cancelled).toBe(true);
    expect(declined.summary.deleted).toBe(0);
    expect(declined.workflows[0]?.kept).toHaveLength(3);
    expect(emulator.faults.calls.DeleteWorkflowVersions ?? 0).toBe(0);
    expect(emulator.faults.calls.PostWorkflows ?? 0).toBe(0);

    const approved = await pruneVersions({
      cwd: dir,
      env: 'test',
      keep: 2,
      approve: async () => true,
    });
    expect(approved.summary).toEqual({ workflows: 1, kept: 2, deleted: 1 });
    expect(storedVersions('prune-library', 'wf-p')).toHaveLength(2);
  });

  it('by id, an unmarked or another project’s workflow is refused; without ids, neither is touched', async () => {
    const dir = await threeVersions('prune-owners');
    const other = await outOfBandClient(emulator.address, 'prune-owners');
    try {
      for (const body of [
        handMadeWorkflow('hand-made'),
        handMadeWorkflow('theirs', { 'vtr-wf': { project: 'someone-else', spec_hash: 'x' } }),
      ]) {
        await other.postWorkflows([body]);
        await other.patchWorkflows([{ ...body, description: 'again' }], 'overwrite');
      }
    } finally {
      await other.close();
    }
    for (const [id, message] of [
      ['hand-made', /`hand-made` .* has no vtr-wf mark/],
      ['theirs', /`theirs` .* is managed by project `someone-else`/],
    ] as const) {
      const result = await runCli(
        ['versions', 'prune', '-e', 'test', id, '--keep', '1', '--auto-approve'],
        { cwd: dir },
      );
      expect(result.code, id).toBe(1);
      expect(result.stderr).toMatch(message);
    }
    const all = await runCli(
      ['versions', 'prune', '-e', 'test', '--keep', '1', '--auto-approve', '--format', 'json'],
      { cwd: dir },
    );
    expect(all.code, all.stderr).toBe(0);
    expect(JSON.parse(all.stdout).workflows.map((w: { id: string }) => w.id)).toEqual(['wf-p']);
    expect(storedVersions('prune-owners', 'hand-made')).toHaveLength(2);
    expect(storedVersions('prune-owners', 'theirs')).toHaveLength(2);
  });
});
