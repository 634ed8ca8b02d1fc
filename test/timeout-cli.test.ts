/**
 * A server that accepts connections and never answers: `--timeout` and the
 * environment's `timeout:` bound every call, the failure names the timeout,
 * and a slow call is announced once on stderr. Through the built CLI
 * (`npm run build` first), against a raw TCP listener on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClarifaiClient } from '../src/clarifai/client.js';
import { loadClarifaiPackage } from '../src/clarifai/proto.js';
import { DEFAULT_RETRY_POLICY } from '../src/clarifai/retry.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist/cli/main.js');
const PAT_ENV = 'VTR_WF_TIMEOUT_TEST_PAT';
const KEY = 'timeout-test-key-0a1b2c3d4e5f';

let hung: Server;
const sockets: Socket[] = [];
let address: string;
let dir: string;

/** Runs the CLI; the child is killed after 60 s whatever happens. */
function run(
  args: string[],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    VTR_WF_RATE_LIMIT: '0',
    [PAT_ENV]: KEY,
    ...extraEnv,
  };
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env, timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  // Accepts, reads nothing back, says nothing: a hung API.
  hung = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((ready) => hung.listen(0, '127.0.0.1', ready));
  address = `127.0.0.1:${(hung.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'vtr-wf-timeout-'));
  cpSync(join(ROOT, 'workflows'), join(dir, 'workflows'), { recursive: true });
  const config = readFileSync(join(ROOT, 'vtr-wf.yaml'), 'utf8');
  writeFileSync(
    join(dir, 'vtr-wf.yaml'),
    `${config.trimEnd()}\n` +
      `  hung:\n    endpoint: ${address}\n    user_id: acme\n    app_id: hung\n    pat_env: ${PAT_ENV}\n` +
      `  hung1:\n    endpoint: ${address}\n    user_id: acme\n    app_id: hung\n    pat_env: ${PAT_ENV}\n    timeout: 1\n`,
  );
  writeFileSync(
    join(dir, 'bad.yaml'),
    `${config.trimEnd()}\n` +
      `  badtimeout:\n    endpoint: ${address}\n    user_id: acme\n    app_id: hung\n    pat_env: ${PAT_ENV}\n    timeout: 0\n`,
  );
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((closed) => hung.close(() => closed()));
  rmSync(dir, { recursive: true, force: true });
});

describe('timeout', () => {
  it('--timeout bounds each call to a hung server, and the error names the timeout', async () => {
    const r = await run(['plan', '-e', 'hung', '--timeout', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/DEADLINE_EXCEEDED/);
    expect(r.stderr).toMatch(/1 s timeout/);
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
  }, 60_000);

  it('--timeout bounds the whole call, retries and back-off included', async () => {
    // Before, each of 6 attempts had its own 1 s deadline plus back-off: ~6–14 s in all.
    const started = Date.now();
    const r = await run(['plan', '-e', 'hung', '--timeout', '1', '--verbose']);
    const seconds = (Date.now() - started) / 1000;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ListWorkflows attempt 1: DEADLINE_EXCEEDED/);
    // The one attempt used the whole second: none is retried after it.
    expect(r.stderr).not.toMatch(/attempt 2:/);
    expect(r.stderr).toMatch(/1 s timeout/);
    // A generous bound (start-up on a loaded machine), well under the 6 attempts of before.
    expect(seconds).toBeLessThan(1 + 4.5);
  }, 60_000);

  it("the environment's `timeout:` does the same; --timeout beats it", async () => {
    const fromConfig = await run(['plan', '-e', 'hung1']);
    expect(fromConfig.code).toBe(1);
    expect(fromConfig.stderr).toMatch(/1 s timeout/);
    const flag = await run(['plan', '-e', 'hung1', '--timeout', '0.5']);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toMatch(/0\.5 s timeout/);
  }, 60_000);

  it('refuses a timeout that is not a positive number of seconds', async () => {
    const flag = await run(['plan', '-e', 'hung', '--timeout', '0']);
    expect(flag.code).not.toBe(0);
    expect(flag.stderr).toMatch(/--timeout/);
    const config = await run(['plan', '-e', 'badtimeout', '-c', 'bad.yaml']);
    expect(config.code).toBe(1);
    expect(config.stderr).toMatch(/`timeout` must be > 0/);
  }, 60_000);

  it('refuses a rate limit outside 0 or 0.5–1000 requests a second, before any call', async () => {
    const r = await run(['plan', '-e', 'hung', '--timeout', '1'], { VTR_WF_RATE_LIMIT: '0.0001' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/VTR_WF_RATE_LIMIT must be 0 \(off\) or from 0\.5 to 1000/);
  }, 60_000);

  it('says once on stderr that a call is still waiting', async () => {
    const { grpc } = loadClarifaiPackage();
    const notices: string[] = [];
    const client = new ClarifaiClient({
      target: address,
      credentials: grpc.credentials.createInsecure(),
      userApp: { user_id: 'acme', app_id: 'hung' },
      ratePerSecond: 0,
      concurrency: 4,
      deadlineMs: 1000,
      listDeadlineMs: 1000,
      retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
      notice: (line) => notices.push(line),
      slowNoticeMs: 200,
      channelOptions: { 'grpc.enable_http_proxy': 0 },
    });
    try {
      await expect(client.listWorkflows()).rejects.toThrow(/DEADLINE_EXCEEDED/);
      await expect(client.getWorkflow('x')).rejects.toThrow(/1 s timeout/);
    } finally {
      client.close();
    }
    expect(notices).toEqual([`waiting for ListWorkflows from ${address} (0.2 s)…`]);
  }, 30_000);
});
