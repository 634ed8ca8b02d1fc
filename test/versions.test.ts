/**
 * Versions, rollback and renames over real gRPC: the built CLI against an
 * emulator in this process (its request log is `faults.calls`).
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import { makeProject, runCli, specYaml, vtrNodes, writeSpecs } from './helpers/cli.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator?.close();
});

const HEX32 = /^[0-9a-f]{32}$/;

/** A spec with `previous_ids` (specYaml knows none). */
function renamedSpec(id: string, previous: string[], description?: string): string {
  return specYaml(id, vtrNodes(), description).replace(
    /^id: .*\n/,
    `id: ${id}\nprevious_ids: [${previous.join(', ')}]\n`,
  );
}

async function json(args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = await runCli([...args, '--format', 'json'], { cwd, env });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

describe('versions in plan and apply', { timeout: 120_000 }, () => {
  it('plan records live versions; apply reports the version each write made; the mark carries the revision', async () => {
    const dir = await makeProject({
      endpoint: emulator.address,
      appId: 'versions-apply',
      specs: { 'a.yaml': specYaml('wf-a') },
    });
    const created = await json(
      ['apply', '-e', 'test', '--auto-approve', '--revision', 'rev-1'],
      dir,
    );
    expect(created.applied).toEqual([
      { id: 'wf-a', action: 'create', version: expect.stringMatching(HEX32) },
    ]);
    const planned = await json(['plan', '-e', 'test'], dir, { VTR_WF_REVISION: 'rev-2' });
    expect(planned.format_version).toBe(2);
    expect(planned.versions).toEqual({ 'wf-a': created.applied[0].version });
    expect(planned.revision).toBe('rev-2');
    // The revision is part of the mark, not of the content: nothing to change.
    expect(planned.changes).toEqual([]);
    const stored = emulator.store.getWorkflow(
      { user_id: 'tester', app_id: 'versions-apply' },
      'wf-a',
    );
    expect(stored.ok && stored.value.metadata?.['vtr-wf']).toMatchObject({ revision: 'rev-1' });

    await writeSpecs(dir, { 'a.yaml': specYaml('wf-a', vtrNodes(), 'changed') });
    const text = await runCli(['apply', '-e', 'test', '--auto-approve'], {
      cwd: dir,
      env: { GITHUB_SHA: 'sha-from-ci', VTR_WF_REVISION: '' },
    });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Applied \(1\):\n {2}~ wf-a: version [0-9a-f]{32}\n/);
    const after = emulator.store.getWorkflow(
      { user_id: 'tester', app_id: 'versions-apply' },
      'wf-a',
    );
    expect(after.ok && after.value.metadata?.['vtr-wf']).toMatchObject({ revision: 'sha-from-ci' });
  });

  it('takes the revision from git HEAD of the config’s repository when nothing else names one', async () => {
    const dir = await makeProject({
      endpoint: emulator.address,
      appId: 'versions-git',
      specs: { 'a.yaml': specYaml('wf-g') },
    });
    let head: string;
    try {
      const git = (...args: string[]) =>
        execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: 'pipe' }).trim();
      git('init', '-q');
      git(
        '-c',
        'user.email=t@e.st',
        '-c',
        'user.name=t',
        'commit',
        '-q',
        '--allow-empty',
        '-m',
        'x',
      );
      head = git('rev-parse', 'HEAD');
    } catch {
      return; // no git on this machine: the fallback is "no revision", covered below
    }
    const planned = await json(['plan', '-e', 'test'], dir, {
      VTR_WF_REVISION: '',
      GITHUB_SHA: '',
    });
    expect(planned.revision).toBe(head);
  });
});

