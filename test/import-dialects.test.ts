/**
 * `import` through the built CLI, issue 12's defects: the Node SDK's camelCase
 * dialect (and a file mixing both), validate's checks placed in the SDK file,
 * `model_version_id` + `output_info`, duplicate ids and foreign files with
 * line:col, and `--resolve-latest -e ENV` against the embedded emulator.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { VTR_MODELS } from '../src/vtr-models.js';
import { makeProject, runCli } from './helpers/cli.js';

const [DETECTOR, CROPPER, RECOGNIZER] = VTR_MODELS;

/** A project with the VTR catalog and a `local` emulator environment, plus SDK files in sdk/. */
async function project(files: Record<string, string>) {
  const dir = await makeProject({ specs: {} });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  const cli = (...args: string[]) => runCli(args, { cwd: dir });
  return { dir, cli };
}

const NODE_SDK = [
  'workflow:',
  '  id: node-sdk',
  '  nodes:',
  '    - id: detect',
  '      model:',
  `        modelId: ${DETECTOR!.id}`,
  `        modelVersionId: ${DETECTOR!.version.toUpperCase()}`,
  '    - id: crop',
  '      model:',
  `        modelId: ${CROPPER!.id}`,
  `        modelVersionId: ${CROPPER!.version}`,
  '      nodeInputs:',
  '        - nodeId: detect',
  '    - id: read',
  '      model:',
  `        modelId: ${RECOGNIZER!.id}`,
  `        modelVersionId: ${RECOGNIZER!.version}`,
  '      nodeInputs:',
  '        - nodeId: crop',
  '',
].join('\n');

describe('import: dialects and checks', () => {
  it("imports the Node SDK's camelCase file; it validates, applies to the emulator and plans clean", async () => {
    const { dir, cli } = await project({ 'node.yml': NODE_SDK });
    const imported = await cli('import', 'node.yml', '--out', 'workflows');
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const spec = await readFile(join(dir, 'workflows/node-sdk.yaml'), 'utf8');
    expect(spec).toContain('model: text-detector');
    expect(spec).toContain('inputs: [crop]');
    expect((await cli('validate')).code).toBe(0);
    const apply = await cli('apply', '-e', 'local', '--auto-approve');
    expect(apply.code).toBe(0);
    const plan = await cli('plan', '-e', 'local', '--detailed-exitcode');
    expect(plan.code).toBe(0);
  }, 60_000);

  it('refuses a file mixing both dialects at the first key of the minority, and writes nothing', async () => {
    const mixed = NODE_SDK.replace('        - nodeId: crop', '        - node_id: crop');
    const { dir, cli } = await project({ 'mixed.yml': mixed });
    const result = await cli('import', 'mixed.yml', '--out', 'workflows');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^mixed\.yml:19:11: error import-mixed-dialect /m);
    expect(result.stderr).toContain('nothing was imported');
    expect(await readdir(join(dir, 'workflows'))).toEqual([]);
  });

  it("runs validate's checks on what it would write: a cycle and a bad node count are refused, placed in the SDK file", async () => {
    const cycle = NODE_SDK.replace(
      '      model:\n        modelId: ' + DETECTOR!.id,
      '      nodeInputs: [{ nodeId: read }]\n      model:\n        modelId: ' + DETECTOR!.id,
    );
    const nodes = Array.from(
      { length: 21 },
      (_, i) =>
        `    - id: n${i}\n      model: { model_id: ${DETECTOR!.id}, model_version_id: ${DETECTOR!.version} }`,
    );
    const many = ['workflow:', '  id: too-many', '  nodes:', ...nodes, ''].join('\n');
    const { dir, cli } = await project({ 'cycle.yml': cycle, 'many.yml': many });
    const result = await cli('import', 'cycle.yml', 'many.yml', '--out', 'workflows');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^cycle\.yml:5:30: error cycle .*detect → crop → read → detect/m);
    expect(result.stderr).toMatch(/^many\.yml:4:5: error too-many-nodes /m);
    expect(await readdir(join(dir, 'workflows'))).toEqual([]);
  });

  it('refuses model_version_id with output_info, and places duplicate ids and foreign files', async () => {
    const both = [
      'workflow:',
      '  id: both',
      '  nodes:',
      '    - id: read',
      '      model:',
      `        model_id: ${RECOGNIZER!.id}`,
      `        model_version_id: ${RECOGNIZER!.version}`,
      '        output_info:',
      '          params: { min_value: 0.5 }',
      '',
    ].join('\n');
    const one = `workflow:\n  id: same\n  nodes:\n    - id: a\n      model: { model_id: ${DETECTOR!.id}, model_version_id: ${DETECTOR!.version} }\n`;
    const foreign = '# not a workflow\nid: x\nsteps: []\n';
    const { cli } = await project({
      'both.yml': both,
      'one.yml': one,
      'two.yml': `# the same id again\n${one}`,
      'foreign.yml': foreign,
    });
    const result = await cli('import', 'both.yml', 'one.yml', 'two.yml', 'foreign.yml');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^both\.yml:8:9: error import-version-with-output-info /m);
    expect(result.stderr).toMatch(
      /^two\.yml:3:7: error import-duplicate-id .*also imported from one\.yml/m,
    );
    expect(result.stderr).toMatch(/^foreign\.yml:3:1: error import-not-sdk-workflow .*`steps`/m);
  });
});

