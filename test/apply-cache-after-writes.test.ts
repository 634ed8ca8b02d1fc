/**
 * apply writes the parsed-spec cache once its writes are out (issue 16): the
 * cache's own file work is off the path from the specs to the first write.
 * As each write request arrives at the emulator, the cache must still be the
 * previous run's; once apply is done, it holds the specs as edited. The built
 * CLI, real files, real gRPC.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import { SPEC_CACHE_PATH } from '../src/spec/spec-cache.js';
import { makeProject, runCli, specYaml, vtrNodes } from './helpers/cli.js';

let emulator: RunningEmulator;
let cachePath = '';
/** For each write request as it arrived: the spec hashes the cache held then. */
const cachedAtWrites: string[][] = [];

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function cachedHashes(): string[] {
  const text = readFileSync(cachePath, 'utf8');
  return Object.keys(JSON.parse(text.slice(text.indexOf('\n') + 1)) as object).sort();
}

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    onRequest: (method, request) => {
      if (!cachePath || method !== 'PatchWorkflows') return;
      const ids = (request.workflows as { id: string }[]).map((w) => w.id);
      if (ids.some((id) => id.startsWith('cached-'))) cachedAtWrites.push(cachedHashes());
    },
  });
});
afterAll(async () => {
  await emulator?.close();
});

describe('the spec cache of an apply', { timeout: 120_000 }, () => {
  it('is written after the writes, and then holds the specs as edited', async () => {
    const id = (i: number) => `cached-${i}`;
    const text = (i: number, round: string) => specYaml(id(i), vtrNodes(), round);
    const count = 60; // two write batches
    const specs = Object.fromEntries(
      Array.from({ length: count }, (_, i) => [`${id(i)}.yaml`, text(i, 'v1')]),
    );
    const dir = await makeProject({ endpoint: emulator.address, appId: 'cache-order', specs });
    const cli = (...args: string[]) => runCli(args, { cwd: dir });
    const seeded = await cli('apply', '-e', 'test', '--auto-approve');
    expect(seeded.code, seeded.stderr).toBe(0);
    cachePath = join(dir, SPEC_CACHE_PATH);
    const before = cachedHashes();
    expect(before).toEqual(Array.from({ length: count }, (_, i) => sha256(text(i, 'v1'))).sort());

    for (let i = 0; i < count; i++)
      await writeFile(join(dir, 'workflows', `${id(i)}.yaml`), text(i, 'v2'));
    const applied = await cli('apply', '-e', 'test', '--auto-approve');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`applied ${count} of ${count}`);

    expect(cachedAtWrites.length).toBeGreaterThanOrEqual(2);
    for (const held of cachedAtWrites) expect(held).toEqual(before);
    expect(cachedHashes()).toEqual(
      Array.from({ length: count }, (_, i) => sha256(text(i, 'v2'))).sort(),
    );
  });
});
