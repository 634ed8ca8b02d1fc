import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  atomicFileQueue,
  QueueStoppedError,
  writeFileAtomic,
  writeFilesAtomic,
} from './write-file-atomic.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vtr-wf-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const files = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    path: join(dir, `${prefix}${i}.json`),
    text: `${prefix}${i}\n`,
  }));

describe('atomic file queue', () => {
  it('writes every file of a group before the group resolves, groups in the order added', async () => {
    const queue = atomicFileQueue();
    const done: string[] = [];
    const groups = ['a', 'b', 'c', 'd'].map((name) =>
      queue.add(files(name, 40)).then(() => done.push(name)),
    );
    await Promise.all(groups);
    // Files start in queue order, so no group can finish before an earlier one has started
    // all its files; with equal groups they finish in order.
    expect(done).toEqual(['a', 'b', 'c', 'd']);
    const names = await readdir(dir);
    expect(names).toHaveLength(160);
    expect(names.some((n) => n.endsWith('.tmp'))).toBe(false);
    expect(await readFile(join(dir, 'c7.json'), 'utf8')).toBe('c7\n');
  });

  it('rejects only the group whose file failed', async () => {
    const queue = atomicFileQueue();
    const bad = [{ path: join(dir, 'missing-folder', 'x.json'), text: 'x' }, ...files('e', 3)];
    const [first, second] = await Promise.allSettled([queue.add(bad), queue.add(files('f', 3))]);
    expect(first.status).toBe('rejected');
    expect(second.status).toBe('fulfilled');
  });

  it('on stop, drops what has not started and waits for what has', async () => {
    const queue = atomicFileQueue();
    const early = queue.add(files('g', 64));
    // 32 of its files start at once; the rest are dropped with the later group.
    early.catch(() => undefined);
    const late = queue.add(files('h', 64));
    late.catch(() => undefined);
    await queue.stop();
    await expect(late).rejects.toBeInstanceOf(QueueStoppedError);
    // Nothing is left half written: every name is a whole file, no temp file remains.
    const names = await readdir(dir);
    expect(names.some((n) => n.endsWith('.tmp'))).toBe(false);
    for (const name of names)
      expect(await readFile(join(dir, name), 'utf8')).toBe(`${name.slice(0, -5)}\n`);
    await expect(queue.add(files('i', 1))).rejects.toBeInstanceOf(QueueStoppedError);
    await early.catch(() => undefined);
  });

  it('writeFilesAtomic writes a group at once', async () => {
    await writeFilesAtomic(files('j', 5), { mode: 0o600 });
    expect((await readdir(dir)).sort()).toEqual([
      'j0.json',
      'j1.json',
      'j2.json',
      'j3.json',
      'j4.json',
    ]);
  });
});

describe('writeFileAtomic, not durable (caches)', () => {
  it('still replaces the file whole and leaves no temp file', async () => {
    const target = join(dir, 'cache.json');
    await writeFileAtomic(target, 'old', { durable: false });
    await writeFileAtomic(target, 'new', { durable: false });
    expect(await readFile(target, 'utf8')).toBe('new');
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
