import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiWorkflow } from '../clarifai/types.js';
import { registerSecret } from '../secrets.js';
import {
  backupDirectory,
  backupPath,
  backupWriter,
  safeFileComponent,
  writeBackups,
} from './backups.js';

describe('backup file names', () => {
  it('keep ordinary ids readable and make hostile ones inert', () => {
    expect(safeFileComponent('visual-text_recognition1')).toBe('visual-text_recognition1');
    expect(safeFileComponent('../x')).toBe('%2E%2E%2Fx');
    expect(safeFileComponent('a\u0000b')).toBe('a%00b');
    expect(safeFileComponent('..')).not.toContain('.');
    expect(safeFileComponent('')).toBe('%');
  });

  it('stay inside the backup folder', () => {
    const dir = backupDirectory('/proj', '../../etc');
    expect(dir).toBe('/proj/.vtr-wf/backups/%2E%2E%2F%2E%2E%2Fetc');
    const when = new Date('2024-05-01T12:30:00.123Z');
    for (const id of ['../../x', '/abs', 'a/../../b', '..', '.', 'ok']) {
      expect(backupPath(dir, id, when).startsWith(dir + '/')).toBe(true);
    }
    expect(backupPath(dir, 'ok', when)).toBe(`${dir}/ok.2024-05-01T12-30-00.123Z.json`);
  });

  it('hold no key, wherever in the workflow it is and however JSON escapes it', async () => {
    const key = 'k"ey\\with-quote-1234';
    registerSecret(key);
    const dir = join(await mkdtemp(join(tmpdir(), 'vtr-wf-backups-')), 'b');
    const [path] = await writeBackups(dir, [
      {
        id: 'w',
        description: `says ${key} twice: ${key}`,
        nodes: [],
        metadata: { [`${key}-as-a-key`]: { deep: [key] } },
      },
    ]);
    const text = await readFile(path as string, 'utf8');
    expect(text).not.toContain(JSON.stringify(key).slice(1, -1));
    expect(text).not.toContain('with-quote-1234');
    expect(JSON.parse(text)).toEqual({
      id: 'w',
      description: 'says [REDACTED] twice: [REDACTED]',
      nodes: [],
      metadata: { '[REDACTED]-as-a-key': { deep: ['[REDACTED]'] } },
    });
  });

  it('are written as the live workflow JSON', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'vtr-wf-backups-')), 'b');
    const paths = await writeBackups(dir, [{ id: '../evil', nodes: [], metadata: { k: 1 } }]);
    expect(await readdir(dir)).toHaveLength(1);
    expect(JSON.parse(await readFile(paths[0] as string, 'utf8'))).toEqual({
      id: '../evil',
      nodes: [],
      metadata: { k: 1 },
    });
  });

  it('run ahead batch by batch, each written once, and stop without leaving work half done', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'vtr-wf-backups-')), 'b');
    const overwritten = new Map(
      Array.from({ length: 6 }, (_, i): [number, ApiWorkflow] => [i, { id: `w${i}`, nodes: [] }]),
    );
    const writer = backupWriter(dir, overwritten);
    writer.runAhead([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    await writer.ensure([2, 3]); // a batch may be reached before the run-ahead gets to it
    await writer.stop();
    const names = await readdir(dir);
    // Stopped after the group it was writing: never a temp file left, never a duplicate.
    expect(names.every((n) => n.endsWith('.json'))).toBe(true);
    expect(new Set(writer.paths).size).toBe(writer.paths.length);
    expect(names).toHaveLength(writer.paths.length);
    await writer.ensure([0, 1, 2, 3, 4, 5]);
    expect((await readdir(dir)).sort()).toEqual(
      [0, 1, 2, 3, 4, 5].map(
        (i) => expect.stringMatching(new RegExp(`^w${i}\\.`)) as unknown as string,
      ),
    );
  });

  it('started from an earlier read, hold the re-read workflow once confirmed', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'vtr-wf-backups-')), 'b');
    const first = new Map<number, ApiWorkflow>([
      [0, { id: 'same', nodes: [], description: 'one' }],
      [1, { id: 'edited', nodes: [], description: 'before' }],
      [2, { id: 'later', nodes: [], description: 'before' }],
      [3, { id: 'gone', nodes: [], description: 'x' }],
    ]);
    const writer = backupWriter(dir, first);
    await writer.ensure([0, 1]); // written from the first read before the re-read came
    writer.confirm(
      new Map<number, ApiWorkflow>([
        [0, { id: 'same', nodes: [], description: 'one' }],
        [1, { id: 'edited', nodes: [], description: 'after' }],
        [2, { id: 'later', nodes: [], description: 'after' }],
      ]),
    );
    await writer.ensure([0, 1, 2, 3]);
    await writer.stop();
    const read = async (id: string) => {
      const path = writer.paths.find((p) => p.includes(`${id}.`)) as string;
      return JSON.parse(await readFile(path, 'utf8')) as ApiWorkflow;
    };
    expect((await read('same')).description).toBe('one');
    expect((await read('edited')).description).toBe('after');
    expect((await read('later')).description).toBe('after');
    // Gone by the re-read: not backed up from the earlier read.
    expect(writer.paths.some((p) => p.includes('gone.'))).toBe(false);
    expect((await readdir(dir)).sort()).toHaveLength(3);
    expect(writer.paths).toHaveLength(3);
  });
});
