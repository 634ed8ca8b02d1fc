/**
 * Security review, file names and listening addresses:
 *  - a workflow id is the only file name vtr-wf derives from live or imported
 *    data (`export --out`, `import --out`, backups). The emulator, like the
 *    API, refuses ids outside the id alphabet, so a hostile id cannot even be
 *    seeded; the path functions are therefore tested directly, with every
 *    escape (`../x`, `a/b`, `..`, NUL, absolute paths, backslashes) and with
 *    random strings (fast-check), and `import` of an SDK file naming such an
 *    id is refused with nothing written;
 *  - the emulator listens on 127.0.0.1 unless told otherwise.
 * backup names: see also src/apply/backups.test.ts; export refusing such ids
 * before connecting: test/export.test.ts.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDirectory, backupPath } from '../src/apply/backups.js';
import type { ConnectedApi } from '../src/clarifai/connect.js';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import { targetPath } from '../src/export/write-spec-files.js';
import { handMadeWorkflow, makeProject, outOfBandClient, runCli } from './helpers/cli.js';
import { mustStartEmulator } from './helpers/emulator-process.js';

const HOSTILE_IDS = [
  '../x',
  '../../etc/passwd',
  'a/b',
  'a\\b',
  '..',
  '.',
  '',
  'a\u0000b',
  '/abs',
  'C:\\x',
  '~/x',
  '.hidden',
  'x/../../y',
  'con',
  'a b',
  '%2e%2e%2fx',
];

const inside = (root: string, path: string) => {
  const rel = relative(resolve(root), resolve(path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

let emulator: RunningEmulator;
let api: ConnectedApi;

beforeAll(async () => {
  emulator = await startEmulator();
  api = await outOfBandClient(emulator.address, 'paths');
});
afterAll(async () => {
  await api?.close();
  await emulator?.close();
});

describe('hostile workflow ids', () => {
  it('cannot be seeded: the emulator refuses them like the API (WORKFLOW_INVALID_ARGUMENT)', async () => {
    for (const id of HOSTILE_IDS.filter((i) => !/^[0-9A-Za-z]+([-_][0-9A-Za-z]+)*$/.test(i))) {
      await expect(
        api.postWorkflows([handMadeWorkflow(id)]),
        JSON.stringify(id),
      ).rejects.toMatchObject({
        code: 22104,
      });
    }
    expect(await api.listWorkflows()).toEqual([]);
  });

  it('never name a spec file outside the --out folder (export, import)', () => {
    const root = '/work/out';
    for (const id of HOSTILE_IDS) {
      let path: string | undefined;
      try {
        path = targetPath(root, id);
      } catch (e) {
        expect((e as Error).message).toMatch(/can't be used as a file name|outside/);
        continue;
      }
      // Only plain ids get through ('con' — a reserved name on Windows only — among them).
      expect(path).toBe(join(root, `${id}.yaml`));
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (id) => {
        let path: string;
        try {
          path = targetPath(root, id);
        } catch (e) {
          return /can't be used as a file name|outside/.test((e as Error).message);
        }
        return inside(root, path);
      }),
      { numRuns: 500 },
    );
  });

  it('never name a backup outside .vtr-wf/backups/<env>, and never two ids one file', () => {
    const when = new Date('2025-01-02T03:04:05.678Z');
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 20 }),
        fc.string({ unit: 'binary', maxLength: 20 }),
        fc.oneof(fc.constantFrom(...HOSTILE_IDS), fc.string({ maxLength: 10 })),
        (a, b, env) => {
          const backups = join('/proj', '.vtr-wf', 'backups');
          const dir = backupDirectory('/proj', env);
          expect(inside(backups, dir)).toBe(true);
          expect(inside(dir, backupPath(dir, a, when))).toBe(true);
          if (a !== b) expect(backupPath(dir, a, when)).not.toBe(backupPath(dir, b, when));
        },
      ),
      { numRuns: 1000 },
    );
    for (const id of HOSTILE_IDS) expect(inside('/b', backupPath('/b', id, when))).toBe(true);
  });

  it('in an SDK file are refused by import, which writes nothing', async () => {
    const dir = await makeProject({ specs: {} });
    for (const id of ['../escape', 'a/b', '..']) {
      writeFileSync(
        join(dir, 'sdk.yaml'),
        `workflow:\n  id: ${JSON.stringify(id)}\n  nodes:\n    - id: a\n      model: { model_id: "2419e2eae04d04f820e5cf3aba42d0c7", model_version_id: "75a5b92a0dec436a891b5ad224ac9170" }\n`,
      );
      const before = readdirSync(dir).sort();
      const result = await runCli(['import', 'sdk.yaml', '--out', 'imported'], { cwd: dir });
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(/sdk\.yaml:2:\d+/);
      expect(readdirSync(dir).sort()).toEqual(before);
      expect(readdirSync(join(dir, '..')).some((f) => f === 'escape.yaml')).toBe(false);
    }
  });
});

describe('the emulator', () => {
  it('binds to 127.0.0.1 by default: the library and `vtr-wf emulator --port 0`', async () => {
    expect(emulator.host).toBe('127.0.0.1');
    expect(emulator.address).toMatch(/^127\.0\.0\.1:\d+$/);
    const server = await mustStartEmulator(['--port', '0'], {
      cwd: mkdtempSync(join(tmpdir(), 'vtr-wf-bind-')),
    });
    try {
      expect(server.stdout()).toMatch(/^listening on 127\.0\.0\.1:\d+\n$/);
    } finally {
      await server.stop();
    }
  });

  it('in-process for an `emulator: true` environment listens on 127.0.0.1 too', async () => {
    const dir = await makeProject({ specs: {} });
    const result = await runCli(['plan', '-e', 'local', '--verbose'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/emulator \(in-process\) on 127\.0\.0\.1:\d+/);
  });
});
