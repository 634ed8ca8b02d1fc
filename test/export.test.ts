/**
 * `export` end to end: the built CLI against the emulator over loopback.
 * Round trip (apply → export → validate → plan shows nothing), adoption of a
 * hand-made workflow, unsupported fields reported, files never clobbered.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import { VTR_MODELS } from '../src/vtr-models.js';
import {
  handMadeWorkflow,
  makeProject,
  outOfBandClient,
  runCli,
  specYaml,
  vtrNodes,
  writeSpecs,
} from './helpers/cli.js';
import { officialClient } from './helpers/official-client.js';

const RECOGNIZER = VTR_MODELS[2]!;
const NEXT_RECOGNIZER_VERSION = 'aa11bb22cc33dd44ee55ff6600112233';
/** A model of another account: inline, owner named. */
const FOREIGN = {
  id: 'acme-reader',
  version: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  user_id: 'acme',
  app_id: 'models',
};

let emulator: RunningEmulator;
let appCounter = 0;

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    knownModels: [{ id: RECOGNIZER.id, version: NEXT_RECOGNIZER_VERSION }, FOREIGN],
  });
});
afterAll(async () => {
  await emulator?.close();
});

async function project(specs: Record<string, string>, testOverrides?: string) {
  const appId = `export${++appCounter}`;
  const dir = await makeProject({
    endpoint: emulator.address,
    appId,
    specs,
    ...(testOverrides ? { testOverrides } : {}),
  });
  const cli = (...args: string[]) => runCli(args, { cwd: dir });
  return { dir, appId, cli };
}

const SPECS = {
  'vtr.yaml': specYaml('vtr', vtrNodes(), 'Detect, crop and read'),
  'nested/two.yaml': [
    specYaml('inline-foreign', [
      { id: 'detect', model: 'text-detector' },
      { id: 'crop', model: 'cropper', inputs: ['detect'], params: { margin: 1.3 } },
      { id: 'read', model: FOREIGN, inputs: ['crop'] },
    ]),
    [
      'id: tuned',
      'notes: "kept\\nacross lines"',
      'nodes:',
      '  - id: read',
      '    model: { id: "9fe78b4150a52794f86f237770141b33", version: "d94413e582f341f68884cac72dbd2c7b" }',
      '    inputs: [crop]',
      '    suppress_output: true',
      '    params: { min_value: 0.5, nested: { k: [1, "two"] } }',
      '  - id: crop',
      '    model: cropper',
      '    inputs: [detect]',
      '  - id: detect',
      '    model: text-detector',
      '',
    ].join('\n'),
  ].join('---\n'),
};

