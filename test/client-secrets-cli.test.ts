/**
 * End to end through the built CLI: a unique key shows up in no stdout,
 * stderr or file — with --verbose, on success, on a rejection, and when the
 * server echoes the key back. Needs `npm run build` (npm test does it).
 */
import { spawn } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist/cli/main.js');
const PAT_ENV = 'VTR_WF_CLI_SECRET_PAT';
const KEY = `cli-secret-${process.pid}-9b8a7f6e5d4c3b2a1f0e`;

let emulator: RunningEmulator;
let dir: string;

/** Async on purpose: the emulator runs in this process and must keep answering. */
function run(
  args: string[],
  key: string | undefined = KEY,
): Promise<{ code: number | null; out: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', VTR_WF_RATE_LIMIT: '0' };
  delete env[PAT_ENV];
  if (key !== undefined) env[PAT_ENV] = key;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env, timeout: 60_000 });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, out }));
  });
}

/** Every file under the project, .vtr-wf (backups, plans) included. */
function allFiles(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

beforeAll(async () => {
  emulator = await startEmulator({ host: '127.0.0.1', port: 0, requireKey: KEY });
  dir = mkdtempSync(join(tmpdir(), 'vtr-wf-cli-secret-'));
  cpSync(join(ROOT, 'workflows'), join(dir, 'workflows'), { recursive: true });
  const config = readFileSync(join(ROOT, 'vtr-wf.yaml'), 'utf8');
  writeFileSync(
    join(dir, 'vtr-wf.yaml'),
    `${config.trimEnd()}\n  staging:\n    endpoint: ${emulator.address}\n    user_id: acme\n` +
      `    app_id: secrets\n    pat_env: ${PAT_ENV}\n`,
  );
});

afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the key through the CLI', () => {
  it('is never printed or written, whatever happens', async () => {
    const outputs: string[] = [];
    const step = async (args: string[], key?: string) => {
      const r = await run(args, key);
      outputs.push(r.out);
      return r;
    };

    expect((await step(['plan', '-e', 'staging', '--verbose'])).code).toBe(0);
    expect((await step(['apply', '-e', 'staging', '--auto-approve', '--verbose'])).code).toBe(0);
    // A change, so apply saves a backup of the live workflow before overwriting it.
    const spec = join(
      dir,
      'workflows',
      readdirSync(join(dir, 'workflows')).find((f) => f.endsWith('.yaml'))!,
    );
    writeFileSync(
      spec,
      readFileSync(spec, 'utf8').replace(/^description:.*$/m, 'description: changed'),
    );
    expect(
      (await step(['plan', '-e', 'staging', '--out', 'plan.json', '--format', 'json', '--verbose']))
        .code,
    ).toBe(0);
    expect((await step(['apply', 'plan.json', '--verbose'])).code).toBe(0);

    emulator.faults.failNext('*', 1, 'ECHO_KEY');
    const echoed = await step(['plan', '-e', 'staging', '--verbose']);
    expect(echoed.code).toBe(1);
    expect(echoed.out).toContain(PAT_ENV);

    const wrong = await step(['plan', '-e', 'staging'], `${KEY}-but-wrong`);
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(new RegExp(`the key in ${PAT_ENV} was rejected`));

    const missing = await step(['plan', '-e', 'staging'], '');
    expect(missing.code).toBe(1);
    expect(missing.out).toContain(PAT_ENV);

    for (const out of outputs) expect(out).not.toContain(KEY);
    const files = allFiles(dir);
    expect(files.some((f) => f.includes('backups'))).toBe(true);
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toContain(KEY);
  });
});
