/**
 * Issue 14, finding 7: every file vtr-wf reads goes through one bounded reader
 * (src/fs/read-bounded.ts) — regular files only, a size cap, a one-line error
 * naming the path. Here the built CLI is handed a FIFO (mkfifo), /dev/zero, a
 * folder and a huge sparse file in each place it reads a file, and must end
 * promptly with exit 1 and no stack — a FIFO nobody writes to would hang a
 * plain read forever, /dev/zero would eat the memory.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, runCli, type CliResult } from './helpers/cli.js';

/** Each command must end within this (they end in well under a second; a hang is killed). */
const BOUND_MS = 30_000;

const hasMkfifo = (() => {
  try {
    execFileSync('mkfifo', [join(mkdtempSync(join(tmpdir(), 'vtr-wf-fifo-')), 'probe')]);
    return true;
  } catch {
    return false;
  }
})();

function fifoIn(dir: string, name: string): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return path;
}

function sparse(dir: string, name: string, bytes: number): string {
  const path = join(dir, name);
  writeFileSync(path, '');
  truncateSync(path, bytes);
  return path;
}

/** Exit 1, one clear line naming `path`, no stack trace — and the child was not killed. */
function refused(result: CliResult, path: string, reason: RegExp): void {
  expect(result.signal, 'the command hung and was killed').toBeNull();
  expect(result.code, result.stderr).toBe(1);
  expect(result.stderr).toContain(path);
  expect(result.stderr).toMatch(reason);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr).not.toContain('internal error');
}

const NOT_REGULAR = {
  fifo: /named pipe \(FIFO\), not a regular file/,
  device: /it is a device, not a regular file/,
  folder: /it is a folder, not a file/,
};

async function project(): Promise<string> {
  // The endpoint is never reached: each read fails before any call.
  return makeProject({ endpoint: '127.0.0.1:1' });
}

const cli = (args: string[], cwd: string) => runCli(args, { cwd, timeoutMs: BOUND_MS });

describe.skipIf(!hasMkfifo)('every file vtr-wf reads is bounded', () => {
  it('apply PLANFILE: a FIFO, /dev/zero, a folder and a 300 MiB file are refused', async () => {
    const dir = await project();
    const pipe = fifoIn(dir, 'plan.json');
    refused(await cli(['apply', pipe, '--auto-approve'], dir), pipe, NOT_REGULAR.fifo);
    refused(
      await cli(['apply', '/dev/zero', '--auto-approve'], dir),
      '/dev/zero',
      NOT_REGULAR.device,
    );
    const folder = join(dir, 'plans');
    mkdirSync(folder);
    refused(await cli(['apply', folder, '--auto-approve'], dir), folder, NOT_REGULAR.folder);
    const huge = sparse(dir, 'huge.json', 300 * 1024 * 1024);
    refused(
      await cli(['apply', huge, '--auto-approve'], dir),
      huge,
      /the plan file .*huge\.json is 300 MiB; vtr-wf reads plan files up to 256 MiB/,
    );
  });

  it('import: a FIFO and an oversized SDK file are refused, nothing imported', async () => {
    const dir = await project();
    const pipe = fifoIn(dir, 'sdk.yml');
    const result = await cli(['import', pipe, '--out', 'imported'], dir);
    refused(result, 'sdk.yml', NOT_REGULAR.fifo);
    const huge = sparse(dir, 'huge.yml', 50 * 1024 * 1024);
    refused(
      await cli(['import', huge], dir),
      'huge.yml',
      /huge\.yml is 50 MiB; vtr-wf reads import files up to 1 MiB/,
    );
  });

  it('ca_file: a FIFO is refused before any call', async () => {
    const dir = await makeProject({
      extraEnvironments: [
        '  secure:',
        '    endpoint: 127.0.0.1:1',
        '    user_id: tester',
        '    app_id: app',
        '    pat_env: VTR_WF_TEST_PAT',
        '    tls: true',
        '    ca_file: ca.pem',
      ].join('\n'),
    });
    const pipe = fifoIn(dir, 'ca.pem');
    refused(await cli(['plan', '-e', 'secure'], dir), pipe, NOT_REGULAR.fifo);
  });

  it('emulator: a FIFO or /dev/zero as the state file or TLS certificate is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtr-wf-bounded-emulator-'));
    const pipe = fifoIn(dir, 'state.json');
    refused(await cli(['emulator', '--port', '0', '--state', pipe], dir), pipe, NOT_REGULAR.fifo);
    refused(
      await cli(['emulator', '--port', '0', '--state', '/dev/zero'], dir),
      '/dev/zero',
      NOT_REGULAR.device,
    );
    const key = join(dir, 'key.pem');
    writeFileSync(key, 'not a key');
    refused(
      await cli(['emulator', '--port', '0', '--tls-cert', '/dev/zero', '--tls-key', key], dir),
      '/dev/zero',
      /cannot read the TLS certificate \/dev\/zero: it is a device/,
    );
  });

  it('rollback --from-backup: a FIFO is refused', async () => {
    const dir = await project();
    const pipe = fifoIn(dir, 'backup.json');
    const result = await cli(
      ['rollback', '-e', 'test', 'some-workflow', '--from-backup', pipe],
      dir,
    );
    refused(result, pipe, NOT_REGULAR.fifo);
  });

  it('init: a FIFO as .gitignore is refused before anything is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtr-wf-bounded-init-'));
    const pipe = fifoIn(dir, '.gitignore');
    refused(await cli(['init'], dir), pipe, NOT_REGULAR.fifo);
  });

  it('the parse cache: a FIFO in its place is ignored, validate still answers', async () => {
    const dir = await makeProject({
      specs: { 'a.yaml': 'id: a\nnodes:\n  - id: d\n    model: text-detector\n' },
    });
    mkdirSync(join(dir, '.vtr-wf', 'cache'), { recursive: true });
    fifoIn(join(dir, '.vtr-wf', 'cache'), 'specs.json');
    const result = await cli(['validate'], dir);
    expect(result.signal).toBeNull();
    expect(result.code, result.stderr).toBe(0);
  });
});
