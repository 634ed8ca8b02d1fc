import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EmulatorStateError, emptyState, loadState, saveState } from './persist.js';

const dir = mkdtempSync(path.join(tmpdir(), 'vtr-wf-persist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('emulator state file', () => {
  it('a missing file is an empty state, and its folder is made', async () => {
    const file = path.join(dir, 'new', 'sub', 'state.json');
    expect(await loadState(file)).toEqual(emptyState());
    expect(readdirSync(path.dirname(file))).toEqual([]);
  });

  it('saves atomically (no temp file left) and loads what it saved', async () => {
    const file = path.join(dir, 'state.json');
    const state = {
      ...emptyState(),
      apps: { 'u/a': { user_id: 'u', app_id: 'a', workflows: {} } },
    };
    await saveState(file, state);
    await saveState(file, state);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(state);
    expect(await loadState(file)).toEqual(state);
  });

  it.each([
    ['not JSON', 'garbage{', /corrupt/],
    ['another format', '{"format":"x","version":1,"apps":{}}', /not a vtr-wf emulator state file/],
    ['a newer version', '{"format":"vtr-wf-emulator-state","version":3,"apps":{}}', /version 3/],
    [
      'malformed apps',
      '{"format":"vtr-wf-emulator-state","version":1,"apps":{"u/a":{"user_id":"u"}}}',
      /malformed/,
    ],
  ])('refuses %s, naming the file', async (_what, content, why) => {
    const file = path.join(dir, `bad-${Math.random().toString(16).slice(2)}.json`);
    writeFileSync(file, content);
    const error = await loadState(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmulatorStateError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(why);
    expect((error as EmulatorStateError).userFacing).toBe(true);
  });

  it('loads a version-1 file (no version history), giving each workflow its live version', async () => {
    const file = path.join(dir, 'v1.json');
    const workflow = {
      id: 'wf',
      description: 'd',
      notes: 'n',
      metadata: { a: 1 },
      visibility: 10,
      use_cases: [],
      check_consents: [],
      image: null,
      nodes: [],
      created_at: '2024-01-01T00:00:00.000Z',
      modified_at: '2024-01-01T00:00:00.000Z',
      version: { id: 'ab'.repeat(16), created_at: '2024-01-01T00:00:00.000Z' },
    };
    writeFileSync(
      file,
      JSON.stringify({
        format: 'vtr-wf-emulator-state',
        version: 1,
        apps: { 'u/a': { user_id: 'u', app_id: 'a', workflows: { wf: workflow } } },
      }),
    );
    const state = await loadState(file);
    expect(state.version).toBe(2);
    expect(state.apps['u/a']?.workflows.wf?.versions).toEqual([
      {
        id: 'ab'.repeat(16),
        created_at: '2024-01-01T00:00:00.000Z',
        description: 'd',
        metadata: { a: 1 },
        visibility: 10,
        nodes: [],
      },
    ]);
  });

  it('a failed save leaves the previous file and no temp file', async () => {
    const file = path.join(dir, 'kept.json');
    await saveState(file, emptyState());
    const before = readFileSync(file, 'utf8');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await expect(saveState(file, circular as never)).rejects.toThrow();
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});
