/**
 * `promote` end to end: three environments (dev, staging, prod) on one
 * emulator. A recognizer bump in dev moves to staging, then prod: each step's
 * diff is exactly the pin, vtr-wf.yaml keeps every comment and byte of layout,
 * each `plan` shows one version change per affected workflow, and `apply`
 * converges the environment.
 */
import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import type { Plan } from '../src/plan/types.js';
import { VTR_MODELS } from '../src/vtr-models.js';
import { REPO_ROOT, runCli, specYaml, vtrNodes } from './helpers/cli.js';

const RECOGNIZER = VTR_MODELS[2]!;
const BUMPED = 'e1e2e3e4e5e6e7e8e9e0e1e2e3e4e5e6';
const FIXTURE = join(REPO_ROOT, 'test/fixtures/promote/vtr-wf.yaml');

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    knownModels: [{ id: RECOGNIZER.id, version: BUMPED }],
  });
});
afterAll(async () => {
  await emulator?.close();
});

/** The fixture config, pointed at this emulator, with three specs (two read text). */
async function threeStageProject() {
  const dir = await mkdtemp(join(tmpdir(), 'vtr-wf-promote-'));
  const config = (await readFile(FIXTURE, 'utf8')).replaceAll('127.0.0.1:1', emulator.address);
  await writeFile(join(dir, 'vtr-wf.yaml'), config);
  await mkdir(join(dir, 'workflows'));
  await writeFile(join(dir, 'workflows/vtr.yaml'), specYaml('vtr'));
  await writeFile(join(dir, 'workflows/receipts.yaml'), specYaml('receipts', vtrNodes()));
  await writeFile(
    join(dir, 'workflows/detect-only.yaml'),
    specYaml('detect-only', [{ id: 'detect', model: 'text-detector' }]),
  );
  const cli = (...args: string[]) => runCli(args, { cwd: dir });
  return { dir, cli, config };
}

function commentLines(text: string): string[] {
  return text.split('\n').filter((line) => line.includes('#'));
}

/** The staging/prod block of the fixture with the promoted override added after its last key. */
function withOverride(text: string, env: 'staging' | 'prod'): string {
  const anchor =
    env === 'staging'
      ? '    app_id: vtr-staging\n    pat_env: VTR_WF_TEST_PAT\n'
      : '    app_id: vtr-prod\n    pat_env: VTR_WF_TEST_PAT  # the same key: one test account\n';
  expect(text).toContain(anchor);
  return text.replace(
    anchor,
    `${anchor}    models:\n      text-recognizer: { version: "${BUMPED}" }\n`,
  );
}

async function planJson(
  cli: (...args: string[]) => Promise<{ code: number | null; stdout: string; stderr: string }>,
  env: string,
): Promise<Plan> {
  const result = await cli('plan', '-e', env, '--format', 'json');
  expect(result.stderr).not.toMatch(/error/);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Plan;
}

describe('promote dev → staging → prod', () => {
  it('moves one recognizer bump through the stages, keeping vtr-wf.yaml as written', async () => {
    const { dir, cli, config: original } = await threeStageProject();
    for (const env of ['dev', 'staging', 'prod']) {
      const applied = await cli('apply', '-e', env, '--auto-approve');
      expect(applied.stderr).not.toMatch(/error/);
      expect(applied.code).toBe(0);
    }
    const readConfig = () => readFile(join(dir, 'vtr-wf.yaml'), 'utf8');

    // A dry run shows the diff and writes nothing.
    const dry = await cli('promote', '--from', 'dev', '--to', 'staging', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`+      text-recognizer: { version: "${BUMPED}" }`);
    expect(await readConfig()).toBe(original);

    let expected = original;
    for (const [from, to] of [
      ['dev', 'staging'],
      ['staging', 'prod'],
    ] as const) {
      const promoted = await cli('promote', '--from', from, '--to', to);
      expect(promoted.stderr).not.toMatch(/error/);
      expect(promoted.code).toBe(0);
      // The diff is exactly the new override, nothing else.
      const changed = promoted.stdout.split('\n').filter((l) => /^[+-](?![+-]{2} )/.test(l));
      expect(changed).toEqual(['+    models:', `+      text-recognizer: { version: "${BUMPED}" }`]);
      expect(promoted.stdout).toMatch(/^--- a\/vtr-wf\.yaml\n\+\+\+ b\/vtr-wf\.yaml\n@@ /);

      expected = withOverride(expected, to);
      const now = await readConfig();
      expect(now).toBe(expected);
      expect(commentLines(now)).toEqual(commentLines(original));

      const plan = await planJson(cli, to);
      expect(plan.summary).toEqual({ create: 0, update: 2, delete: 0, rename: 0, unchanged: 1 });
      for (const change of plan.changes) {
        expect(change.action).toBe('update');
        expect(change.diffs).toEqual([
          { path: '/nodes/image-to-text/model/version', before: RECOGNIZER.version, after: BUMPED },
        ]);
      }
      expect(plan.changes.map((c) => c.id)).toEqual(['receipts', 'vtr']);

      const applied = await cli('apply', '-e', to, '--auto-approve');
      expect(applied.code).toBe(0);
      expect(applied.stdout).toContain('applied 2 of 2');
      expect((await cli('plan', '-e', to, '--detailed-exitcode')).code).toBe(0);
    }
    // dev was never touched.
    expect((await cli('plan', '-e', 'dev', '--detailed-exitcode')).code).toBe(0);

    // Everything now runs dev's pins: a no-op that says so and leaves the file alone.
    const again = await cli('promote', '--from', 'dev', '--to', 'prod');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Nothing to promote/);
    expect(await readConfig()).toBe(expected);
  }, 240_000); // ~20 CLI runs; a loaded machine makes each take seconds

  it('rolls prod back to the catalog pin by removing its override; --models limits the aliases', async () => {
    const { dir, cli, config } = await threeStageProject();
    await writeFile(join(dir, 'vtr-wf.yaml'), withOverride(config, 'prod'));

    const onlyCropper = await cli(
      'promote',
      '--from',
      'staging',
      '--to',
      'prod',
      '--models',
      'cropper',
    );
    expect(onlyCropper.stdout).toMatch(/Nothing to promote/);
    const json = await cli(
      'promote',
      '--from',
      'staging',
      '--to',
      'prod',
      '--models',
      'text-recognizer,cropper',
      '--format',
      'json',
    );
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      changed: true,
      written: true,
      changes: [{ alias: 'text-recognizer', field: 'version', before: BUMPED, after: null }],
    });
    expect(await readFile(join(dir, 'vtr-wf.yaml'), 'utf8')).toBe(config);

    const unknown = await cli(
      'promote',
      '--from',
      'staging',
      '--to',
      'prod',
      '--models',
      'text-recogniser',
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('did you mean `text-recognizer`?');
    // An empty list (an unset CI variable, say) names no alias: it must not mean "every alias".
    for (const empty of ['', ' , ']) {
      const none = await cli('promote', '--from', 'staging', '--to', 'prod', '--models', empty);
      expect(none.code, `--models '${empty}'`).toBe(1);
      expect(none.stderr).toContain('--models names no model alias');
    }
    const badEnv = await cli('promote', '--from', 'staging', '--to', 'production');
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toContain('unknown environment `production`');
    expect(await readFile(join(dir, 'vtr-wf.yaml'), 'utf8')).toBe(config);
  });
});
