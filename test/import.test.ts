/**
 * `import` end to end: Clarifai SDK workflow files → specs with the built CLI;
 * the pinned fixtures validate and apply to the emulator, the unpinned one is
 * reported with file:line:col and nothing is written.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import { makeProject, REPO_ROOT, runCli } from './helpers/cli.js';

const FIXTURES = join(REPO_ROOT, 'test/fixtures/import');
const PINNED = ['vtr-declared-order.yml', 'vtr-out-of-order.yml'];

let emulator: RunningEmulator;
let appCounter = 0;

beforeAll(async () => {
  // The emulator learns the inline custom model from the specs only when
  // in-process; this one is a remote endpoint, so it is told up front.
  emulator = await startEmulator({
    port: 0,
    knownModels: [
      {
        id: 'acme-ocr-reader',
        version: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
        user_id: 'acme',
        app_id: 'models',
      },
    ],
  });
});
afterAll(async () => {
  await emulator?.close();
});

async function projectWithSdkFiles() {
  const dir = await makeProject({
    endpoint: emulator.address,
    appId: `import${++appCounter}`,
    specs: {},
  });
  await mkdir(join(dir, 'sdk'));
  for (const name of [...PINNED, 'unpinned.yml'])
    await copyFile(join(FIXTURES, name), join(dir, 'sdk', name));
  const cli = (...args: string[]) => runCli(args, { cwd: dir });
  return { dir, cli };
}

describe('import', () => {
  it('converts pinned SDK files (any node order) into specs that validate, apply and then plan clean', async () => {
    const { dir, cli } = await projectWithSdkFiles();
    const result = await cli('import', ...PINNED.map((f) => `sdk/${f}`), '--out', 'workflows');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect((await readdir(join(dir, 'workflows'))).sort()).toEqual([
      'vtr-sdk-ordered.yaml',
      'vtr-sdk-shuffled.yaml',
    ]);

    const ordered = await readFile(join(dir, 'workflows/vtr-sdk-ordered.yaml'), 'utf8');
    expect(ordered.split('\n').slice(1).join('\n')).toBe(
      [
        'id: vtr-sdk-ordered',
        'nodes:',
        '  - id: detect-concept',
        // The catalog's text-detector names no owner; the source does: kept inline, owner and all.
        '    model: { id: "2419e2eae04d04f820e5cf3aba42d0c7", version: "75a5b92a0dec436a891b5ad224ac9170", user_id: clarifai, app_id: main }',
        '  - id: image-crop',
        '    model: cropper',
        '    inputs: [detect-concept]',
        '  - id: image-to-text',
        '    model: text-recognizer',
        '    inputs: [image-crop]',
        '',
      ].join('\n'),
    );
    const shuffled = await readFile(join(dir, 'workflows/vtr-sdk-shuffled.yaml'), 'utf8');
    expect(shuffled).toContain(
      'model: { id: "acme-ocr-reader", version: "0f1e2d3c4b5a69788796a5b4c3d2e1f0", user_id: acme, app_id: models }',
    );

    const validate = await cli('validate');
    expect(validate.stdout + validate.stderr).not.toMatch(/error|warning/);
    expect(validate.code).toBe(0);
    const apply = await cli('apply', '-e', 'test', '--auto-approve');
    expect(apply.stderr).not.toMatch(/error/);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('applied 2 of 2');
    const plan = await cli('plan', '-e', 'test', '--detailed-exitcode');
    expect(plan.code).toBe(0);
  }, 120_000); // several CLI runs; generous for a loaded machine

  it('reports unpinned versions with file:line:col and writes nothing', async () => {
    const { dir, cli } = await projectWithSdkFiles();
    const result = await cli(
      'import',
      'sdk/vtr-declared-order.yml',
      'sdk/unpinned.yml',
      '--out',
      'workflows',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /sdk\/unpinned\.yml:12:11: error import-unpinned-version .*`image-crop`/,
    );
    expect(result.stderr).toMatch(
      /sdk\/unpinned\.yml:22:11: error import-unpinned-version .*`image-to-text`/,
    );
    expect(await readdir(join(dir, 'workflows'))).toEqual([]);

    const json = await cli('import', 'sdk/unpinned.yml', '--format', 'json');
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.workflows).toEqual([]);
    expect(
      report.diagnostics.filter((d: { code: string }) => d.code === 'import-unpinned-version'),
    ).toHaveLength(2);
  });

  it('prints to stdout, and without a config every model is inline', async () => {
    const bare = await mkdtemp(join(tmpdir(), 'vtr-wf-import-'));
    const result = await runCli(
      ['import', join(FIXTURES, 'vtr-declared-order.yml'), join(FIXTURES, 'vtr-out-of-order.yml')],
      {
        cwd: bare,
      },
    );
    expect(result.code).toBe(0);
    const docs = parseAllDocuments(result.stdout);
    const specs = Array.isArray(docs) ? docs.map((d) => d.toJS()) : [];
    expect(specs.map((s) => s.id)).toEqual(['vtr-sdk-ordered', 'vtr-sdk-shuffled']);
    expect(specs[0].nodes[0].model).toEqual({
      id: '2419e2eae04d04f820e5cf3aba42d0c7',
      version: '75a5b92a0dec436a891b5ad224ac9170',
      user_id: 'clarifai',
      app_id: 'main',
    });
  });

  it('never overwrites an existing spec without --force', async () => {
    const { dir, cli } = await projectWithSdkFiles();
    await writeFile(join(dir, 'workflows/vtr-sdk-ordered.yaml'), '# mine\n');
    const refused = await cli('import', 'sdk/vtr-declared-order.yml', '--out', 'workflows');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refusing to overwrite/);
    expect(await readFile(join(dir, 'workflows/vtr-sdk-ordered.yaml'), 'utf8')).toBe('# mine\n');
    const forced = await cli(
      'import',
      'sdk/vtr-declared-order.yml',
      '--out',
      'workflows',
      '--force',
    );
    expect(forced.code).toBe(0);
    expect(await readFile(join(dir, 'workflows/vtr-sdk-ordered.yaml'), 'utf8')).toContain(
      'id: vtr-sdk-ordered',
    );
  });

  it('names a missing file and the nearest known key of a misspelt one', async () => {
    const { dir, cli } = await projectWithSdkFiles();
    const missing = await cli('import', 'sdk/nope.yml');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('sdk/nope.yml');
    await writeFile(
      join(dir, 'sdk/typo.yml'),
      'workflow:\n  id: typo\n  nodes:\n    - id: a\n      model: { model_id: m, model_version_id: v }\n      node_input: []\n',
    );
    const typo = await cli('import', 'sdk/typo.yml');
    // An unknown key is an error (the edge would silently be dropped), with the nearest known key.
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/sdk\/typo\.yml:6:7: error import-unmapped-field/);
    expect(typo.stderr).toContain('node_inputs');
    expect(typo.stderr).toContain('nothing was imported');
    expect(typo.stderr).not.toContain('no plan was made');
  });
});
