/**
 * plan starts its connection and live read before it reads the spec files
 * (issue 16). What it must not change: with broken specs, the specs' errors
 * are the answer — not a connection problem found meanwhile — and the run
 * ends promptly even when the server never answers.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, runCli, specYaml } from './helpers/cli.js';

let silent: Server;
let port = 0;
const sockets: Socket[] = [];

beforeAll(async () => {
  // Accepts connections and never says a word: a hung server.
  silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  port = (silent.address() as { port: number }).port;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

const broken = { 'bad.yaml': specYaml('bad') + 'colour: red\n' };

describe('plan with broken specs and an early live read', { timeout: 60_000 }, () => {
  it('reports the spec errors, not the missing key', async () => {
    const dir = await makeProject({ endpoint: `127.0.0.1:${port}`, specs: broken });
    const result = await runCli(['plan', '-e', 'test'], {
      cwd: dir,
      env: { VTR_WF_TEST_PAT: undefined },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unknown-key');
    expect(result.stderr).not.toMatch(/VTR_WF_TEST_PAT/);
  });

  it('ends promptly against a server that never answers', async () => {
    const dir = await makeProject({ endpoint: `127.0.0.1:${port}`, specs: broken });
    const result = await runCli(['plan', '-e', 'test'], { cwd: dir, timeoutMs: 30_000 });
    expect(result.signal).toBeNull();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unknown-key');
  });
});
