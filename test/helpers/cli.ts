/**
 * Runs the BUILT CLI (`node dist/cli/main.js`) as a subprocess, asynchronously
 * — the emulator usually lives in the test process, and a synchronous spawn
 * would stop it from answering. Plus small builders for a project folder whose
 * environment points at that emulator over loopback.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConnectedApi } from '../../src/clarifai/connect.js';
import type { ApiWorkflow } from '../../src/clarifai/types.js';
import type { JsonValue } from '../../src/json.js';
import { afterAll } from 'vitest';
import { VTR_MODELS } from '../../src/vtr-models.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(REPO_ROOT, 'dist/cli/main.js');

/** The variable test projects name as `pat_env`, and its value in subprocesses. */
export const TEST_PAT_ENV = 'VTR_WF_TEST_PAT';
export const TEST_PAT = 'test-pat-0123456789abcdef0123456789abcdef';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed. */
  input?: string;
  /** Kill the child after this long (a test must end); default 60 s. */
  timeoutMs?: number;
}

export interface RunningCli {
  child: ChildProcess;
  /** Everything the child has written to stderr so far. */
  stderr(): string;
  result: Promise<CliResult>;
}

export function startCli(args: readonly string[], opts: CliOptions): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: opts.cwd,
    env: {
      ...process.env,
      NO_COLOR: '1',
      FORCE_COLOR: undefined,
      // Loopback only: no proxy may be involved, and no pacing slows the tests.
      VTR_WF_RATE_LIMIT: '0',
      [TEST_PAT_ENV]: TEST_PAT,
      ...opts.env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  if (opts.input !== undefined) child.stdin?.end(opts.input);
  else child.stdin?.end();
  const result = new Promise<CliResult>((resolvePromise, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
  return { child, stderr: () => stderr, result };
}

export function runCli(args: readonly string[], opts: CliOptions): Promise<CliResult> {
  return startCli(args, opts).result;
}

export interface NodeSpecInput {
  id: string;
  model: string | { id: string; version: string; user_id?: string; app_id?: string };
  inputs?: string[];
  params?: Record<string, unknown>;
}

/** The VTR workflow (detector → cropper → recognizer) under a given id. */
export function vtrNodes(recognizer: NodeSpecInput['model'] = 'text-recognizer'): NodeSpecInput[] {
  return [
    { id: 'detect-concept', model: 'text-detector' },
    { id: 'image-crop', model: 'cropper', inputs: ['detect-concept'] },
    { id: 'image-to-text', model: recognizer, inputs: ['image-crop'] },
  ];
}

export function specYaml(
  id: string,
  nodes: NodeSpecInput[] = vtrNodes(),
  description?: string,
): string {
  const lines = [`id: ${id}`];
  if (description !== undefined) lines.push(`description: ${JSON.stringify(description)}`);
  lines.push('nodes:');
  for (const node of nodes) {
    lines.push(`  - id: ${node.id}`);
    lines.push(
      `    model: ${typeof node.model === 'string' ? node.model : JSON.stringify(node.model)}`,
    );
    if (node.inputs?.length) lines.push(`    inputs: [${node.inputs.join(', ')}]`);
    if (node.params) lines.push(`    params: ${JSON.stringify(node.params)}`);
  }
  return lines.join('\n') + '\n';
}

export interface ProjectInput {
  project?: string;
  /** host:port of the emulator the `test` environment points at. */
  endpoint?: string;
  /** App of the `test` environment (one per test keeps tests apart on one emulator). */
  appId?: string;
  /** Extra environment blocks, as YAML lines under `environments:` (already indented by 2). */
  extraEnvironments?: string;
  /** Overrides for the `test` environment, as YAML under `models:` (indented by 6). */
  testOverrides?: string;
  /** File name (relative to workflows/) → content. */
  specs?: Record<string, string>;
}

/** Project folders made by this test file, removed when its tests are done. */
const madeProjects: string[] = [];
// Registered on the importing test file's suite: every run used to leave its folders in /tmp
// (5000 of them, 3.5 GB, on a machine that ran the suite a few dozen times).
afterAll(async () => {
  await Promise.all(madeProjects.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh project folder: vtr-wf.yaml (the VTR catalog, a `test` environment) and specs. */
export async function makeProject(input: ProjectInput): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vtr-wf-test-'));
  madeProjects.push(dir);
  await writeProject(dir, input);
  return dir;
}

export async function writeProject(dir: string, input: ProjectInput): Promise<void> {
  const models = VTR_MODELS.map(
    (m) => `  ${m.alias}: { id: "${m.id}", version: "${m.version}", role: ${m.role} }`,
  ).join('\n');
  const envs: string[] = [];
  if (input.endpoint) {
    envs.push(
      '  test:',
      `    endpoint: ${input.endpoint}`,
      '    user_id: tester',
      `    app_id: ${input.appId ?? 'app'}`,
      `    pat_env: ${TEST_PAT_ENV}`,
    );
    if (input.testOverrides) envs.push('    models:', input.testOverrides);
  }
  if (input.extraEnvironments) envs.push(input.extraEnvironments);
  const config = [
    `project: ${input.project ?? 'test-project'}`,
    'workflows: workflows',
    'models:',
    models,
    'environments:',
    ...(envs.length ? envs : ['  local: { emulator: true }']),
    '',
  ].join('\n');
  await writeFile(join(dir, 'vtr-wf.yaml'), config);
  await writeSpecs(dir, input.specs ?? {});
}

/** Replaces the whole workflows/ folder's content with these files. */
export async function writeSpecs(dir: string, specs: Record<string, string>): Promise<void> {
  const { rm } = await import('node:fs/promises');
  await rm(join(dir, 'workflows'), { recursive: true, force: true });
  await mkdir(join(dir, 'workflows'), { recursive: true });
  for (const [name, text] of Object.entries(specs)) {
    await mkdir(dirname(join(dir, 'workflows', name)), { recursive: true });
    await writeFile(join(dir, 'workflows', name), text);
  }
}

/** Write calls the emulator received, from `faults.calls`. */
export function writeCalls(calls: Record<string, number>): number {
  return (calls.PostWorkflows ?? 0) + (calls.PatchWorkflows ?? 0) + (calls.DeleteWorkflows ?? 0);
}

/**
 * A client of our own (src/clarifai) for out-of-band changes in tests — what
 * "another client" does to the app between plan and apply.
 */
export async function outOfBandClient(address: string, appId: string): Promise<ConnectedApi> {
  process.env[TEST_PAT_ENV] = TEST_PAT;
  const { connect } = await import('../../src/clarifai/connect.js');
  return connect(
    {
      kind: 'remote',
      name: 'out-of-band',
      endpoint: address,
      user_id: 'tester',
      app_id: appId,
      pat_env: TEST_PAT_ENV,
      tls: 'auto',
      models: {},
    },
    { ratePerSecond: 0 },
  );
}

/** A workflow body as another tool would post it (no vtr-wf mark unless given). */
export function handMadeWorkflow(
  id: string,
  metadata: Record<string, JsonValue> = {},
): ApiWorkflow {
  const [detector, cropper, recognizer] = VTR_MODELS;
  return {
    id,
    description: 'made by hand',
    nodes: [
      { id: 'detect', model: { id: detector!.id, model_version: { id: detector!.version } } },
      {
        id: 'crop',
        model: { id: cropper!.id, model_version: { id: cropper!.version } },
        node_inputs: [{ node_id: 'detect' }],
      },
      {
        id: 'read',
        model: { id: recognizer!.id, model_version: { id: recognizer!.version } },
        node_inputs: [{ node_id: 'crop' }],
      },
    ],
    metadata,
  };
}
