/**
 * Issue 12 item 4 — the last spec fields: a node's `concepts`
 * (output_info_override.data.concepts) and `output_config`
 * (output_info_override.output_config, kept on round trips, warned about), and
 * the workflow's cover `image` (removed by its own PatchWorkflows `remove`).
 * The built CLI against the emulator over real gRPC on loopback; the official
 * client reads what is live.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import { makeProject, runCli, specYaml, type CliResult } from './helpers/cli.js';
import { officialClient, type OfficialClient } from './helpers/official-client.js';

let emulator: RunningEmulator;
let client: OfficialClient;
let appCounter = 0;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  client = officialClient(emulator.address);
});
afterAll(async () => {
  client?.close();
  await emulator?.close();
});

/** The VTR spec `vtr` with extra top-level lines and extra lines for the `image-to-text` node. */
function spec(top = '', recognizer = ''): string {
  let text = specYaml('vtr');
  if (top) text = text.replace('id: vtr\n', `id: vtr\n${top}`);
  if (recognizer)
    text = text.replace('inputs: [image-crop]\n', `inputs: [image-crop]\n${recognizer}`);
  return text;
}

async function project(text: string) {
  const appId = `override${++appCounter}`;
  const dir = await makeProject({ endpoint: emulator.address, appId, specs: { 'vtr.yaml': text } });
  const cli = (...args: string[]) => runCli(args, { cwd: dir });
  const writeSpec = (t: string) => writeFile(join(dir, 'workflows', 'vtr.yaml'), t);
  return { dir, appId, cli, writeSpec };
}

async function expectClean(cli: (...args: string[]) => Promise<CliResult>) {
  const plan = await cli('plan', '-e', 'test', '--detailed-exitcode');
  expect(plan.code, plan.stdout + plan.stderr).toBe(0);
}

async function expectApplied(cli: (...args: string[]) => Promise<CliResult>) {
  const apply = await cli('apply', '-e', 'test', '--auto-approve');
  expect(apply.code, apply.stdout + apply.stderr).toBe(0);
}

async function readLive(appId: string) {
  const got = await client.call('GetWorkflow', {
    user_app_id: { user_id: 'tester', app_id: appId },
    workflow_id: 'vtr',
  });
  expect(got.status.code).toBe(10000);
  return got.workflow;
}

function liveNode(workflow: { nodes: { id: string }[] }, id: string) {
  const node = workflow.nodes.find((n) => n.id === id) as
    | {
        output_info_override?: {
          data?: { concepts?: { id: string; value: number }[] };
          output_config?: Record<string, unknown>;
        };
      }
    | undefined;
  expect(node, `node ${id}`).toBeDefined();
  return node!;
}

