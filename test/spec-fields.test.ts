/**
 * Issue 12 item 4 — workflow fields a spec can write, one `describe` per field:
 * the built CLI against the emulator over real gRPC on loopback. Each field:
 * apply → plan clean; change → plan shows it, apply, plan clean; export →
 * validate → plan clean.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import { makeProject, runCli, specYaml, type CliResult } from './helpers/cli.js';
import { officialClient, type OfficialClient } from './helpers/official-client.js';

let emulator: RunningEmulator;
let client: OfficialClient;
let appCounter = 0;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  client = officialClient(emulator.address);
});
afterAll(async () => {
  client?.close();
  await emulator?.close();
});

/** The VTR spec `vtr` with extra top-level lines (after `id:`). */
function specWith(extra: string): string {
  return specYaml('vtr').replace('id: vtr\n', `id: vtr\n${extra}`);
}

async function project(spec: string) {
  const appId = `fields${++appCounter}`;
  const dir = await makeProject({ endpoint: emulator.address, appId, specs: { 'vtr.yaml': spec } });
  const cli = (...args: string[]) => runCli(args, { cwd: dir });
  const writeSpec = (text: string) => writeFile(join(dir, 'workflows', 'vtr.yaml'), text);
  return { dir, appId, cli, writeSpec };
}

async function expectClean(cli: (...args: string[]) => Promise<CliResult>) {
  const plan = await cli('plan', '-e', 'test', '--detailed-exitcode');
  expect(plan.code, plan.stdout + plan.stderr).toBe(0);
}

async function readLive(appId: string) {
  const got = await client.call('GetWorkflow', {
    user_app_id: { user_id: 'tester', app_id: appId },
    workflow_id: 'vtr',
  });
  expect(got.status.code).toBe(10000);
  return got.workflow;
}

