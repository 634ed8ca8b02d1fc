/**
 * Security review, secrets: a unique PAT appears in no stdout, stderr, plan
 * file, backup, export, emulator state or any other file — through every
 * command that talks to an app (plan, plan --all-envs, plan --out, apply,
 * apply PLANFILE, export to stdout and to --out, unlock), all with --verbose,
 * and when the server echoes the key back in an error (the emulator's ECHO_KEY
 * fault) on a read, on a write and on the lease. Complements
 * test/client-secrets.test.ts (the client's errors and log lines) and
 * test/client-secrets-cli.test.ts (plan/apply, rejected and missing keys).
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import { REPO_ROOT, runCli, specYaml } from './helpers/cli.js';
import { mustStartEmulator, type EmulatorProcess } from './helpers/emulator-process.js';

const PAT_ENV = 'VTR_WF_SECURITY_PAT';
// Unique: any occurrence anywhere can only be a leak.
const KEY = `sec-${randomBytes(16).toString('hex')}`;

let inProcess: RunningEmulator;
let subprocess: EmulatorProcess;
let dir: string;
let stateDir: string;
const outputs: string[] = [];

/** Every file under a folder, hidden ones included. */
function allFiles(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

async function cli(args: string[], key = KEY): Promise<{ code: number | null; out: string }> {
  const r = await runCli(args, { cwd: dir, env: { [PAT_ENV]: key } });
  const out = r.stdout + r.stderr;
  outputs.push(out);
  return { code: r.code, out };
}

beforeAll(async () => {
  inProcess = await startEmulator({ port: 0, requireKey: KEY });
  stateDir = mkdtempSync(join(tmpdir(), 'vtr-wf-sec-state-'));
  subprocess = await mustStartEmulator(
    [
      '--port',
      '0',
      '--state',
      join(stateDir, 'state.json'),
      '--require-key-env',
      'SEC_KEY',
      '--verbose',
    ],
    { cwd: stateDir, env: { SEC_KEY: KEY } },
  );
  dir = mkdtempSync(join(tmpdir(), 'vtr-wf-sec-'));
  cpSync(join(REPO_ROOT, 'workflows'), join(dir, 'workflows'), { recursive: true });
  const config = readFileSync(join(REPO_ROOT, 'vtr-wf.yaml'), 'utf8');
  const env = (name: string, address: string) =>
    `  ${name}:\n    endpoint: ${address}\n    user_id: sec\n    app_id: ${name}\n    pat_env: ${PAT_ENV}\n`;
  writeFileSync(
    join(dir, 'vtr-wf.yaml'),
    `${config.trimEnd()}\n${env('inproc', inProcess.address)}${env('subproc', subprocess.address)}`,
  );
});

afterAll(async () => {
  await inProcess?.close();
  if (subprocess) await subprocess.stop();
});

describe('the PAT', () => {
  it('never shows in output or files, through every command, with --verbose, also when echoed', async () => {
    for (const env of ['inproc', 'subproc']) {
      expect((await cli(['plan', '-e', env, '--verbose'])).code).toBe(0);
      expect((await cli(['apply', '-e', env, '--auto-approve', '--verbose'])).code).toBe(0);
      // A key with a trailing newline (as `export X=$(cat file)` can leave) is found as well.
      expect((await cli(['plan', '-e', env, '--verbose'], `${KEY}\n`)).code).toBe(0);
      expect((await cli(['export', '-e', env, '--verbose'])).code).toBe(0);
      expect((await cli(['export', '-e', env, '--out', `exported-${env}`, '--verbose'])).code).toBe(
        0,
      );
      expect((await cli(['unlock', '-e', env, '--verbose'])).code).toBe(0);
    }
    // An update (so a backup is written), saved as a plan and applied from the file.
    const spec = join(
      dir,
      'workflows',
      readdirSync(join(dir, 'workflows')).find((f) => f.endsWith('.yaml')) as string,
    );
    writeFileSync(spec, readFileSync(spec, 'utf8').replace(/^description:.*$/m, 'description: v2'));
    const planned = await cli([
      'plan',
      '-e',
      'inproc',
      '--out',
      'plan.json',
      '--format',
      'markdown',
      '--verbose',
    ]);
    expect(planned.code).toBe(0);
    expect((await cli(['apply', 'plan.json', '--verbose'])).code).toBe(0);
    expect((await cli(['plan', '--all-envs', '--format', 'json', '--verbose'])).code).toBe(0);

    // The server echoes the key: on the list, on the lease, on a workflow write, on unlock's read.
    writeFileSync(join(dir, 'workflows', 'echo.yaml'), specYaml('echo-me'));
    inProcess.faults.failNext('ListWorkflows', 1, 'ECHO_KEY');
    expect((await cli(['plan', '-e', 'inproc', '--verbose'])).code).toBe(1);
    inProcess.faults.failNext('PostWorkflows', 1, 'ECHO_KEY');
    expect((await cli(['apply', '-e', 'inproc', '--auto-approve', '--verbose'])).code).toBe(1);
    inProcess.faults.failNext('PostWorkflows', 1, 'ECHO_KEY');
    const write = await cli([
      'apply',
      '-e',
      'inproc',
      '--auto-approve',
      '--no-lock',
      '--format',
      'json',
      '--verbose',
    ]);
    expect(write.code).toBe(1);
    expect(write.out).toContain(PAT_ENV);
    inProcess.faults.failNext('ListWorkflows', 1, 'ECHO_KEY');
    expect((await cli(['export', '-e', 'inproc', '--verbose'])).code).toBe(1);
    inProcess.faults.failNext('GetWorkflow', 1, 'ECHO_KEY');
    expect((await cli(['unlock', '-e', 'inproc', '--verbose'])).code).toBe(1);
    expect(inProcess.faults.calls.PostWorkflows).toBeGreaterThan(0);

    await subprocess.stop();
    outputs.push(subprocess.stdout(), subprocess.stderr());

    for (const out of outputs) expect(out).not.toContain(KEY);
    const files = [...allFiles(dir), ...allFiles(stateDir)];
    // What was meant to be written was: backups, the plan, exports, the emulator's state.
    expect(files.some((f) => f.includes(join('.vtr-wf', 'backups')))).toBe(true);
    expect(files.some((f) => f.endsWith('plan.json'))).toBe(true);
    expect(files.some((f) => f.includes('exported-subproc'))).toBe(true);
    expect(files).toContain(join(stateDir, 'state.json'));
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toContain(KEY);
  }, 180_000);
});