describe('node concepts: output_info_override.data.concepts', { timeout: 90_000 }, () => {
  it('applies, diffs a change, keeps undeclared live ones, clears with [], round-trips through export', async () => {
    const { cli, appId, writeSpec, dir } = await project(
      spec('', '    concepts: [{ id: text, value: 1 }, { id: logo, value: 0.3 }]\n'),
    );
    await expectApplied(cli);
    const concepts = liveNode(await readLive(appId), 'image-to-text').output_info_override?.data
      ?.concepts;
    // Written in the canonical order (by id): their order carries no meaning.
    expect(concepts?.map((c) => c.id)).toEqual(['logo', 'text']);
    // 0.3 comes back as the float32 the API stores: still no change.
    await expectClean(cli);

    await writeSpec(spec('', '    concepts: [{ id: text, value: 1 }]\n'));
    const plan = await cli('plan', '-e', 'test', '--detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(2);
    expect(plan.stdout).toContain('/nodes/image-to-text/concepts');
    await expectApplied(cli);
    expect(
      liveNode(await readLive(appId), 'image-to-text').output_info_override?.data?.concepts?.map(
        (c) => c.id,
      ),
    ).toEqual(['text']);
    await expectClean(cli);

    // Not declared: not managed — kept on writes and not compared.
    await writeSpec(specYaml('vtr', undefined, 'changed'));
    await expectApplied(cli);
    expect(
      liveNode(await readLive(appId), 'image-to-text').output_info_override?.data?.concepts?.map(
        (c) => c.id,
      ),
    ).toEqual(['text']);

    const exported = await cli('export', '-e', 'test', '--out', 'exported');
    expect(exported.code, exported.stdout + exported.stderr).toBe(0);
    const text = await readFile(join(dir, 'exported', 'vtr.yaml'), 'utf8');
    expect(text).toContain('concepts:');
    await writeSpec(text);
    const validate = await cli('validate');
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    await expectClean(cli);

    await writeSpec(spec('', '    concepts: []\n'));
    await expectApplied(cli);
    expect(
      liveNode(await readLive(appId), 'image-to-text').output_info_override?.data?.concepts ?? [],
    ).toEqual([]);
    await expectClean(cli);
  });

  it('refuses a concept without a value, at its file:line:col', async () => {
    const { cli } = await project(spec('', '    concepts: [{ id: text }]\n'));
    const validate = await cli('validate');
    expect(validate.code).toBe(1);
    expect(validate.stdout).toMatch(/workflows\/vtr\.yaml:11:\d+: error missing-field/);
  });
});

describe('node output_config: kept on round trips, warned about', { timeout: 90_000 }, () => {
  it('warns in validate with file:line:col and the rule code', async () => {
    const { cli } = await project(spec('', '    output_config: { max_concepts: 5 }\n'));
    const validate = await cli('validate');
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    expect(validate.stdout).toContain('workflows/vtr.yaml:11:20: warning output-config-ignored');
    const strict = await cli('validate', '--strict');
    expect(strict.code).toBe(1);
  });

  it('refuses a key OutputConfig does not have, with the nearest one', async () => {
    const { cli } = await project(spec('', '    output_config: { max_concept: 5 }\n'));
    const validate = await cli('validate');
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain('unknown-key');
    expect(validate.stdout).toContain('max_concepts');
  });

  it('applies verbatim, diffs a change, keeps it when undeclared, round-trips through export', async () => {
    const { cli, appId, writeSpec, dir } = await project(
      spec('', '    output_config: { max_concepts: 5, min_value: 0.3 }\n'),
    );
    await expectApplied(cli);
    expect(
      liveNode(await readLive(appId), 'image-to-text').output_info_override?.output_config,
    ).toMatchObject({ max_concepts: 5 });
    await expectClean(cli);

    await writeSpec(spec('', '    output_config: { max_concepts: 7, min_value: 0.3 }\n'));
    const plan = await cli('plan', '-e', 'test', '--detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(2);
    expect(plan.stdout).toContain('/nodes/image-to-text/output_config/max_concepts');
    await expectApplied(cli);
    expect(
      liveNode(await readLive(appId), 'image-to-text').output_info_override?.output_config,
    ).toMatchObject({ max_concepts: 7 });
    await expectClean(cli);

    await writeSpec(specYaml('vtr', undefined, 'changed'));
    await expectApplied(cli);
    expect(
      liveNode(await readLive(appId), 'image-to-text').output_info_override?.output_config,
    ).toMatchObject({ max_concepts: 7 });

    const exported = await cli('export', '-e', 'test', '--out', 'exported');
    expect(exported.code, exported.stdout + exported.stderr).toBe(0);
    const text = await readFile(join(dir, 'exported', 'vtr.yaml'), 'utf8');
    expect(text).toContain('output_config:');
    expect(text).toContain('min_value: 0.3');
    await writeSpec(text);
    const validate = await cli('validate');
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    await expectClean(cli);
  });
});

describe('workflow image', { timeout: 90_000 }, () => {
  const icon = 'https://example.com/icon.png';
  const other = 'https://example.com/other.png';

  it('applies, diffs a new url, removes it with its own PatchWorkflows remove, round-trips through export', async () => {
    const { cli, appId, writeSpec, dir } = await project(spec(`image: { url: "${icon}" }\n`));
    await expectApplied(cli);
    expect((await readLive(appId)).image?.url).toBe(icon);
    await expectClean(cli);

    await writeSpec(spec(`image: { url: "${other}" }\n`));
    const plan = await cli('plan', '-e', 'test', '--detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(2);
    expect(plan.stdout).toContain('/image');
    await expectApplied(cli);
    expect((await readLive(appId)).image?.url).toBe(other);
    await expectClean(cli);

    const exported = await cli('export', '-e', 'test', '--out', 'exported');
    expect(exported.code, exported.stdout + exported.stderr).toBe(0);
    const text = await readFile(join(dir, 'exported', 'vtr.yaml'), 'utf8');
    expect(text).toContain(other);
    await writeSpec(text);
    const validate = await cli('validate');
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    await expectClean(cli);

    // Removed from the spec: a planned change, applied by PatchWorkflows `remove`.
    await writeSpec(spec());
    const removal = await cli('plan', '-e', 'test', '--detailed-exitcode', '--format', 'json');
    expect(removal.code, removal.stdout + removal.stderr).toBe(2);
    const planned = JSON.parse(removal.stdout) as {
      changes: { id: string; diffs: { path: string; before: unknown; after: unknown }[] }[];
    };
    expect(planned.changes[0]?.diffs).toEqual([
      { path: '/image', before: { url: other }, after: null },
    ]);
    await expectApplied(cli);
    const live = await readLive(appId);
    expect(live.image?.url ?? '').toBe('');
    await expectClean(cli);
  });
});

describe(
  'export → validate → plan for a workflow carrying every field',
  { timeout: 90_000 },
  () => {
    it('is clean', async () => {
      const { cli, writeSpec, dir } = await project(
        spec(
          [
            'visibility: org',
            'use_cases: [ocr]',
            'check_consents: [""]',
            'metadata: { team: ocr }',
            'image: { url: "https://example.com/icon.png" }',
            '',
          ].join('\n'),
          [
            '    params: { min_value: 0.5 }',
            '    concepts: [{ id: text, value: 1 }]',
            '    output_config: { max_concepts: 5, hyper_params: { beam: 3 } }',
            '',
          ].join('\n'),
        ),
      );
      await expectApplied(cli);
      await expectClean(cli);
      const exported = await cli('export', '-e', 'test', '--out', 'exported');
      expect(exported.code, exported.stdout + exported.stderr).toBe(0);
      expect(exported.stderr).not.toContain("can't be expressed");
      const text = await readFile(join(dir, 'exported', 'vtr.yaml'), 'utf8');
      for (const key of [
        'visibility:',
        'use_cases:',
        'check_consents:',
        'metadata:',
        'image:',
        'params:',
        'concepts:',
        'output_config:',
      ])
        expect(text).toContain(key);
      await writeSpec(text);
      const validate = await cli('validate');
      expect(validate.code, validate.stdout + validate.stderr).toBe(0);
      const fmt = await cli('fmt', '--check');
      expect(fmt.code, fmt.stdout + fmt.stderr).toBe(0);
      await expectClean(cli);
    });
  },
);

describe('workflow image removal from a saved plan', { timeout: 90_000 }, () => {
  it('apply PLANFILE removes the live image too', async () => {
    const { cli, appId, writeSpec } = await project(
      spec('image: { url: "https://example.com/icon.png" }\n'),
    );
    await expectApplied(cli);
    await writeSpec(spec());
    const saved = await cli('plan', '-e', 'test', '--out', 'plan.json');
    expect(saved.code, saved.stdout + saved.stderr).toBe(0);
    const apply = await cli('apply', 'plan.json');
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    expect((await readLive(appId)).image?.url ?? '').toBe('');
    await expectClean(cli);
  });
});
