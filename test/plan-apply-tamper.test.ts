/**
 * An edited plan file is as hostile as any input (issue 14, item 4): the
 * built CLI applies a tampered `plan --out` file against the emulator over
 * real gRPC. A change may touch only what a fresh plan could — this
 * project's marked workflows, ids that are free, unmarked ones only where the
 * plan recorded --adopt — and the summary shown is counted from the changes.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import { liveFingerprint } from '../src/plan/fingerprint.js';
import type { Plan } from '../src/plan/types.js';
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

let emulator: RunningEmulator;
let appCounter = 0;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator?.close();
});

/**
 * A managed `vtr` (applied), an unmarked hand-made `legacy` beside it, and a
 * saved plan (plan.json) that updates `vtr`'s description.
 */
async function scene() {
  const appId = `tamper${++appCounter}`;
  const dir = await makeProject({
    endpoint: emulator.address,
    appId,
    specs: { 'vtr.yaml': specYaml('vtr') },
  });
  const cli = (...args: string[]) => runCli(args, { cwd: dir });
  expect((await cli('apply', '-e', 'test', '--auto-approve')).code).toBe(0);
  const api = await outOfBandClient(emulator.address, appId);
  await api.postWorkflows([handMadeWorkflow('legacy', { team: 'ocr' })]);
  const legacy = (await api.getWorkflow('legacy'))!;
  await writeSpecs(dir, { 'vtr.yaml': specYaml('vtr', vtrNodes(), 'changed') });
  const saved = await cli('plan', '-e', 'test', '--out', 'plan.json');
  expect(saved.code, saved.stderr).toBe(0);
  const plan = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8')) as Plan;
  expect(plan.changes).toMatchObject([{ action: 'update', id: 'vtr' }]);
  const save = (edited: unknown) => writeFile(join(dir, 'plan.json'), JSON.stringify(edited));
  emulator.faults.clear();
  return { dir, cli, api, legacy, plan, save };
}

const NO_STACK = /\n\s+at .+:\d+:\d+/;

