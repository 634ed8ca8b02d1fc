/**
 * A saved plan has the key replaced by [REDACTED] wherever it sat inside data
 * (issue 14). Applying such a file would write the marker over the real value:
 * live metadata and fields the plan keeps, or the spec's own text. `apply
 * PLANFILE` refuses it before any call — the built CLI against the emulator.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import {
  handMadeWorkflow,
  makeProject,
  outOfBandClient,
  runCli,
  specYaml,
  TEST_PAT,
  vtrNodes,
  writeCalls,
} from './helpers/cli.js';

let emulator: RunningEmulator;
let appCounter = 0;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator?.close();
});

const NO_STACK = /\n\s+at .+:\d+:\d+/;

async function project(specs: Record<string, string>) {
  const appId = `redacted-plan${++appCounter}`;
  const dir = await makeProject({ endpoint: emulator.address, appId, specs });
  const cli = (...args: string[]) => runCli(args, { cwd: dir });
  const api = await outOfBandClient(emulator.address, appId);
  return { dir, cli, api };
}

describe('apply PLANFILE never writes [REDACTED] back', { timeout: 120_000 }, () => {
  it('refuses a plan that keeps live metadata holding the key, writing nothing', async () => {
    const { dir, cli, api } = await project({ 'vtr.yaml': specYaml('vtr', vtrNodes(), 'new') });
    // Managed by this project; someone put the key into its metadata by hand.
    await api.postWorkflows([
      handMadeWorkflow('vtr', {
        'vtr-wf': { project: 'test-project', spec_hash: 'x' },
        owner_note: `ci key ${TEST_PAT}`,
      }),
    ]);
    const before = await api.getWorkflow('vtr');

    const saved = await cli('plan', '-e', 'test', '--out', 'plan.json');
    expect(saved.code, saved.stderr).toBe(0);
    const text = await readFile(join(dir, 'plan.json'), 'utf8');
    expect(text).not.toContain(TEST_PAT);
    expect(text).toContain('ci key [REDACTED]');
    expect(saved.stderr).toContain(
      'warning: plan.json holds [REDACTED] at /changes/0/metadata/owner_note in place of the key',
    );

    emulator.faults.clear();
    const applied = await cli('apply', 'plan.json');
    expect(applied.code, applied.stderr).toBe(1);
    expect(applied.stderr).toContain(
      'refusing to apply plan.json: it holds [REDACTED] at /changes/0/metadata/owner_note',
    );
    expect(applied.stderr).toContain('nothing was written');
    expect(applied.stderr).not.toMatch(NO_STACK);
    expect(writeCalls(emulator.faults.calls)).toBe(0);
    expect(emulator.faults.calls.ListWorkflows ?? 0).toBe(0);
    expect(await api.getWorkflow('vtr')).toEqual(before);

    // Applied from the specs, nothing was hidden: the live metadata keeps its value.
    const fresh = await cli('apply', '-e', 'test', '--auto-approve');
    expect(fresh.code, fresh.stderr).toBe(0);
    expect((await api.getWorkflow('vtr'))?.metadata?.owner_note).toBe(`ci key ${TEST_PAT}`);
    await api.close();
  });

  it('refuses a plan made from a spec that holds the key', async () => {
    const { cli, api } = await project({
      'vtr.yaml': specYaml('vtr', vtrNodes(), `call with ${TEST_PAT}`),
    });
    const saved = await cli('plan', '-e', 'test', '--out', 'plan.json');
    expect(saved.code, saved.stderr).toBe(0);
    emulator.faults.clear();
    const applied = await cli('apply', 'plan.json');
    expect(applied.code, applied.stderr).toBe(1);
    expect(applied.stderr).toContain('at /changes/0/workflow/description');
    expect(writeCalls(emulator.faults.calls)).toBe(0);
    expect(await api.getWorkflow('vtr')).toBeNull();
    await api.close();
  });
});
