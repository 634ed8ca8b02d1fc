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