describe(
  'apply PLANFILE holds an edited plan to the rules of a fresh one',
  { timeout: 120_000 },
  () => {
    it('refuses a change retargeted onto an unmarked workflow, writing nothing', async () => {
      const { cli, api, legacy, plan, save } = await scene();
      const change = plan.changes[0]!;

      // Only the workflow's id edited: the reader refuses the inconsistent change.
      await save({
        ...plan,
        changes: [{ ...change, workflow: { ...change.workflow, id: 'legacy' } }],
      });
      const halfEdited = await cli('apply', 'plan.json');
      expect(halfEdited.code, halfEdited.stderr).toBe(1);
      expect(halfEdited.stderr).toContain('/changes/0/workflow/id');
      expect(halfEdited.stderr).not.toMatch(NO_STACK);

      // Every id and the fingerprint edited consistently: the live target is not ours.
      const { vtr: _vtr, ...fingerprints } = plan.fingerprints;
      await save({
        ...plan,
        changes: [
          {
            ...change,
            id: 'legacy',
            workflow: { ...change.workflow, id: 'legacy' },
            before: { ...change.before, id: 'legacy' },
          },
        ],
        fingerprints: { ...fingerprints, legacy: liveFingerprint(legacy) },
      });
      const retargeted = await cli('apply', 'plan.json');
      expect(retargeted.code, retargeted.stderr).toBe(1);
      expect(retargeted.stderr).toMatch(/refusing the plan.*\(legacy\); nothing was written/);
      expect(retargeted.stderr).toContain('`legacy` has no vtr-wf mark');
      expect(retargeted.stderr).not.toMatch(NO_STACK);

      expect(writeCalls(emulator.faults.calls)).toBe(0);
      expect(await api.getWorkflow('legacy')).toEqual(legacy);
      await api.close();
    });

    it('refuses a hand-added "adopt": true unless apply confirms it with --adopt', async () => {
      const { dir, cli, api, legacy, plan, save } = await scene();
      // A spec for `legacy` (what adopting needs), then a plain plan: it refuses the unmarked id.
      await writeSpecs(dir, {
        'vtr.yaml': specYaml('vtr', vtrNodes(), 'changed'),
        'legacy.yaml': specYaml('legacy', vtrNodes(), 'taken over'),
      });
      const change = plan.changes[0]!;
      const { vtr: _vtr, ...fingerprints } = plan.fingerprints;
      // The file edited as a fresh `plan --adopt legacy` would write it — but by hand.
      await save({
        ...plan,
        changes: [
          {
            ...change,
            id: 'legacy',
            adopt: true,
            workflow: { ...change.workflow, id: 'legacy' },
            before: { ...change.before, id: 'legacy' },
          },
        ],
        fingerprints: { ...fingerprints, legacy: liveFingerprint(legacy) },
      });
      const result = await cli('apply', 'plan.json');
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(
        /refusing to apply plan\.json: it adopts unmarked workflow `legacy`; a plan file is not trusted to adopt on its own — confirm with `--adopt legacy`; nothing was written/,
      );
      expect(result.stderr).not.toMatch(NO_STACK);
      // Confirming another id does not help; nor may apply add an adoption of its own.
      const other = await cli('apply', 'plan.json', '--adopt', 'vtr');
      expect(other.code, other.stderr).toBe(1);
      expect(other.stderr).toContain('confirm with `--adopt legacy`');
      expect(writeCalls(emulator.faults.calls)).toBe(0);
      expect(emulator.faults.calls.GetWorkflow ?? 0).toBe(0);
      expect(await api.getWorkflow('legacy')).toEqual(legacy);
      await api.close();
    });

    it('refuses an added delete of an unmarked workflow, though its fingerprint is right', async () => {
      const { cli, api, legacy, plan, save } = await scene();
      await save({
        ...plan,
        // The lie the issue found: a summary that says nothing is deleted.
        summary: { ...plan.summary, delete: 0 },
        changes: [
          { action: 'delete', id: 'legacy', before: { ...plan.changes[0]!.before, id: 'legacy' } },
          ...plan.changes,
        ],
        fingerprints: { ...plan.fingerprints, legacy: liveFingerprint(legacy) },
      });
      const result = await cli('apply', 'plan.json');
      expect(result.code, result.stderr).toBe(1);
      expect(result.stdout).toContain('1 to delete');
      expect(result.stderr).toMatch(/refusing the plan.*\(legacy\); nothing was written/);
      expect(result.stderr).toContain('vtr-wf deletes only the workflows it manages');
      expect(writeCalls(emulator.faults.calls)).toBe(0);
      expect(await api.getWorkflow('legacy')).toEqual(legacy);
      // The genuine change was not written either: all or nothing.
      expect((await api.getWorkflow('vtr'))?.description).toBe('');
      await api.close();
    });

    it('shows the summary counted from the changes, not the one in the file', async () => {
      const { cli, api, plan, save } = await scene();
      await save({
        ...plan,
        summary: { create: 7, update: 0, delete: 0, rename: 0, unchanged: 0 },
      });
      const result = await cli('apply', 'plan.json');
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('Plan: 0 to rename, 0 to create, 1 to update, 0 to delete.');
      expect(result.stdout).not.toContain('7 to create');
      expect((await api.getWorkflow('vtr'))?.description).toBe('changed');
      await api.close();
    });

    it('refuses a malformed workflow with a clean error naming the JSON pointer', async () => {
      const { cli, api, plan, save } = await scene();
      await save({
        ...plan,
        changes: [{ ...plan.changes[0], workflow: { id: 'vtr', nodes: 'x' } }],
      });
      const result = await cli('apply', 'plan.json');
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(
        /plan\.json is not a valid plan, at \/changes\/0\/workflow\/\w+/,
      );
      expect(result.stderr).not.toMatch(/internal error/i);
      expect(result.stderr).not.toMatch(NO_STACK);
      expect(emulator.faults.calls.GetWorkflow ?? 0).toBe(0);
      expect(writeCalls(emulator.faults.calls)).toBe(0);
      await api.close();
    });

    it('still applies an untouched saved plan, and a saved --adopt plan', async () => {
      const { cli, api } = await scene();
      const result = await cli('apply', 'plan.json');
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('Apply complete: applied 1 of 1.');
      expect((await api.getWorkflow('vtr'))?.description).toBe('changed');

      // Adoption recorded by `plan --adopt` is honoured from the file once apply confirms it.
      expect((await cli('export', '-e', 'test', 'legacy', '--out', 'workflows/')).code).toBe(0);
      const adopt = await cli('plan', '-e', 'test', '--adopt', 'legacy', '--out', 'adopt.json');
      expect(adopt.code, adopt.stderr).toBe(0);
      const unconfirmed = await cli('apply', 'adopt.json');
      expect(unconfirmed.code, unconfirmed.stderr).toBe(1);
      expect(unconfirmed.stderr).toContain('confirm with `--adopt legacy`');
      const adopted = await cli('apply', 'adopt.json', '--adopt', 'legacy');
      expect(adopted.code, adopted.stderr).toBe(0);
      expect(adopted.stdout).toContain('Apply complete: applied 1 of 1.');
      expect((await api.getWorkflow('legacy'))?.metadata).toMatchObject({
        team: 'ocr',
        'vtr-wf': { project: 'test-project' },
      });
      await api.close();
    });
  },
);