describe('renames', { timeout: 120_000 }, () => {
  it('renames with one PatchWorkflowIds: no delete, no create, the version history kept', async () => {
    const app = { user_id: 'tester', app_id: 'versions-rename' };
    const dir = await makeProject({
      endpoint: emulator.address,
      appId: app.app_id,
      specs: { 'a.yaml': specYaml('old-vtr') },
    });
    await json(['apply', '-e', 'test', '--auto-approve'], dir);
    await writeSpecs(dir, { 'a.yaml': specYaml('old-vtr', vtrNodes(), 'second') });
    await json(['apply', '-e', 'test', '--auto-approve'], dir);
    const before = emulator.store.listWorkflowVersions(app, 'old-vtr', { page: 1, per_page: 0 });
    expect(before.ok && before.value).toHaveLength(2);

    await writeSpecs(dir, { 'a.yaml': renamedSpec('new-vtr', ['old-vtr'], 'second') });
    const text = await runCli(['plan', '-e', 'test', '--prune'], { cwd: dir });
    expect(text.stdout).toContain('Plan: 1 to rename, 0 to create, 0 to update, 0 to delete.');
    expect(text.stdout).toContain('~ rename old-vtr → new-vtr');
    const planned = await json(['plan', '-e', 'test', '--prune'], dir);
    expect(
      planned.changes.map((c: { action: string; id: string; from: string }) => [
        c.action,
        c.id,
        c.from,
      ]),
    ).toEqual([['rename', 'new-vtr', 'old-vtr']]);
    expect(planned.summary.rename).toBe(1);
    const markdown = await runCli(['plan', '-e', 'test', '--format', 'markdown'], { cwd: dir });
    expect(markdown.stdout).toContain(
      '<b>~ rename</b> <code>old-vtr</code> → <code>new-vtr</code>',
    );

    emulator.faults.clear();
    const applied = await json(
      ['apply', '-e', 'test', '--auto-approve', '--prune', '--no-lock'],
      dir,
    );
    expect(applied.applied).toEqual([{ id: 'new-vtr', action: 'rename', from: 'old-vtr' }]);
    const calls = emulator.faults.calls;
    expect(calls.PatchWorkflowIds).toBe(1);
    expect(calls.PostWorkflows ?? 0).toBe(0);
    expect(calls.DeleteWorkflows ?? 0).toBe(0);
    expect(calls.PatchWorkflows ?? 0).toBe(0);
    const kept = emulator.store.listWorkflowVersions(app, 'new-vtr', { page: 1, per_page: 0 });
    expect(kept.ok && kept.value.map((v) => v.id)).toEqual(
      before.ok && before.value.map((v) => v.id),
    );
    expect(
      (await runCli(['plan', '-e', 'test', '--prune', '--detailed-exitcode'], { cwd: dir })).code,
    ).toBe(0);
  });

  it('a rename with a content change renames first, then updates (a new version)', async () => {
    const dir = await makeProject({
      endpoint: emulator.address,
      appId: 'versions-rename-update',
      specs: { 'a.yaml': specYaml('first-id') },
    });
    await json(['apply', '-e', 'test', '--auto-approve'], dir);
    await writeSpecs(dir, { 'a.yaml': renamedSpec('second-id', ['first-id'], 'now different') });
    emulator.faults.clear();
    const applied = await json(['apply', '-e', 'test', '--auto-approve', '--no-lock'], dir);
    expect(applied.applied).toEqual([
      {
        id: 'second-id',
        action: 'rename',
        from: 'first-id',
        version: expect.stringMatching(HEX32),
      },
    ]);
    expect(emulator.faults.calls.PatchWorkflowIds).toBe(1);
    expect(emulator.faults.calls.PatchWorkflows).toBe(1);
    expect((await runCli(['plan', '-e', 'test', '--detailed-exitcode'], { cwd: dir })).code).toBe(
      0,
    );
  });

  it('both ids live: an error that explains the choice, nothing written', async () => {
    const dir = await makeProject({
      endpoint: emulator.address,
      appId: 'versions-both',
      specs: { 'a.yaml': specYaml('one'), 'b.yaml': specYaml('two') },
    });
    await json(['apply', '-e', 'test', '--auto-approve'], dir);
    await writeSpecs(dir, { 'b.yaml': renamedSpec('two', ['one']) });
    const result = await runCli(['plan', '-e', 'test'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('rename-conflict');
    expect(result.stderr).toMatch(/both `one` .* and `two` exist/);
  });
});

describe('history and rollback', { timeout: 180_000 }, () => {
  it('apply twice → history shows both with spec hashes; rollback → apply restores; plan shows the change back', async () => {
    const dir = await makeProject({
      endpoint: emulator.address,
      appId: 'versions-history',
      specs: { 'a.yaml': specYaml('wf-h', vtrNodes(), 'first') },
    });
    await json(['apply', '-e', 'test', '--auto-approve', '--revision', 'rev-a'], dir);
    await writeSpecs(dir, {
      'a.yaml': specYaml('wf-h', [{ id: 'detect-concept', model: 'text-detector' }], 'second'),
    });
    await json(['apply', '-e', 'test', '--auto-approve', '--revision', 'rev-b'], dir);

    const hist = await json(['history', '-e', 'test', 'wf-h'], dir);
    expect(hist.format_version).toBe(1);
    expect(hist.environment).toBe('test');
    expect(hist.workflow).toBe('wf-h');
    expect(hist.versions).toHaveLength(2);
    const [newest, oldest] = hist.versions;
    expect(newest).toMatchObject({ live: true, managed: true, revision: 'rev-b' });
    expect(oldest).toMatchObject({ live: false, managed: true, revision: 'rev-a' });
    expect(newest.spec_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(oldest.spec_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(newest.spec_hash).not.toBe(oldest.spec_hash);
    expect(newest.changes).toEqual([
      'changed description',
      'removed node image-crop',
      'removed node image-to-text',
    ]);
    expect(oldest.changes).toBeUndefined();
    const text = await runCli(['history', '-e', 'test', 'wf-h'], { cwd: dir });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`* ${newest.id}`);
    expect(text.stdout).toContain('    removed node image-crop');

    // rollback: a normal plan, one update, saved for apply; every format.
    const plan = await json(['rollback', '-e', 'test', 'wf-h', '--out', 'rollback.json'], dir);
    expect(plan.format_version).toBe(2);
    expect(plan.summary).toEqual({ create: 0, update: 1, delete: 0, rename: 0, unchanged: 0 });
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0].rollback).toMatchObject({
      to_version: oldest.id,
      from_version: newest.id,
      kept: ['notes', 'use_cases', 'check_consents', 'image'],
    });
    const rbText = await runCli(['rollback', '-e', 'test', 'wf-h'], { cwd: dir });
    expect(rbText.stdout).toContain('Plan: 0 to rename, 0 to create, 1 to update, 0 to delete.');
    expect(rbText.stdout).toContain(`rollback: restores version ${oldest.id}`);
    expect(rbText.stdout).toContain('keeps the live notes, use_cases, check_consents, image');
    const rbMarkdown = await runCli(['rollback', '-e', 'test', 'wf-h', '--format', 'markdown'], {
      cwd: dir,
    });
    expect(rbMarkdown.stdout).toContain('<!-- vtr-wf-plan:test -->');
    expect(rbMarkdown.stdout).toContain(`rollback: restores version ${oldest.id}`);

    const applied = await json(['apply', 'rollback.json'], dir);
    expect(applied.applied).toEqual([
      { id: 'wf-h', action: 'update', version: expect.stringMatching(HEX32) },
    ]);
    const after = await json(['history', '-e', 'test', 'wf-h'], dir);
    expect(after.versions).toHaveLength(3);
    expect(after.versions[0]).toMatchObject({ live: true, rolled_back_from: newest.id });
    // The restored version carries the mark it had: the same spec hash and revision.
    expect(after.versions[0].spec_hash).toBe(oldest.spec_hash);
    expect(after.versions[0].revision).toBe('rev-a');

    // The specs still say "second": plan shows the change back, and warns.
    const back = await runCli(['plan', '-e', 'test', '--format', 'json'], { cwd: dir });
    expect(back.code, back.stderr).toBe(0);
    expect(JSON.parse(back.stdout).summary.update).toBe(1);
    expect(back.stderr).toContain('undoes-rollback');

    // A second default rollback does not flip back to the version rolled away from.
    const again = await runCli(['rollback', '-e', 'test', 'wf-h'], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/no earlier version to roll back to/);
  });

  it('rollback restores the version’s metadata and visibility, not the live ones', async () => {
    const spec = (metadata: string, visibility: string) =>
      specYaml('wf-mv', [{ id: 'detect-concept', model: 'text-detector' }]).replace(
        /^nodes:/m,
        `metadata: ${metadata}\nvisibility: ${visibility}\nnodes:`,
      );
    const dir = await makeProject({
      endpoint: emulator.address,
      appId: 'versions-metadata',
      specs: { 'a.yaml': spec('{ team: a }', 'private') },
    });
    await json(['apply', '-e', 'test', '--auto-approve'], dir);
    await writeSpecs(dir, { 'a.yaml': spec('{ team: b, extra: x }', 'public') });
    await json(['apply', '-e', 'test', '--auto-approve'], dir);

    const plan = await json(['rollback', '-e', 'test', 'wf-mv', '--out', 'rollback.json'], dir);
    // Shown like any plan's diff: visibility by name.
    expect(plan.changes[0].diffs).toEqual([
      { path: '/metadata', before: { team: 'b', extra: 'x' }, after: { team: 'a' } },
      { path: '/visibility', before: 'public', after: 'private' },
    ]);
    const applied = await runCli(['apply', 'rollback.json'], { cwd: dir });
    expect(applied.code, applied.stderr).toBe(0);
    // The post-apply check finds what the plan promised.
    expect(applied.stderr).not.toMatch(/warning/i);
    const stored = emulator.store.getWorkflow(
      { user_id: 'tester', app_id: 'versions-metadata' },
      'wf-mv',
    );
    expect(stored.ok).toBe(true);
    if (!stored.ok) return;
    const { 'vtr-wf': mark, ...userKeys } = stored.value.metadata ?? {};
    expect(userKeys).toEqual({ team: 'a' });
    expect(mark).toMatchObject({ project: 'test-project' });
    expect(stored.value.visibility).toBe(10);
  });

  it('a version whose model version is gone is deprecated: history says so, rollback refuses it', async () => {
    // The local emulator knows the models the config names: dropping one from the
    // catalog is, to it, that model version being deleted.
    const gone = '  gone: { id: "gone-model", version: "9999999999999999999999999999999a" }\n';
    const dir = await makeProject({
      specs: { 'd.yaml': specYaml('wf-d', [{ id: 'd', model: 'gone' }]) },
    });
    const config = join(dir, 'vtr-wf.yaml');
    const withGone = (await readFile(config, 'utf8')).replace(
      'environments:\n',
      `${gone}environments:\n`,
    );
    await writeFile(config, withGone);
    await json(['apply', '-e', 'local', '--auto-approve'], dir);
    await writeFile(config, withGone.replace(gone, ''));
    await writeSpecs(dir, { 'd.yaml': specYaml('wf-d', [{ id: 'd', model: 'text-detector' }]) });
    await json(['apply', '-e', 'local', '--auto-approve'], dir);

    const hist = await json(['history', '-e', 'local', 'wf-d'], dir);
    expect(hist.versions.map((v: { deprecated?: boolean }) => v.deprecated)).toEqual([
      undefined,
      true,
    ]);
    const old = hist.versions[1].id;
    for (const args of [[], ['--to', old]]) {
      const refused = await runCli(['rollback', '-e', 'local', 'wf-d', ...args], { cwd: dir });
      expect(refused.code, args.join(' ')).toBe(1);
      expect(refused.stderr).toContain(`version ${old} of \`wf-d\` is deprecated`);
      expect(refused.stdout).toBe('');
    }
  });

  it('bad input: unknown version, unknown workflow, live version — clear errors', async () => {
    const dir = await makeProject({
      endpoint: emulator.address,
      appId: 'versions-bad',
      specs: { 'a.yaml': specYaml('wf-b') },
    });
    await json(['apply', '-e', 'test', '--auto-approve'], dir);
    const unknownVersion = await runCli(
      ['rollback', '-e', 'test', 'wf-b', '--to', 'f'.repeat(32)],
      { cwd: dir },
    );
    expect(unknownVersion.code).toBe(1);
    expect(unknownVersion.stderr).toContain(
      `\`${'f'.repeat(32)}\` is not a version of workflow \`wf-b\``,
    );
    for (const command of ['history', 'rollback']) {
      const unknown = await runCli([command, '-e', 'test', 'nope'], { cwd: dir });
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('workflow `nope` does not exist in test');
    }
    const only = await runCli(['rollback', '-e', 'test', 'wf-b'], { cwd: dir });
    expect(only.code).toBe(1);
    expect(only.stderr).toMatch(/no earlier version to roll back to/);
  });
});
