/**
 * Contract audit of `vtr-wf emulator` (the built CLI): a refusal is our one
 * error line on stderr, not also gRPC's own log lines.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRunning, mustStartEmulator, spawnEmulator } from './helpers/emulator-process.js';

describe('vtr-wf emulator refusals', () => {
  it('a port in use is one error line naming host and port, without gRPC log lines', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'vtr-wf-emulator-audit-'));
    const first = await mustStartEmulator(['--port', '0'], { cwd });
    try {
      const port = first.address.split(':').pop() as string;
      const second = await spawnEmulator(['--port', port], {
        cwd,
        env: { GRPC_VERBOSITY: undefined, GRPC_TRACE: undefined },
      });
      expect(isRunning(second)).toBe(false);
      if (isRunning(second)) return;
      expect(second.code).toBe(1);
      expect(second.stdout).toBe('');
      const lines = second.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(`^error: cannot listen on 127\\.0\\.0\\.1:${port}: .*in use`),
      );
    } finally {
      await first.stop();
    }
  });
});

describe('vtr-wf emulator --host', () => {
  const cwd = () => mkdtempSync(path.join(tmpdir(), 'vtr-wf-emulator-audit-'));

  it.each([
    ['', /^error: --host must name a host or an IP address/],
    ['127.0.0.1:5', /^error: --host takes no port.*--port/],
  ])('refuses %j with one clear line', async (host, message) => {
    const started = await spawnEmulator(['--host', host, '--port', '0'], { cwd: cwd() });
    expect(isRunning(started)).toBe(false);
    if (isRunning(started)) return void (await started.stop());
    expect(started.code).toBe(1);
    const lines = started.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it('takes an IPv6 address in brackets, as it prints it', async () => {
    const started = await mustStartEmulator(['--host', '[::1]', '--port', '0'], { cwd: cwd() });
    try {
      expect(started.address).toMatch(/^\[::1\]:\d+$/);
    } finally {
      await started.stop();
    }
  });
});
