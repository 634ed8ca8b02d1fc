/**
 * Issue 12 item 7 — an app-specific API key instead of a PAT. Clarifai's docs
 * (Authentication › App-Specific API Keys / Authorize): the key is sent like a
 * PAT (`authorization: Key …`), and it "ties in user_id and app_id", so a
 * request made with it names neither. An environment with `key_type: app`
 * leaves user_app_id out; the emulator's `--key-app USER/APP` makes the
 * required key such a key. Official client and built CLI over loopback.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/emulator/server.js';
import { VTR_MODELS } from '../src/vtr-models.js';
import { REPO_ROOT, makeProject, runCli, specYaml } from './helpers/cli.js';
import { isRunning, mustStartEmulator, spawnEmulator } from './helpers/emulator-process.js';
import { officialClient, type Message } from './helpers/official-client.js';

const KEY = 'app-key-3b9d0c41e7a2f86519cd';
const KEY_APP = { user_id: 'acme', app_id: 'ci' };
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function workflow(id: string): Message {
  const [detector] = VTR_MODELS;
  return {
    id,
    nodes: [{ id: 'n', model: { id: detector!.id, model_version: { id: detector!.version } } }],
  };
}

describe('the emulator with an app-specific key (official client)', { timeout: 30_000 }, () => {
  it("serves a request without user_app_id in the key's app, and refuses another app (11007)", async () => {
    const emulator = await startEmulator({ port: 0, requireKey: KEY, keyApp: KEY_APP });
    const client = officialClient(emulator.address, { key: KEY });
    try {
      const posted = await client.call('PostWorkflows', { workflows: [workflow('by-app-key')] });
      expect(posted.status.code, posted.status.details).toBe(10000);
      const listed = await client.call('ListWorkflows', {});
      expect(listed.workflows.map((w: Message) => w.id)).toEqual(['by-app-key']);
      // The same app named outright is the same app.
      const named = await client.call('GetWorkflow', {
        user_app_id: KEY_APP,
        workflow_id: 'by-app-key',
      });
      expect(named.status.code).toBe(10000);
      const other = await client.call('ListWorkflows', {
        user_app_id: { user_id: 'acme', app_id: 'prod' },
      });
      expect(other.status.code).toBe(11007);
      const wrongKey = await client.call('ListWorkflows', {}, { key: 'not-the-key' });
      expect(wrongKey.status.code).toBe(11008);
    } finally {
      client.close();
      await emulator.close();
    }
  });

  it('without --key-app, a request without user_app_id is 11102 and the answer says why', async () => {
    const emulator = await startEmulator({ port: 0 });
    const client = officialClient(emulator.address);
    try {
      const res = await client.call('ListWorkflows', {});
      expect(res.status.code).toBe(11102);
      expect(res.status.details).toMatch(/app-specific API key implies its app/);
    } finally {
      client.close();
      await emulator.close();
    }
  });
});

describe('key_type: app end to end (built CLI, `vtr-wf emulator --require-key-env --key-app`)', () => {
  it('plan, apply, plan clean, export and run work, and no call names an app', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtr-wf-app-key-'));
    dirs.push(dir);
    cpSync(join(REPO_ROOT, 'vtr-wf.yaml'), join(dir, 'vtr-wf.yaml'));
    cpSync(join(REPO_ROOT, 'workflows'), join(dir, 'workflows'), { recursive: true });
    const emulator = await mustStartEmulator(
      ['--port', '0', '--require-key-env', 'EMU_APP_KEY', '--key-app', 'acme/ci', '--verbose'],
      { cwd: dir, env: { EMU_APP_KEY: KEY } },
    );
    try {
      appendFileSync(
        join(dir, 'vtr-wf.yaml'),
        [
          '  ci:',
          `    endpoint: ${emulator.address}`,
          '    user_id: acme',
          '    app_id: ci',
          '    pat_env: EMU_APP_KEY',
          '    key_type: app',
          '',
        ].join('\n'),
      );
      const cli = (...args: string[]) =>
        runCli(args, { cwd: dir, env: { EMU_APP_KEY: KEY }, timeoutMs: 120_000 });

      const plan = await cli('plan', '-e', 'ci', '--detailed-exitcode');
      expect(plan.code, plan.stdout + plan.stderr).toBe(2);
      const apply = await cli('apply', '-e', 'ci', '--auto-approve');
      expect(apply.code, apply.stdout + apply.stderr).toBe(0);
      const clean = await cli('plan', '-e', 'ci', '--detailed-exitcode');
      expect(clean.code, clean.stdout + clean.stderr).toBe(0);
      const exported = await cli('export', '-e', 'ci', 'visual-text-recognition', '--out', 'out');
      expect(exported.code, exported.stderr).toBe(0);
      const run = await cli(
        'run',
        '-e',
        'ci',
        'visual-text-recognition',
        'workflows/images/sold-sign.png',
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toMatch(/SOLD/);

      const rejected = await runCli(['plan', '-e', 'ci'], {
        cwd: dir,
        env: { EMU_APP_KEY: 'a-wrong-app-key-000000000000' },
      });
      expect(rejected.code).not.toBe(0);
      expect(rejected.stderr).toMatch(/EMU_APP_KEY.*app-specific API key/);
    } finally {
      await emulator.stop('SIGTERM');
    }
    // Every call the emulator logged reached the app through the key alone.
    const calls = emulator
      .stderr()
      .split('\n')
      .filter((line) => /^emulator: [A-Z]\w+ /.test(line));
    expect(calls.length).toBeGreaterThan(4);
    for (const line of calls) expect(line).toContain('acme/ci (app implied by the key)');
    expect(emulator.stderr()).not.toContain(KEY);
  }, 180_000);

  it('a model of another app (clarifai/main) with an app key: plan says a PAT is needed, not that the key is invalid', async () => {
    const publicModel = {
      id: 'general-image-recognition',
      version: 'aa7f35c01e0642fda5cf400f543e7c40',
      user_id: 'clarifai',
      app_id: 'main',
    };
    const emulator = await startEmulator({
      port: 0,
      requireKey: KEY,
      keyApp: KEY_APP,
      knownModels: [publicModel],
    });
    try {
      const dir = await makeProject({
        extraEnvironments: [
          '  ci:',
          `    endpoint: ${emulator.address}`,
          '    user_id: acme',
          '    app_id: ci',
          '    pat_env: EMU_APP_KEY',
          '    key_type: app',
        ].join('\n'),
        specs: { 'concepts.yaml': specYaml('concepts', [{ id: 'c', model: publicModel }]) },
      });
      dirs.push(dir);
      const plan = await runCli(['plan', '-e', 'ci'], { cwd: dir, env: { EMU_APP_KEY: KEY } });
      expect(plan.code).not.toBe(0);
      expect(plan.stderr).toMatch(/CONN_INSUFFICIENT_SCOPES 11007/);
      expect(plan.stderr).toMatch(/reaches only its own app.*personal access token/);
      expect(plan.stderr).not.toContain(KEY);
    } finally {
      await emulator.close();
    }
  }, 60_000);

  it('vtr-wf emulator --key-app must be USER_ID/APP_ID', async () => {
    const started = await spawnEmulator(['--port', '0', '--key-app', 'just-an-app']);
    expect(isRunning(started)).toBe(false);
    if (isRunning(started)) {
      await started.stop();
      return;
    }
    expect(started.code).toBe(1);
    expect(started.stderr).toMatch(/--key-app must be USER_ID\/APP_ID/);
  });

  it('validate: key_type must be pat or app, and only in a remote environment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtr-wf-app-key-'));
    dirs.push(dir);
    cpSync(join(REPO_ROOT, 'workflows'), join(dir, 'workflows'), { recursive: true });
    const base = [
      'models:',
      '  text-detector:   { id: "2419e2eae04d04f820e5cf3aba42d0c7", version: "75a5b92a0dec436a891b5ad224ac9170", role: detector }',
      '  cropper:         { id: "ce3f5832af7a4e56ae310d696cbbefd8", version: "a78efb13f7774433aa2fd4864f41f0e6", role: cropper }',
      '  text-recognizer: { id: "9fe78b4150a52794f86f237770141b33", version: "d94413e582f341f68884cac72dbd2c7b", role: recognizer }',
      'environments:',
    ];
    writeFileSync(
      join(dir, 'vtr-wf.yaml'),
      [...base, '  ci: { user_id: acme, app_id: ci, key_type: apps }', ''].join('\n'),
    );
    const bad = await runCli(['validate'], { cwd: dir });
    expect(bad.code).not.toBe(0);
    expect(bad.stdout + bad.stderr).toMatch(/key_type.*pat, app/);
    writeFileSync(
      join(dir, 'vtr-wf.yaml'),
      [...base, '  local: { emulator: true, key_type: app }', ''].join('\n'),
    );
    const misplaced = await runCli(['validate'], { cwd: dir });
    expect(misplaced.code).not.toBe(0);
    expect(misplaced.stdout + misplaced.stderr).toMatch(/key_type.*remote environments/);
    writeFileSync(
      join(dir, 'vtr-wf.yaml'),
      [...base, '  ci: { user_id: acme, app_id: ci, key_type: app }', ''].join('\n'),
    );
    const good = await runCli(['validate'], { cwd: dir });
    expect(good.code, good.stdout + good.stderr).toBe(0);
  }, 60_000);
});
