/**
 * One behaviour, two entry points: the same scenarios through the library
 * (`import { loadProject, validate, plan, apply } from 'vtr-wf'`, here from
 * src) and through the built CLI, with the same results. The in-process
 * emulator of an `emulator: true` environment serves both (real gRPC over
 * loopback; each side starts its own from the same state file).
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, loadProject, plan, unlock, validate, type Plan } from '../src/index.js';
import { runCli } from './helpers/cli.js';

const MODELS = `models:
  text-detector:   { id: "2419e2eae04d04f820e5cf3aba42d0c7", version: "75a5b92a0dec436a891b5ad224ac9170", role: detector }
  cropper:         { id: "ce3f5832af7a4e56ae310d696cbbefd8", version: "a78efb13f7774433aa2fd4864f41f0e6", role: cropper }
  text-recognizer: { id: "9fe78b4150a52794f86f237770141b33", version: "d94413e582f341f68884cac72dbd2c7b", role: recognizer }
`;
const CONFIG = `project: parity\n${MODELS}environments:\n  local:\n    emulator: true\n`;
/** Another config file with an error only in itself: a remote endpoint that is not host:port. */
const BROKEN_CONFIG = `project: parity\n${MODELS}environments:
  local:
    emulator: true
  staging:
    endpoint: "https://api.clarifai.com"
    user_id: acme
    app_id: vtr
`;
/** The same project pointed at another app. */
const OTHER_APP_CONFIG = `project: parity\n${MODELS}environments:\n  local:\n    emulator: true\n    app_id: elsewhere\n`;

const spec = (cropperInput: string) => `id: vtr
nodes:
  - id: detect-concept
    model: text-detector
  - id: image-crop
    model: cropper
    inputs: [${cropperInput}]
  - id: image-to-text
    model: text-recognizer
    inputs: [image-crop]
`;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vtr-wf-parity-'));
  await mkdir(join(dir, 'workflows'));
  await writeFile(join(dir, 'vtr-wf.yaml'), CONFIG);
  await writeFile(join(dir, 'broken.yaml'), BROKEN_CONFIG);
  await writeFile(join(dir, 'other-app.yaml'), OTHER_APP_CONFIG);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const where = (d: { code: string; file: string; line: number; column: number }) =>
  `${d.code} ${d.file}:${d.line}:${d.column}`;

describe('library and CLI agree', () => {
  it('validate: the same diagnostics, and both fail', async () => {
    await writeFile(join(dir, 'workflows/vtr.yaml'), spec('general-concept'));
    const library = validate(await loadProject({ cwd: dir }));
    const cli = await runCli(['validate', '--format', 'json'], { cwd: dir });

    expect(library.ok).toBe(false);
    expect(cli.code).toBe(1);
    const cliDiagnostics = (
      JSON.parse(cli.stdout) as { diagnostics: Parameters<typeof where>[0][] }
    ).diagnostics;
    expect(library.diagnostics.map(where)).toEqual(cliDiagnostics.map(where));
    expect(library.diagnostics.map(where)).toContain('unknown-input workflows/vtr.yaml:7:14');
  });

  it('plan: the same changes', async () => {
    await writeFile(join(dir, 'workflows/vtr.yaml'), spec('detect-concept'));
    const library = await plan({ cwd: dir, environment: 'local' });
    const cli = await runCli(['plan', '-e', 'local', '--format', 'json'], { cwd: dir });

    expect(cli.code).toBe(0);
    const cliPlan = JSON.parse(cli.stdout) as Plan;
    expect(library.plan?.summary).toEqual(cliPlan.summary);
    expect(library.plan?.changes).toEqual(cliPlan.changes);
    expect(library.plan?.summary).toMatchObject({ create: 1 });
  });

  it('apply with --config other.yaml: a config error in that file stops both', async () => {
    const saved = await runCli(['plan', '-e', 'local', '--out', 'plan.json'], { cwd: dir });
    expect(saved.code).toBe(0);
    const planFile = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8')) as Plan;

    const cli = await runCli(['apply', 'plan.json', '--config', 'broken.yaml'], { cwd: dir });
    const library = await apply({ cwd: dir, config: 'broken.yaml', plan: planFile }).then(
      () => 'applied',
      (e: Error) => e.message,
    );

    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('is not host:port');
    expect(library).toContain('is not host:port');
    expect(library).toContain('broken.yaml');
  });

  it('apply of a plan made for another app: both refuse with the same reason, writing nothing', async () => {
    const planFile = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8')) as Plan;
    const cli = await runCli(['apply', 'plan.json', '--config', 'other-app.yaml'], { cwd: dir });
    const library = await apply({ cwd: dir, config: 'other-app.yaml', plan: planFile }).then(
      () => 'applied',
      (e: Error) => e.message,
    );

    expect(cli.code).toBe(1);
    const reason =
      'the plan was made for app local/local, but environment `local` is now local/elsewhere';
    expect(cli.stderr).toContain(reason);
    expect(library).toContain(reason);

    // Nothing was written by either: the plan still creates the workflow.
    const again = await plan({ cwd: dir, environment: 'local' });
    expect(again.plan?.summary).toMatchObject({ create: 1 });
  });

  it('unlock with no lease held: the same result from both, and neither fails', async () => {
    const library = await unlock({ cwd: dir, env: 'local', force: false });
    const cli = await runCli(['unlock', '-e', 'local', '--format', 'json'], { cwd: dir });

    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout)).toEqual(library);
    expect(library).toMatchObject({ removed: false });
  });
});
