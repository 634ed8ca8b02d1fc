/**
 * One state file, several emulators (every `vtr-wf -e local` run has its own
 * in-process emulator): they see each other's writes, and a PostWorkflows
 * race has exactly one winner — the apply lease depends on it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import { VTR_MODELS } from '../src/vtr-models.js';
import { officialClient, type Message, type OfficialClient } from './helpers/official-client.js';

const detector = VTR_MODELS[0] as (typeof VTR_MODELS)[number];
const app = { user_id: 'local', app_id: 'shared' };
const dir = mkdtempSync(path.join(tmpdir(), 'vtr-wf-shared-state-'));
const opened: { emulator: RunningEmulator; client: OfficialClient }[] = [];

afterAll(async () => {
  for (const { emulator, client } of opened) {
    client.close();
    await emulator.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

async function open(statePath: string) {
  const emulator = await startEmulator({ statePath });
  const client = officialClient(emulator.address);
  opened.push({ emulator, client });
  return client;
}

const lease = (id: string, holder: string): Message => ({
  id,
  metadata: { fields: { holder: { stringValue: holder } } },
  nodes: [{ id: 'n', model: { id: detector.id, model_version: { id: detector.version } } }],
});

it('sees the other emulator’s writes and lets only one of them create an id', async () => {
  const state = path.join(dir, 'one.json');
  const a = await open(state);
  const b = await open(state);
  expect(
    (await a.call('PostWorkflows', { user_app_id: app, workflows: [lease('first', 'a')] })).status
      .code,
  ).toBe(10000);
  const seen = await b.call('GetWorkflow', { user_app_id: app, workflow_id: 'first' });
  expect(seen.workflow.metadata.fields.holder.stringValue).toBe('a');
  expect(
    (await b.call('PostWorkflows', { user_app_id: app, workflows: [lease('first', 'b')] })).status
      .code,
  ).toBe(22100);

  // A race of 20 creates of one id through both: exactly one winner.
  const attempts = Array.from({ length: 20 }, (_, i) =>
    (i % 2 ? a : b).call('PostWorkflows', {
      user_app_id: app,
      workflows: [lease('vtr-wf-lock-p', `holder-${i}`)],
    }),
  );
  const codes = (await Promise.all(attempts)).map((r) => r.status.code);
  expect(codes.filter((c) => c === 10000)).toHaveLength(1);
  expect(codes.filter((c) => c === 22100)).toHaveLength(19);

  // Deletes travel too.
  expect((await b.call('DeleteWorkflows', { user_app_id: app, ids: ['first'] })).status.code).toBe(
    10000,
  );
  expect(
    (await a.call('GetWorkflow', { user_app_id: app, workflow_id: 'first' })).status.code,
  ).toBe(22102);
  expect(existsSync(`${state}.lock`)).toBe(false);
});

it('takes over a lock left by a process that died', async () => {
  const state = path.join(dir, 'stale.json');
  // A pid that surely belongs to no live process: one that just exited.
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  writeFileSync(`${state}.lock`, `${dead.stdout} 2020-01-01T00:00:00.000Z\n`);
  const client = await open(state);
  const r = await client.call('PostWorkflows', {
    user_app_id: app,
    workflows: [lease('after-crash', 'x')],
  });
  expect(r.status.code).toBe(10000);
  expect(existsSync(`${state}.lock`)).toBe(false);
});
