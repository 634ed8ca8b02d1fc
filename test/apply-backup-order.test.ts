/**
 * The contract: before a workflow is overwritten or deleted, its backup is on
 * disk. Backups are now written batch by batch while earlier batches are on
 * the wire (issue 16), so this checks the order where it matters — as each
 * write request ARRIVES at the emulator, the backup file of every workflow in
 * it must already be in place, whole, under its final name (it is renamed
 * there only after its fsync). The built CLI, real files, real gRPC.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import { makeProject, runCli, specYaml, vtrNodes } from './helpers/cli.js';

let emulator: RunningEmulator;
let backupsDir = '';
/** Per write request as it arrived: ids without a whole backup file at that moment. */
const arrivals: { method: string; ids: string[]; missing: string[] }[] = [];

/** Ids with a complete backup file (`<id>.<timestamp>.json` holding that workflow). */
function backedUp(): Set<string> {
  let names: string[];
  try {
    names = readdirSync(backupsDir);
  } catch {
    return new Set();
  }
  const ids = new Set<string>();
  for (const name of names) {
    if (!name.endsWith('.json')) continue; // temp files end in .tmp
    const body = JSON.parse(readFileSync(join(backupsDir, name), 'utf8')) as { id: string };
    ids.add(body.id);
  }
  return ids;
}

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    onRequest: (method, request) => {
      if (!backupsDir) return;
      const sent =
        method === 'PatchWorkflows'
          ? (request.workflows as { id: string }[]).map((w) => w.id)
          : method === 'DeleteWorkflows'
            ? (request.ids as string[])
            : [];
      const ids = sent.filter((i) => i.startsWith('order-')); // not the lease
      if (ids.length === 0) return;
      const present = backedUp();
      arrivals.push({ method, ids, missing: ids.filter((id) => !present.has(id)) });
    },
  });
});
afterAll(async () => {
  await emulator?.close();
});

describe('backups before writes', { timeout: 180_000 }, () => {
  it('every workflow in an update or delete call has its backup on disk when the call arrives', async () => {
    const count = 130;
    const id = (i: number) => `order-${String(i).padStart(3, '0')}`;
    const specs = Object.fromEntries(
      Array.from({ length: count }, (_, i) => [`${id(i)}.yaml`, specYaml(id(i), vtrNodes(), 'v1')]),
    );
    const dir = await makeProject({ endpoint: emulator.address, appId: 'order', specs });
    const cli = (...args: string[]) => runCli(args, { cwd: dir, timeoutMs: 150_000 });
    const seeded = await cli('apply', '-e', 'test', '--auto-approve');
    expect(seeded.code, seeded.stderr).toBe(0);

    // 110 updates (3 batches) and 20 deletions.
    for (let i = 0; i < count; i++) {
      const file = join(dir, 'workflows', `${id(i)}.yaml`);
      if (i < 110) await writeFile(file, specYaml(id(i), vtrNodes(), 'v2'));
      else await rm(file);
    }
    backupsDir = join(dir, '.vtr-wf', 'backups', 'test');
    emulator.faults.setLatency(20);
    const applied = await cli('apply', '-e', 'test', '--auto-approve', '--prune');
    emulator.faults.setLatency(0);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toContain('applied 130 of 130');

    const written = arrivals.flatMap((a) => a.ids);
    expect(written).toHaveLength(130);
    expect(arrivals.filter((a) => a.method === 'PatchWorkflows')).toHaveLength(3);
    expect(arrivals.flatMap((a) => a.missing)).toEqual([]);
    // One backup file per workflow overwritten or deleted.
    expect(readdirSync(backupsDir).filter((n) => n.endsWith('.json'))).toHaveLength(130);
    expect(readdirSync(backupsDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