describe('import --resolve-latest', () => {
  const UNPINNED = [
    'workflow:',
    '  id: unpinned',
    '  nodes:',
    '    - id: detect',
    '      model:',
    `        model_id: ${DETECTOR!.id}`,
    `        model_version_id: ${DETECTOR!.version}`,
    '    - id: read',
    '      model:',
    `        model_id: ${RECOGNIZER!.id}`,
    '        output_info:',
    '          params: { min_value: 0.5 }',
    '      node_inputs:',
    '        - node_id: detect',
    '',
  ].join('\n');

  it('without it an unpinned model is refused at its place, naming the flag', async () => {
    const { cli } = await project({ 'u.yml': UNPINNED });
    const result = await cli('import', 'u.yml');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^u\.yml:10:9: error import-unpinned-version .*`read`/m);
    expect(result.stderr).toContain('--resolve-latest -e ENV');
  });

  it("pins each unpinned model to the environment's latest version and says which, per node", async () => {
    const { dir, cli } = await project({ 'u.yml': UNPINNED });
    const result = await cli(
      'import',
      'u.yml',
      '--resolve-latest',
      '-e',
      'local',
      '--out',
      'workflows',
    );
    expect(result.code).toBe(0);
    // The emulator holds two versions of the recognizer; the newer is the catalog's.
    expect(result.stderr).toContain(
      `u.yml:10:9: node \`read\` of \`unpinned\`: model \`${RECOGNIZER!.id}\` pinned to its latest version ${RECOGNIZER!.version} in \`local\``,
    );
    const spec = await readFile(join(dir, 'workflows/unpinned.yaml'), 'utf8');
    expect(spec).toContain('model: text-recognizer');
    expect(spec).toContain('params: { min_value: 0.5 }');
    expect((await cli('apply', '-e', 'local', '--auto-approve')).code).toBe(0);
    expect((await cli('plan', '-e', 'local', '--detailed-exitcode')).code).toBe(0);
  }, 60_000);

  it("maps output_info's data.concepts and output_config onto the node; it applies and plans clean", async () => {
    const withOutput = UNPINNED.replace(
      '          params: { min_value: 0.5 }',
      [
        '          params: { min_value: 0.5 }',
        '          data:',
        '            concepts: [{ id: text, value: 1 }]',
        '          output_config: { max_concepts: 5 }',
      ].join('\n'),
    );
    const { dir, cli } = await project({ 'o.yml': withOutput });
    const result = await cli(
      'import',
      'o.yml',
      '--resolve-latest',
      '-e',
      'local',
      '--out',
      'workflows',
    );
    expect(result.code).toBe(0);
    // The API ignores output_config in a node override: validate's warning, placed in the SDK file.
    expect(result.stderr).toMatch(/^o\.yml:15:26: warning output-config-ignored /m);
    const spec = await readFile(join(dir, 'workflows/unpinned.yaml'), 'utf8');
    expect((parse(spec) as { nodes: unknown[] }).nodes[1]).toMatchObject({
      id: 'read',
      model: 'text-recognizer',
      params: { min_value: 0.5 },
      concepts: [{ id: 'text', value: 1 }],
      output_config: { max_concepts: 5 },
    });
    expect((await cli('apply', '-e', 'local', '--auto-approve')).code).toBe(0);
    expect((await cli('plan', '-e', 'local', '--detailed-exitcode')).code).toBe(0);
  }, 60_000);

  it('refuses a model the environment does not have, at its place; needs -e; JSON lists the choices', async () => {
    const missing = UNPINNED.replace(`model_id: ${RECOGNIZER!.id}`, 'model_id: no-such-model');
    const { dir, cli } = await project({
      'm.yml': missing,
      'u.yml': UNPINNED,
      'node.yml': NODE_SDK,
    });
    const refused = await cli(
      'import',
      'm.yml',
      '--resolve-latest',
      '-e',
      'local',
      '--out',
      'workflows',
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^m\.yml:10:9: error import-unresolved-version .*`no-such-model`.*in `local`/m,
    );
    expect(await readdir(join(dir, 'workflows'))).toEqual([]);
    const typo = await cli('import', 'node.yml', '--resolve-latest', '-e', 'locla');
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('unknown environment `locla`');
    const noEnv = await cli('import', 'u.yml', '--resolve-latest');
    expect(noEnv.code).toBe(1);
    expect(noEnv.stderr).toContain('give -e ENV');
    const json = await cli(
      'import',
      'u.yml',
      '--resolve-latest',
      '-e',
      'local',
      '--format',
      'json',
    );
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).resolved).toEqual([
      expect.objectContaining({ workflow: 'unpinned', node: 'read', version: RECOGNIZER!.version }),
    ]);
  }, 60_000);
});