describe("metadata: the user's own keys", { timeout: 60_000 }, () => {
  it('applies, diffs a changed key, keeps live-only keys undiffed, and round-trips through export', async () => {
    const { cli, appId, writeSpec, dir } = await project(
      specWith('metadata:\n  team: ocr\n  owner: { name: vision }\n'),
    );
    const apply = await cli('apply', '-e', 'test', '--auto-approve');
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    await expectClean(cli);
    expect(JSON.stringify((await readLive(appId)).metadata)).toContain('ocr');

    // A key someone else keeps on the live workflow: never diffed, never dropped.
    const patch = await client.call('PatchWorkflows', {
      user_app_id: { user_id: 'tester', app_id: appId },
      action: 'merge',
      workflows: [{ id: 'vtr', metadata: { fields: { billing: { stringValue: 'cc-7' } } } }],
    });
    expect(patch.status.code).toBe(10000);
    await expectClean(cli);

    await writeSpec(specWith('metadata:\n  team: vision\n  owner: { name: vision }\n'));
    const plan = await cli('plan', '-e', 'test', '--detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(2);
    expect(plan.stdout).toContain('/metadata/team');
    expect(plan.stdout).not.toContain('billing');
    const apply2 = await cli('apply', '-e', 'test', '--auto-approve');
    expect(apply2.code, apply2.stdout + apply2.stderr).toBe(0);
    await expectClean(cli);
    const after = JSON.stringify(await readLive(appId));
    expect(after).toContain('cc-7');
    expect(after).toContain('vision');

    const exported = await cli('export', '-e', 'test', '--out', 'exported');
    expect(exported.code, exported.stdout + exported.stderr).toBe(0);
    const text = await readFile(join(dir, 'exported', 'vtr.yaml'), 'utf8');
    expect(text).toMatch(/metadata:/);
    expect(text).toContain('billing');
    expect(text).not.toContain('spec_hash');
    await writeSpec(text);
    const validate = await cli('validate');
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    await expectClean(cli);
  });

  it('refuses the reserved key `vtr-wf` at its file:line:col', async () => {
    const { cli } = await project(specWith('metadata:\n  team: ocr\n  vtr-wf: mine\n'));
    const validate = await cli('validate');
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain('workflows/vtr.yaml:4:11: error metadata-reserved-key');
    const plan = await cli('plan', '-e', 'test');
    expect(plan.code).not.toBe(0);
  });
});

describe('visibility', { timeout: 60_000 }, () => {
  it('applies, diffs a change, writes Visibility.Gettable, and round-trips through export', async () => {
    const { cli, appId, writeSpec, dir } = await project(specWith('visibility: org\n'));
    const apply = await cli('apply', '-e', 'test', '--auto-approve');
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    expect((await readLive(appId)).visibility.gettable).toBe(30);
    await expectClean(cli);

    await writeSpec(specWith('visibility: public\n'));
    const plan = await cli('plan', '-e', 'test', '--detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(2);
    expect(plan.stdout).toContain('/visibility');
    const apply2 = await cli('apply', '-e', 'test', '--auto-approve');
    expect(apply2.code, apply2.stdout + apply2.stderr).toBe(0);
    expect((await readLive(appId)).visibility.gettable).toBe(50);
    await expectClean(cli);

    // Not declared: not managed — the live visibility is kept and not compared.
    await writeSpec(specYaml('vtr'));
    await expectClean(cli);

    const exported = await cli('export', '-e', 'test', '--out', 'exported');
    expect(exported.code, exported.stdout + exported.stderr).toBe(0);
    const text = await readFile(join(dir, 'exported', 'vtr.yaml'), 'utf8');
    expect(text).toMatch(/^visibility: public$/m);
    await writeSpec(text);
    const validate = await cli('validate');
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    await expectClean(cli);
  });

  it('refuses a value outside private | org | public', async () => {
    const { cli } = await project(specWith('visibility: everyone\n'));
    const validate = await cli('validate');
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain('workflows/vtr.yaml:2:13');
  });
});

describe.each(['use_cases', 'check_consents'] as const)('%s', (field) => {
  it(
    'applies, diffs a change, keeps undeclared live ones, clears with [], round-trips through export',
    { timeout: 60_000 },
    async () => {
      const { cli, appId, writeSpec, dir } = await project(specWith(`${field}: [ocr, docs]\n`));
      const apply = await cli('apply', '-e', 'test', '--auto-approve');
      expect(apply.code, apply.stdout + apply.stderr).toBe(0);
      expect((await readLive(appId))[field]).toEqual(['ocr', 'docs']);
      await expectClean(cli);

      await writeSpec(specWith(`${field}: [ocr]\n`));
      const plan = await cli('plan', '-e', 'test', '--detailed-exitcode');
      expect(plan.code, plan.stdout + plan.stderr).toBe(2);
      expect(plan.stdout).toContain(`/${field}`);
      const apply2 = await cli('apply', '-e', 'test', '--auto-approve');
      expect(apply2.code, apply2.stdout + apply2.stderr).toBe(0);
      expect((await readLive(appId))[field]).toEqual(['ocr']);
      await expectClean(cli);

      // Not declared: not managed — kept on writes and not compared.
      await writeSpec(specYaml('vtr', undefined, 'changed'));
      const apply3 = await cli('apply', '-e', 'test', '--auto-approve');
      expect(apply3.code, apply3.stdout + apply3.stderr).toBe(0);
      expect((await readLive(appId))[field]).toEqual(['ocr']);

      const exported = await cli('export', '-e', 'test', '--out', 'exported');
      expect(exported.code, exported.stdout + exported.stderr).toBe(0);
      const text = await readFile(join(dir, 'exported', 'vtr.yaml'), 'utf8');
      expect(text).toContain(field);
      await writeSpec(text);
      const validate = await cli('validate');
      expect(validate.code, validate.stdout + validate.stderr).toBe(0);
      await expectClean(cli);

      await writeSpec(specWith(`${field}: []\n`));
      const apply4 = await cli('apply', '-e', 'test', '--auto-approve');
      expect(apply4.code, apply4.stdout + apply4.stderr).toBe(0);
      expect((await readLive(appId))[field] ?? []).toEqual([]);
      await expectClean(cli);
    },
  );
});
