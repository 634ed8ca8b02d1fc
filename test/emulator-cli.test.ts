/**
 * `vtr-wf emulator` as users run it: the built CLI in a subprocess, driven
 * over loopback by a client built from the official protos.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VTR_MODELS } from '../src/vtr-models.js';
import { isRunning, mustStartEmulator, spawnEmulator } from './helpers/emulator-process.js';
import { officialClient, type Message } from './helpers/official-client.js';

const detector = VTR_MODELS[0] as (typeof VTR_MODELS)[number];
const app = { user_id: 'local', app_id: 'cli' };
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vtr-wf-emulator-cli-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function workflow(
  id: string,
  modelRef: Message = { id: detector.id, model_version: { id: detector.version } },
): Message {
  return { id, nodes: [{ id: 'n', model: modelRef }] };
}

describe('vtr-wf emulator', () => {
  it('prints exactly "listening on HOST:PORT", serves the official client, exits 143 on SIGTERM', async () => {
    const emulator = await mustStartEmulator(['--port', '0'], { cwd: tempDir() });
    expect(emulator.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(emulator.address.endsWith(':0')).toBe(false);
    const client = officialClient(emulator.address);
    try {
      const posted = await client.call('PostWorkflows', {
        user_app_id: app,
        workflows: [workflow('from-cli')],
      });
      expect(posted.status.code).toBe(10000);
      const got = await client.call('GetWorkflow', { user_app_id: app, workflow_id: 'from-cli' });
      expect(got.workflow.nodes[0].model.model_version.id).toBe(detector.version);
    } finally {
      client.close();
    }
    // The contract's exit codes hold for every command: 143 on SIGTERM, after a graceful close.
    expect(await emulator.stop('SIGTERM')).toEqual({ code: 143, signal: null });
    expect(emulator.stdout()).toBe(`listening on ${emulator.address}\n`);
  });

  it('exits 130 on SIGINT and 129 on SIGHUP, closing gracefully (not killed by the signal)', async () => {
    const interrupted = await mustStartEmulator(['--port', '0'], { cwd: tempDir() });
    expect(await interrupted.stop('SIGINT')).toEqual({ code: 130, signal: null });
    const hungUp = await mustStartEmulator(['--port', '0'], { cwd: tempDir() });
    expect(await hungUp.stop('SIGHUP')).toEqual({ code: 129, signal: null });
  });

  it('--require-key-env demands that key (11008 otherwise) and --verbose never logs it', async () => {
    const key = 'cli-emulator-key-5f0c2b7e9a13d846';
    const emulator = await mustStartEmulator(
      ['--port', '0', '--require-key-env', 'EMU_TEST_KEY', '--verbose'],
      {
        cwd: tempDir(),
        env: { EMU_TEST_KEY: key },
      },
    );
    const client = officialClient(emulator.address);
    try {
      const wrong = await client.call(
        'ListWorkflows',
        { user_app_id: app },
        { key: 'not-the-key' },
      );
      expect(wrong.status.code).toBe(11008);
      const none = await client.call('ListWorkflows', { user_app_id: app });
      expect(none.status.code).toBe(11009);
      const right = await client.call('ListWorkflows', { user_app_id: app }, { key });
      expect(right.status.code).toBe(10000);
    } finally {
      client.close();
    }
    await emulator.stop();
    expect(emulator.stderr()).toContain('ListWorkflows local/cli -> 11008');
    expect(emulator.stderr()).toContain('ListWorkflows local/cli -> 10000');
    expect(emulator.stderr() + emulator.stdout()).not.toContain(key);
  });

  it('refuses --require-key-env naming an unset variable, naming it', async () => {
    const result = await spawnEmulator(['--port', '0', '--require-key-env', 'EMU_UNSET_VAR'], {
      cwd: tempDir(),
      env: { EMU_UNSET_VAR: undefined },
    });
    expect(isRunning(result)).toBe(false);
    if (isRunning(result)) return;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('EMU_UNSET_VAR');
    expect(result.stdout).toBe('');
  });

  it.each([
    [['--port', 'abc'], '--port'],
    [['--port', '70000'], '--port'],
    [['--port', '0', '--tls-cert', 'cert.pem'], '--tls-key'],
  ])('refuses bad flags %j with exit 1', async (args, mention) => {
    const result = await spawnEmulator(args, { cwd: tempDir() });
    expect(isRunning(result)).toBe(false);
    if (isRunning(result)) return;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(mention);
  });

  it('knows every model the project names (catalog, overrides, inline) with --config, and no others', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'specs', 'nested'), { recursive: true });
    writeFileSync(
      path.join(dir, 'vtr-wf.yaml'),
      [
        'project: p',
        'workflows: specs',
        'models:',
        '  mine: { id: "catalog-model", version: "catalog-v1", user_id: "acme", app_id: "models" }',
        'environments:',
        '  local: { emulator: true }',
        '  staging:',
        '    user_id: acme',
        '    app_id: staging',
        '    models:',
        '      mine: { version: "override-v2" }',
        '',
      ].join('\n'),
    );
    writeFileSync(
      path.join(dir, 'specs', 'nested', 'two.yaml'),
      'id: a\nnodes:\n  - id: n\n    model: mine\n---\nid: b\nnodes:\n  - id: n\n    model: { id: "inline-model", version: "inline-v1" }\n',
    );
    const emulator = await mustStartEmulator(
      ['--port', '0', '--config', path.join(dir, 'vtr-wf.yaml')],
      {
        cwd: tempDir(),
      },
    );
    const client = officialClient(emulator.address);
    try {
      const version = (model_id: string, version_id: string) =>
        client.call('GetModelVersion', { user_app_id: app, model_id, version_id });
      expect((await version('catalog-model', 'catalog-v1')).model_version.user_id).toBe('acme');
      expect((await version('catalog-model', 'override-v2')).status.code).toBe(10000);
      expect((await version('inline-model', 'inline-v1')).status.code).toBe(10000);
      expect((await version(detector.id, detector.version)).status.code).toBe(10000);
      expect((await version('catalog-model', 'nope')).status.code).toBe(21200);
      expect((await version('other-model', 'v')).status.code).toBe(21200);
      const posted = await client.call('PostWorkflows', {
        user_app_id: app,
        workflows: [
          workflow('uses-inline', { id: 'inline-model', model_version: { id: 'inline-v1' } }),
        ],
      });
      expect(posted.status.code).toBe(10000);
    } finally {
      client.close();
      await emulator.stop();
    }
  });

  it('finds ./vtr-wf.yaml without --config', async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'vtr-wf.yaml'),
      'models:\n  mine: { id: "cwd-model", version: "cwd-v1" }\nenvironments:\n  local: { emulator: true }\n',
    );
    const emulator = await mustStartEmulator(['--port', '0'], { cwd: dir });
    const client = officialClient(emulator.address);
    try {
      const r = await client.call('GetModel', { user_app_id: app, model_id: 'cwd-model' });
      expect(r.status.code).toBe(10000);
      // A model without an owner lives in the app that asks.
      expect(r.model).toMatchObject({ user_id: 'local', app_id: 'cli' });
    } finally {
      client.close();
      await emulator.stop();
    }
  });

  it('serves with a broken vtr-wf.yaml but says so on stderr, and is quiet about a sound one', async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'vtr-wf.yaml'),
      'models:\n  mine: { id: "cwd-model", version: "cwd-v1" }\nenvironments: [\n',
    );
    const broken = await mustStartEmulator(['--port', '0'], { cwd: dir });
    try {
      // stderr and stdout are separate pipes: the warning, written before the listening line,
      // may still be on its way when the listening line has been read (bounded wait).
      for (let i = 0; i < 50 && !broken.stderr().includes('warning'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(broken.stderr()).toContain('warning: vtr-wf.yaml has an error');
      expect(broken.stderr()).toContain('vtr-wf validate');
    } finally {
      await broken.stop();
    }
    writeFileSync(
      path.join(dir, 'vtr-wf.yaml'),
      'models:\n  mine: { id: "cwd-model", version: "cwd-v1" }\nenvironments:\n  local: { emulator: true }\n',
    );
    const sound = await mustStartEmulator(['--port', '0'], { cwd: dir });
    try {
      expect(sound.stderr()).not.toContain('warning');
    } finally {
      await sound.stop();
    }
  });
});

describe('vtr-wf emulator --state', () => {
  it('keeps state across restarts in the documented format, and creates missing folders', async () => {
    const dir = tempDir();
    const state = path.join(dir, 'deep', 'er', 'emulator.json');
    let emulator = await mustStartEmulator(['--port', '0', '--state', state], { cwd: dir });
    let client = officialClient(emulator.address);
    const metadata = {
      fields: { 'vtr-wf': { structValue: { fields: { project: { stringValue: 'p' } } } } },
    };
    try {
      const r = await client.call('PostWorkflows', {
        user_app_id: app,
        workflows: [{ ...workflow('kept'), metadata }, workflow('gone')],
      });
      expect(r.status.code).toBe(10000);
      expect(
        (await client.call('DeleteWorkflows', { user_app_id: app, ids: ['gone'] })).status.code,
      ).toBe(10000);
    } finally {
      client.close();
      await emulator.stop();
    }
    const saved = JSON.parse(readFileSync(state, 'utf8'));
    expect(saved).toMatchObject({ format: 'vtr-wf-emulator-state', version: 2 });
    expect(Object.keys(saved.apps)).toEqual(['local/cli']);
    expect(saved.apps['local/cli'].workflows.kept.metadata).toEqual({ 'vtr-wf': { project: 'p' } });
    expect(readdirNoTemp(path.dirname(state))).toEqual(['emulator.json']);

    emulator = await mustStartEmulator(['--port', '0', '--state', state], { cwd: dir });
    client = officialClient(emulator.address);
    try {
      const list = await client.call('ListWorkflows', { user_app_id: app });
      expect(list.workflows.map((w: Message) => w.id)).toEqual(['kept']);
      expect(
        list.workflows[0].metadata.fields['vtr-wf'].structValue.fields.project.stringValue,
      ).toBe('p');
    } finally {
      client.close();
      await emulator.stop();
    }
  });

  it.each([
    [
      'corrupt (not JSON)',
      '{"format": "vtr-wf-emulator-state", "version": 1, "apps": {',
      /corrupt/,
    ],
    [
      'foreign (another format)',
      '{"format": "terraform-state", "version": 4}',
      /not a vtr-wf emulator state file/,
    ],
    ['foreign (a JSON array)', '[1, 2, 3]', /not a vtr-wf emulator state file/],
    [
      'from a newer vtr-wf',
      '{"format": "vtr-wf-emulator-state", "version": 99, "apps": {}}',
      /version 99/,
    ],
  ])(
    'refuses a %s state file with exit 1, naming it, and leaves it alone',
    async (_what, content, why) => {
      const dir = tempDir();
      const state = path.join(dir, 'state.json');
      writeFileSync(state, content);
      const result = await spawnEmulator(['--port', '0', '--state', state], { cwd: dir });
      expect(isRunning(result)).toBe(false);
      if (isRunning(result)) return;
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(state);
      expect(result.stderr).toMatch(why);
      expect(result.stderr).not.toContain('internal error');
      expect(result.stdout).toBe('');
      expect(readFileSync(state, 'utf8')).toBe(content);
    },
  );
});

function readdirNoTemp(dir: string): string[] {
  return execFileSync('ls', ['-A', dir], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('vtr-wf emulator --tls-cert/--tls-key', () => {
  it.skipIf(!hasOpenssl)('serves TLS with the given certificate', async () => {
    const dir = tempDir();
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    expect(existsSync(cert)).toBe(true);
    const emulator = await mustStartEmulator(
      ['--port', '0', '--tls-cert', cert, '--tls-key', key],
      { cwd: dir },
    );
    try {
      const tlsClient = officialClient(emulator.address, {}, { rootCert: readFileSync(cert) });
      const r = await tlsClient.call('ListWorkflows', { user_app_id: app });
      expect(r.status.code).toBe(10000);
      tlsClient.close();
      // And plaintext is refused: a TLS server does not speak h2c.
      const plain = officialClient(emulator.address, { deadlineMs: 3000 });
      await expect(plain.call('ListWorkflows', { user_app_id: app })).rejects.toBeDefined();
      plain.close();
    } finally {
      await emulator.stop();
    }
  });
});
