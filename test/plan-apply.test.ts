/**
 * plan and apply end to end: the built CLI against the emulator over real
 * gRPC on loopback. Each test works in its own app of one shared emulator.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import { VTR_MODELS } from '../src/vtr-models.js';
import {
  handMadeWorkflow,
  makeProject,
  outOfBandClient,
  runCli,
  specYaml,
  vtrNodes,
  writeCalls,
  writeSpecs,
} from './helpers/cli.js';

const RECOGNIZER = VTR_MODELS[2]!;
/** A second recognizer version the emulator knows (an "upgrade"). */
const NEXT_RECOGNIZER_VERSION = 'e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0';

let emulator: RunningEmulator;
let appCounter = 0;

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    knownModels: [{ id: RECOGNIZER.id, version: NEXT_RECOGNIZER_VERSION }],
  });
});
afterAll(async () => {
  await emulator?.close();
});

/** A project on its own app of the shared emulator. */
async function project(specs: Record<string, string>, extra: { project?: string } = {}) {
  const appId = `app${++appCounter}`;
  const dir = await makeProject({ endpoint: emulator.address, appId, specs, ...extra });
  const cli = (...args: string[]) => runCli(args, { cwd: dir });
  return { dir, appId, cli };
}

describe('plan and apply against the emulator', { timeout: 120_000 }, () => {
  it('applies, then plans no changes and writes nothing, although the server reordered and filled', async () => {
    const { cli, appId } = await project({ 'vtr.yaml': specYaml('vtr', vtrNodes(), 'Read text') });
    const first = await cli('apply', '-e', 'test', '--auto-approve');
    expect(first.stderr).not.toMatch(/error/);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Plan: 0 to rename, 1 to create, 0 to update, 0 to delete.');
    expect(first.stdout).toContain('Apply complete: applied 1 of 1.');

    const api = await outOfBandClient(emulator.address, appId);
    const live = await api.getWorkflow('vtr');
    await api.close();
    // The server really did reorder nodes and fill its own fields.
    expect(live?.nodes.map((n) => n.id)).not.toEqual([
      'detect-concept',
      'image-crop',
      'image-to-text',
    ]);
    expect(live?.created_at).toBeTruthy();
    expect(live?.nodes[0]?.model.name).toBeTruthy();
    expect(live?.metadata?.['vtr-wf']).toMatchObject({ project: 'test-project' });

    const plan = await cli('plan', '-e', 'test', '--detailed-exitcode');
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('No changes. 1 workflow up to date.');

    emulator.faults.clear();
    const second = await cli('apply', '-e', 'test', '--auto-approve');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('applied 0 of 0');
    expect(writeCalls(emulator.faults.calls)).toBe(0);
  });

  it('shows an out-of-band version bump naming the node and both versions, and repairs it in place', async () => {
    const { cli, appId, dir } = await project({ 'vtr.yaml': specYaml('vtr') });
    expect((await cli('apply', '-e', 'test', '--auto-approve')).code).toBe(0);

    const api = await outOfBandClient(emulator.address, appId);
    const live = (await api.getWorkflow('vtr'))!;
    const node = live.nodes.find((n) => n.id === 'image-to-text')!;
    node.model = { id: RECOGNIZER.id, model_version: { id: NEXT_RECOGNIZER_VERSION } };
    await api.patchWorkflows(
      [{ id: 'vtr', nodes: live.nodes, metadata: live.metadata }],
      'overwrite',
    );

    const plan = await cli('plan', '-e', 'test', '--detailed-exitcode');
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stdout).toContain('Plan: 0 to rename, 0 to create, 1 to update, 0 to delete.');
    expect(plan.stdout).toContain('image-to-text');
    expect(plan.stdout).toContain(NEXT_RECOGNIZER_VERSION);
    expect(plan.stdout).toContain(RECOGNIZER.version);

    emulator.faults.clear();
    const apply = await cli('apply', '-e', 'test', '--auto-approve', '--format', 'json');
    expect(apply.code, apply.stderr).toBe(0);
    expect(JSON.parse(apply.stdout)).toEqual({
      applied: [{ id: 'vtr', action: 'update', version: expect.stringMatching(/^[0-9a-f]{32}$/) }],
      failed: [],
      not_attempted: [],
      summary: { planned: 1, applied: 1, failed: 0, not_attempted: 0 },
    });
    const calls = emulator.faults.calls;
    expect(calls.PatchWorkflows).toBe(1);
    // The lease is the only PostWorkflows and DeleteWorkflows.
    expect(calls.PostWorkflows).toBe(1);
    expect(calls.DeleteWorkflows).toBe(1);
    const repaired = (await api.getWorkflow('vtr'))!;
    expect(repaired.nodes.find((n) => n.id === 'image-to-text')?.model.model_version?.id).toBe(
      RECOGNIZER.version,
    );
    await api.close();
    expect((await cli('plan', '-e', 'test', '--detailed-exitcode')).code).toBe(0);

    // The overwritten version was backed up first, exactly as it was live.
    const backups = await readdir(join(dir, '.vtr-wf/backups/test'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^vtr\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z\.json$/);
    const saved = JSON.parse(
      await readFile(join(dir, '.vtr-wf/backups/test', backups[0]!), 'utf8'),
    );
    expect(
      saved.nodes.find((n: { id: string }) => n.id === 'image-to-text').model.model_version.id,
    ).toBe(NEXT_RECOGNIZER_VERSION);
  });

  it('removes a node dropped from the spec from the live workflow', async () => {
    const { cli, appId, dir } = await project({ 'vtr.yaml': specYaml('vtr') });
    expect((await cli('apply', '-e', 'test', '--auto-approve')).code).toBe(0);
    await writeSpecs(dir, { 'vtr.yaml': specYaml('vtr', vtrNodes().slice(0, 2)) });
    const plan = await cli('plan', '-e', 'test');
    expect(plan.stdout).toContain('/nodes/image-to-text');
    expect((await cli('apply', '-e', 'test', '--auto-approve')).code).toBe(0);
    const api = await outOfBandClient(emulator.address, appId);
    expect((await api.getWorkflow('vtr'))?.nodes.map((n) => n.id).sort()).toEqual([
      'detect-concept',
      'image-crop',
    ]);
    await api.close();
  });

  it('never changes or deletes a hand-made workflow, and a spec with its id is an unmanaged conflict', async () => {
    const { cli, appId, dir } = await project({ 'vtr.yaml': specYaml('vtr') });
    const api = await outOfBandClient(emulator.address, appId);
    await api.postWorkflows([handMadeWorkflow('legacy', { team: 'ocr' })]);
    const before = await api.getWorkflow('legacy');

    const pruned = await cli('apply', '-e', 'test', '--auto-approve', '--prune');
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stdout).toContain('Plan: 0 to rename, 1 to create, 0 to update, 0 to delete.');
    expect(await api.getWorkflow('legacy')).toEqual(before);

    await writeSpecs(dir, { 'vtr.yaml': specYaml('vtr'), 'legacy.yaml': specYaml('legacy') });
    emulator.faults.clear();
    const conflict = await cli('apply', '-e', 'test', '--auto-approve', '--prune');
    expect(conflict.code, conflict.stderr).toBe(1);
    expect(conflict.stderr).toMatch(/workflows\/legacy\.yaml:1:\d+: error unmanaged-conflict/);
    expect(conflict.stderr).toContain('vtr-wf export -e test legacy --out workflows/');
    expect(conflict.stderr).toContain('vtr-wf apply -e test --adopt legacy');
    expect(writeCalls(emulator.faults.calls)).toBe(0);
    const plan = await cli('plan', '-e', 'test');
    expect(plan.code, plan.stderr).toBe(1);
    expect(plan.stderr).toContain('unmanaged-conflict');
    expect(await api.getWorkflow('legacy')).toEqual(before);
    await api.close();
  });

  it('adopts a hand-made workflow: the mark and nothing else', async () => {
    const { cli, appId, dir } = await project({});
    const api = await outOfBandClient(emulator.address, appId);
    await api.postWorkflows([
      handMadeWorkflow('legacy', { team: 'ocr', nested: { n: [1, true, null] } }),
    ]);
    const before = (await api.getWorkflow('legacy'))!;

    // The documented way in: export the live workflow as a spec, then adopt it.
    const exported = await cli('export', '-e', 'test', 'legacy', '--out', 'workflows/');
    expect(exported.code, exported.stderr).toBe(0);
    expect(await readFile(join(dir, 'workflows/legacy.yaml'), 'utf8')).toContain('id: legacy');
    const plan = await cli('plan', '-e', 'test', '--adopt', 'legacy');
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('Plan: 0 to rename, 0 to create, 1 to update, 0 to delete.');
    expect(plan.stdout).toContain('adopt');

    emulator.faults.clear();
    const adopt = await cli('apply', '-e', 'test', '--auto-approve', '--adopt', 'legacy');
    expect(adopt.code, adopt.stderr).toBe(0);
    expect(adopt.stdout).toContain('Apply complete: applied 1 of 1.');
    expect(emulator.faults.calls.PatchWorkflows).toBe(1);
    const after = (await api.getWorkflow('legacy'))!;
    expect(after.metadata).toMatchObject({
      team: 'ocr',
      nested: { n: [1, true, null] },
      'vtr-wf': { project: 'test-project' },
    });
    const { normaliseLive } = await import('../src/plan/normalise.js');
    expect(normaliseLive(after).workflow).toEqual(normaliseLive(before).workflow);
    expect((await cli('plan', '-e', 'test', '--detailed-exitcode')).code).toBe(0);
    await api.close();
  });

  it('deletes a managed workflow dropped from the specs only with --prune, and never another project’s', async () => {
    const { cli, appId, dir } = await project({
      'a.yaml': specYaml('keep'),
      'b.yaml': specYaml('dropped'),
    });
    expect((await cli('apply', '-e', 'test', '--auto-approve')).code).toBe(0);
    const api = await outOfBandClient(emulator.address, appId);
    await api.postWorkflows([
      handMadeWorkflow('theirs', { 'vtr-wf': { project: 'other-project', spec_hash: 'x' } }),
    ]);

    await writeSpecs(dir, { 'a.yaml': specYaml('keep') });
    const plain = await cli('plan', '-e', 'test', '--detailed-exitcode');
    expect(plain.code, plain.stderr).toBe(0);
    expect((await cli('apply', '-e', 'test', '--auto-approve')).stdout).toContain('applied 0 of 0');
    expect(await api.getWorkflow('dropped')).not.toBeNull();

    const plan = await cli('plan', '-e', 'test', '--prune', '--format', 'json');
    expect(JSON.parse(plan.stdout).changes).toMatchObject([{ action: 'delete', id: 'dropped' }]);
    const pruned = await cli('apply', '-e', 'test', '--auto-approve', '--prune');
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stdout).toContain('Apply complete: applied 1 of 1.');
    expect(await api.getWorkflow('dropped')).toBeNull();
    expect(await api.getWorkflow('theirs')).not.toBeNull();
    expect(await api.getWorkflow('keep')).not.toBeNull();
    const backups = await readdir(join(dir, '.vtr-wf/backups/test'));
    expect(backups.filter((f) => f.startsWith('dropped.'))).toHaveLength(1);
    // The lease never shows up, even when pruning.
    expect((await api.listWorkflows()).map((w) => w.id).sort()).toEqual(['keep', 'theirs']);
    await api.close();
  });

  it('refuses a saved plan made stale by another client, writing nothing and naming the drifted ids', async () => {
    const { cli, appId, dir } = await project({
      'a.yaml': specYaml('one'),
      'b.yaml': specYaml('two'),
    });
    expect((await cli('apply', '-e', 'test', '--auto-approve')).code).toBe(0);
    await writeSpecs(dir, {
      'a.yaml': specYaml('one', vtrNodes(), 'changed'),
      'b.yaml': specYaml('two', vtrNodes(), 'changed'),
      'c.yaml': specYaml('three'),
    });
    const saved = await cli('plan', '-e', 'test', '--out', 'plan.json');
    expect(saved.code, saved.stderr).toBe(0);
    const planJson = await readFile(join(dir, 'plan.json'), 'utf8');
    expect(planJson).toBe((await cli('plan', '-e', 'test', '--format', 'json')).stdout);

    const api = await outOfBandClient(emulator.address, appId);
    const two = (await api.getWorkflow('two'))!;
    await api.patchWorkflows([{ ...two, description: 'someone else' }], 'overwrite');
    await api.postWorkflows([handMadeWorkflow('three')]);

    emulator.faults.clear();
    const stale = await cli('apply', 'plan.json');
    expect(stale.code, stale.stderr).toBe(1);
    expect(stale.stderr).toMatch(/stale/);
    expect(stale.stderr).toContain('three');
    expect(stale.stderr).toContain('two');
    expect(stale.stderr).not.toMatch(/\bone\b.*changed since/);
    expect(writeCalls(emulator.faults.calls)).toBe(0);
    expect((await api.getWorkflow('one'))?.description).toBe('');
    await api.close();
  });

  it('applies a fresh saved plan exactly, without --auto-approve, and refuses another environment', async () => {
    const { cli, dir } = await project({ 'a.yaml': specYaml('one') });
    expect((await cli('plan', '-e', 'test', '--out', 'out/plan.json')).code).toBe(0);
    // The specs change after planning: the saved plan, not the specs, is applied.
    await writeSpecs(dir, { 'a.yaml': specYaml('one'), 'b.yaml': specYaml('two') });
    const wrongEnv = await cli('apply', 'out/plan.json', '-e', 'local');
    expect(wrongEnv.code, wrongEnv.stderr).toBe(1);
    expect(wrongEnv.stderr).toMatch(/made for environment `test`, not `local`/);
    const apply = await cli('apply', 'out/plan.json');
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('Apply complete: applied 1 of 1.');
    expect((await cli('plan', '-e', 'test', '--format', 'json')).stdout).toMatch(/"create": 1/);
  });

  it('needs --auto-approve or a plan file off a terminal', async () => {
    const { cli } = await project({ 'a.yaml': specYaml('one') });
    emulator.faults.clear();
    const result = await cli('apply', '-e', 'test');
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/--auto-approve/);
    expect(Object.keys(emulator.faults.calls)).toHaveLength(0);
  });

  it('reports a model version the app does not have at plan time, naming workflow, node, model and version', async () => {
    const { cli } = await project({
      'a.yaml': specYaml(
        'one',
        vtrNodes({ id: RECOGNIZER.id, version: 'ffffffffffffffffffffffffffffffff' }),
      ),
    });
    emulator.faults.clear();
    const result = await cli('apply', '-e', 'test', '--auto-approve');
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(
      /workflows\/a\.yaml:\d+:\d+: error model-version-not-found .*`one`.*`image-to-text`.*9fe78b4150a52794f86f237770141b33.*ffffffffffffffffffffffffffffffff/,
    );
    expect(writeCalls(emulator.faults.calls)).toBe(0);
  });
});
