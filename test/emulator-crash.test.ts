/**
 * Durability: `vtr-wf emulator --state` is killed with SIGKILL in the middle
 * of a burst of writes and restarted on the same file. It must start, and
 * every write it acknowledged must be there.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { VTR_MODELS } from '../src/vtr-models.js';
import { mustStartEmulator } from './helpers/emulator-process.js';
import { officialClient, type Message } from './helpers/official-client.js';

const detector = VTR_MODELS[0] as (typeof VTR_MODELS)[number];
const app = { user_id: 'local', app_id: 'crash' };
const MAX_CALLS = 400; // the burst is bounded in count...
const BURST_DEADLINE_MS = 30_000; // ...and in time
const CONCURRENCY = 8;
const KILL_AFTER_ACKS = 60;

const dir = mkdtempSync(path.join(tmpdir(), 'vtr-wf-emulator-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('keeps every acknowledged write across a SIGKILL mid-burst', async () => {
  const state = path.join(dir, 'state', 'emulator.json');
  const emulator = await mustStartEmulator(['--port', '0', '--state', state], { cwd: dir });
  const client = officialClient(emulator.address, { deadlineMs: 5000 });
  const acknowledged: string[] = [];
  let sent = 0;
  let killed = false;
  const burstEnds = Date.now() + BURST_DEADLINE_MS;

  const worker = async () => {
    while (!killed && sent < MAX_CALLS && Date.now() < burstEnds) {
      const id = `burst-${String(sent++).padStart(4, '0')}`;
      try {
        const r = await client.call('PostWorkflows', {
          user_app_id: app,
          workflows: [
            {
              id,
              metadata: { fields: { n: { stringValue: id } } },
              nodes: [
                { id: 'n', model: { id: detector.id, model_version: { id: detector.version } } },
              ],
            },
          ],
        });
        if (r.status.code === 10000) acknowledged.push(id);
      } catch {
        // The emulator is gone: this write was never acknowledged.
      }
      if (!killed && acknowledged.length >= KILL_AFTER_ACKS) {
        killed = true;
        emulator.child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  client.close();
  expect(killed).toBe(true);
  expect(await emulator.exited).toEqual({ code: null, signal: 'SIGKILL' });
  expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

  // The file is whole JSON in our format whatever moment the kill hit.
  expect(JSON.parse(readFileSync(state, 'utf8'))).toMatchObject({
    format: 'vtr-wf-emulator-state',
    version: 2,
  });

  const restarted = await mustStartEmulator(['--port', '0', '--state', state], { cwd: dir });
  const after = officialClient(restarted.address);
  try {
    const r = await after.call('ListWorkflows', { user_app_id: app, per_page: 1000 });
    expect(r.status.code).toBe(10000);
    const present = new Set<string>(r.workflows.map((w: Message) => w.id as string));
    expect(acknowledged.filter((id) => !present.has(id))).toEqual([]);
    // Nothing invented: whatever is there was sent.
    expect([...present].every((id) => /^burst-\d{4}$/.test(id) && Number(id.slice(6)) < sent)).toBe(
      true,
    );
    const sample = r.workflows.find((w: Message) => w.id === acknowledged[0]);
    expect(sample.metadata.fields.n.stringValue).toBe(acknowledged[0]);
  } finally {
    after.close();
    await restarted.stop();
  }
});