describe('export', () => {
  it('round-trips: apply, export into an empty folder, validate, and plan shows no changes', async () => {
    // The env pins a newer recognizer: export must still say `text-recognizer`.
    const overrides = `      text-recognizer: { version: "${NEXT_RECOGNIZER_VERSION}" }`;
    const { cli, dir } = await project(SPECS, overrides);
    const applied = await cli('apply', '-e', 'test', '--auto-approve');
    expect(applied.stderr).not.toMatch(/error/);
    expect(applied.code).toBe(0);

    const exported = await cli('export', '-e', 'test', '--out', 'exported');
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect((await readdir(join(dir, 'exported'))).sort()).toEqual([
      'inline-foreign.yaml',
      'tuned.yaml',
      'vtr.yaml',
    ]);

    const vtr = await readFile(join(dir, 'exported/vtr.yaml'), 'utf8');
    expect(vtr).toMatch(/^# yaml-language-server: \$schema=\S+workflow\.schema\.json\n/);
    expect(vtr.split('\n').slice(1).join('\n')).toBe(
      [
        'id: vtr',
        'description: Detect, crop and read',
        'nodes:',
        '  - id: detect-concept',
        '    model: text-detector',
        '  - id: image-crop',
        '    model: cropper',
        '    inputs: [detect-concept]',
        '  - id: image-to-text',
        '    model: text-recognizer',
        '    inputs: [image-crop]',
        '',
      ].join('\n'),
    );
    const foreign = await readFile(join(dir, 'exported/inline-foreign.yaml'), 'utf8');
    expect(foreign).toContain(
      `model: { id: "${FOREIGN.id}", version: "${FOREIGN.version}", user_id: acme, app_id: models }`,
    );
    expect(foreign).toContain('params: { margin: 1.3 }');
    const tuned = await readFile(join(dir, 'exported/tuned.yaml'), 'utf8');
    // The spec pinned the catalog's (older) recognizer inline: not the env's alias pin.
    expect(tuned).toContain(`model: { id: "${RECOGNIZER.id}", version: "${RECOGNIZER.version}" }`);
    expect(tuned).toContain('suppress_output: true');

    // The exported specs replace the originals: valid, and nothing to change.
    await rm(join(dir, 'workflows'), { recursive: true });
    await rm(join(dir, 'exported'), { recursive: true }).then(() => undefined);
    expect((await cli('export', '-e', 'test', '--out', 'workflows')).code).toBe(0);
    // Exported files are already in fmt's canonical form.
    const fmt = await cli('fmt', '--check');
    expect(fmt.stdout + fmt.stderr).not.toMatch(/would|error/i);
    expect(fmt.code).toBe(0);
    const validate = await cli('validate');
    expect(validate.stdout + validate.stderr).not.toMatch(/error|warning/);
    expect(validate.code).toBe(0);
    const plan = await cli('plan', '-e', 'test', '--detailed-exitcode', '--format', 'json');
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.stdout).summary).toEqual({
      create: 0,
      update: 0,
      delete: 0,
      rename: 0,
      unchanged: 3,
    });
  }, 120_000); // several CLI runs; generous for a loaded machine

  it('adopts a hand-made workflow: export ID --out workflows/, apply --adopt adds only the mark', async () => {
    const { cli, appId } = await project({});
    const api = await outOfBandClient(emulator.address, appId);
    await api.postWorkflows([handMadeWorkflow('legacy', { team: 'ocr' })]);
    await api.close();

    const exported = await cli('export', '-e', 'test', 'legacy', '--out', 'workflows/');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(join('workflows', 'legacy.yaml'));
    const adopt = await cli(
      'apply',
      '-e',
      'test',
      '--adopt',
      'legacy',
      '--auto-approve',
      '--format',
      'json',
    );
    expect(adopt.stderr).not.toMatch(/error/);
    expect(adopt.code).toBe(0);
    const plan = await cli('plan', '-e', 'test', '--detailed-exitcode');
    expect(plan.code).toBe(0);

    const after = await outOfBandClient(emulator.address, appId);
    const live = await after.getWorkflow('legacy');
    await after.close();
    expect(live?.metadata).toMatchObject({ team: 'ocr', 'vtr-wf': { project: 'test-project' } });
    expect(live?.nodes.map((n) => n.id).sort()).toEqual(['crop', 'detect', 'read']);
  });

  it('prints every workflow as one multi-document stream, lease workflows left out', async () => {
    const { cli, appId } = await project({});
    const api = await outOfBandClient(emulator.address, appId);
    await api.postWorkflows([
      handMadeWorkflow('b-flow'),
      handMadeWorkflow('a-flow'),
      handMadeWorkflow('vtr-wf-lock-test-project'),
    ]);
    await api.close();

    const result = await cli('export', '-e', 'test');
    expect(result.code).toBe(0);
    const docs = parseAllDocuments(result.stdout);
    expect(Array.isArray(docs) && docs.map((d) => d.toJS().id)).toEqual(['a-flow', 'b-flow']);
    expect(result.stdout.match(/yaml-language-server/g)).toHaveLength(1);

    const lock = await cli('export', '-e', 'test', 'vtr-wf-lock-test-project');
    expect(lock.code).toBe(1);
    expect(lock.stderr).toMatch(/lease/);
    const json = await cli('export', '-e', 'test', '--format', 'json', 'a-flow');
    expect(JSON.parse(json.stdout).workflows.map((w: { id: string }) => w.id)).toEqual(['a-flow']);
  });

  it('reports live fields a spec cannot express, naming workflow and field, on stderr', async () => {
    const { cli, appId } = await project({});
    const client = officialClient(emulator.address);
    const [detector] = VTR_MODELS;
    try {
      const response = await client.call('PostWorkflows', {
        user_app_id: { user_id: 'tester', app_id: appId },
        workflows: [
          {
            id: 'public-one',
            visibility: { gettable: 50 },
            use_cases: ['ocr'],
            image: { url: 'https://example.com/icon.png' },
            nodes: [
              {
                id: 'detect',
                model: { id: detector!.id, model_version: { id: detector!.version } },
                output_info_override: { message: 'not in any spec' },
              },
            ],
          },
        ],
      });
      expect(response.status.code).toBe(10000);
    } finally {
      client.close();
    }
    const result = await cli('export', '-e', 'test', 'public-one');
    expect(result.code).toBe(0);
    // Visibility is modelled: exported, not reported.
    expect(result.stderr).not.toContain('live field `/visibility`');
    expect(result.stdout).toContain('visibility: public');
    expect(result.stdout).toContain('use_cases');
    // So is the image (by its url).
    expect(result.stdout).toContain('image: { url: https://example.com/icon.png }');
    expect(result.stderr).toContain(
      'warning: workflow `public-one`: live field `/nodes/detect/output_info_override/message`',
    );
    expect(result.stdout).toContain('id: public-one');
  });

  it('never overwrites without --force, checking every target before writing any', async () => {
    const { cli, appId, dir } = await project({});
    const api = await outOfBandClient(emulator.address, appId);
    await api.postWorkflows([handMadeWorkflow('one'), handMadeWorkflow('two')]);
    await api.close();
    await mkdir(join(dir, 'out'));
    await writeFile(join(dir, 'out/two.yaml'), 'mine\n');

    const refused = await cli('export', '-e', 'test', '--out', 'out');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(join('out', 'two.yaml'));
    expect(await readdir(join(dir, 'out'))).toEqual(['two.yaml']);
    expect(await readFile(join(dir, 'out/two.yaml'), 'utf8')).toBe('mine\n');

    const forced = await cli('export', '-e', 'test', '--out', 'out', '--force');
    expect(forced.code).toBe(0);
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['one.yaml', 'two.yaml']);
    expect(await readFile(join(dir, 'out/two.yaml'), 'utf8')).toContain('id: two');
  });

  it('says plainly that --out names a folder when it is given a file, and leaves the file alone', async () => {
    const { cli, appId, dir } = await project({});
    const api = await outOfBandClient(emulator.address, appId);
    await api.postWorkflows([handMadeWorkflow('one')]);
    await api.close();
    await writeFile(join(dir, 'out.yaml'), 'mine\n');

    const refused = await cli('export', '-e', 'test', 'one', '--out', 'out.yaml', '--force');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('out.yaml is a file, not a folder');
    expect(refused.stderr).not.toContain('EEXIST');
    expect(await readFile(join(dir, 'out.yaml'), 'utf8')).toBe('mine\n');
  });

  it('will not export into the specs folder a second spec for an id another spec file declares', async () => {
    // The unmanaged-conflict flow: a spec `legacy` (in mine.yaml) meets a hand-made `legacy`;
    // export --out workflows/ must not add legacy.yaml beside it (two specs, one id).
    const { cli, appId, dir } = await project({ 'mine.yaml': specYaml('legacy') });
    const api = await outOfBandClient(emulator.address, appId);
    await api.postWorkflows([handMadeWorkflow('legacy')]);
    await api.close();

    for (const force of [[], ['--force']]) {
      const refused = await cli('export', '-e', 'test', 'legacy', '--out', 'workflows/', ...force);
      expect(refused.code, force.join(' ')).toBe(1);
      expect(refused.stderr).toContain(
        `\`legacy\` is already declared in ${join('workflows', 'mine.yaml')}`,
      );
      expect(await readdir(join(dir, 'workflows'))).toEqual(['mine.yaml']);
    }
    // Outside the specs folder there is nothing to clash with.
    const elsewhere = await cli('export', '-e', 'test', 'legacy', '--out', 'exported');
    expect(elsewhere.code, elsewhere.stderr).toBe(0);
    expect(await readdir(join(dir, 'exported'))).toEqual(['legacy.yaml']);
  });

  it('refuses ids that are not workflow ids before connecting, and names missing workflows', async () => {
    const { cli, dir } = await project({});
    for (const bad of ['../escape', 'a/b', 'a\\b', '..']) {
      const result = await cli('export', '-e', 'test', bad, '--out', 'out');
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/can't be used as a file name/);
    }
    await expect(readdir(join(dir, 'out'))).rejects.toThrow();
    const missing = await cli('export', '-e', 'test', 'ghost', 'phantom');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('`ghost`, `phantom`');
    const unknownEnv = await cli('export', '-e', 'tset');
    expect(unknownEnv.code).toBe(1);
    expect(unknownEnv.stderr).toContain('unknown environment `tset`');
    await writeSpecs(dir, {});
  });
});
