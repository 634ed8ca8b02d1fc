/**
 * Files vtr-wf cannot write are the user's to fix: a clear error naming the
 * path, never "internal error" (issue 14 item 9). Through the built CLI
 * (`npm run build` first) against the in-process emulator. A read-only folder
 * means nothing to root, so those cases are skipped there; a file where a
 * folder should be fails for everyone.
 */
import { spawn } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist/cli/main.js');
const asRoot = process.getuid?.() === 0;

let dir: string;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
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

/** A project whose live app already holds its workflows, so the next apply backs them up. */
async function appliedProject(): Promise<void> {
  cpSync(join(ROOT, 'workflows'), join(dir, 'workflows'), { recursive: true });
  writeFileSync(join(dir, 'vtr-wf.yaml'), readFileSync(join(ROOT, 'vtr-wf.yaml'), 'utf8'));
  const first = await run(['apply', '-e', 'local', '--auto-approve']);
  expect(first.code, first.stderr).toBe(0);
  // A change to every workflow: the next apply overwrites (and backs up) each.
  for (const name of readdirSync(join(dir, 'workflows')).filter((n) => n.endsWith('.yaml'))) {
    const path = join(dir, 'workflows', name);
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace(/^description: (.*)$/m, 'description: $1 (changed)'));
  }
}

function expectCleanError(r: { code: number | null; stderr: string }, path: RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/cannot write /);
  expect(r.stderr).toMatch(path);
  expect(r.stderr).not.toMatch(/internal error|a bug|\n\s+at /);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vtr-wf-write-errors-'));
});

afterEach(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

describe('files vtr-wf cannot write', () => {
  it('plan --out into a path whose folder is a file names the path', async () => {
    cpSync(join(ROOT, 'workflows'), join(dir, 'workflows'), { recursive: true });
    writeFileSync(join(dir, 'vtr-wf.yaml'), readFileSync(join(ROOT, 'vtr-wf.yaml'), 'utf8'));
    writeFileSync(join(dir, 'afile'), 'in the way\n');
    const r = await run(['plan', '-e', 'local', '--out', 'afile/plan.json']);
    expectCleanError(r, /afile/);
  }, 60_000);

  it('a backups folder that cannot be made stops apply with the path, before any write', async () => {
    await appliedProject();
    rmSync(join(dir, '.vtr-wf/backups'), { recursive: true, force: true });
    writeFileSync(join(dir, '.vtr-wf/backups'), 'not a folder\n');
    const r = await run(['apply', '-e', 'local', '--auto-approve']);
    expectCleanError(r, /\.vtr-wf\/backups/);
  }, 90_000);

  it.skipIf(asRoot)(
    'a read-only backups folder names the path',
    async () => {
      await appliedProject();
      const backups = join(dir, '.vtr-wf/backups/local');
      mkdirSync(backups, { recursive: true });
      chmodSync(backups, 0o555);
      try {
        const r = await run(['apply', '-e', 'local', '--auto-approve']);
        expectCleanError(r, /\.vtr-wf\/backups\/local/);
      } finally {
        chmodSync(backups, 0o755);
      }
    },
    90_000,
  );

  it.skipIf(asRoot)(
    'plan --out into a read-only folder names the path',
    async () => {
      cpSync(join(ROOT, 'workflows'), join(dir, 'workflows'), { recursive: true });
      writeFileSync(join(dir, 'vtr-wf.yaml'), readFileSync(join(ROOT, 'vtr-wf.yaml'), 'utf8'));
      mkdirSync(join(dir, 'ro'));
      chmodSync(join(dir, 'ro'), 0o555);
      try {
        const r = await run(['plan', '-e', 'local', '--out', 'ro/plan.json']);
        expectCleanError(r, /ro\/plan\.json/);
      } finally {
        chmodSync(join(dir, 'ro'), 0o755);
      }
    },
    60_000,
  );

  it('leftover temp files of a killed backup write are removed by the next backup', async () => {
    await appliedProject();
    const backups = join(dir, '.vtr-wf/backups/local');
    mkdirSync(backups, { recursive: true });
    // PID 2^22+1 is above Linux's pid_max default range: no such process runs.
    const stale = '.vtr.2024-01-01T00-00-00.000Z.json.4194305.0123456789ab.tmp';
    writeFileSync(join(backups, stale), '{"half":');
    const r = await run(['apply', '-e', 'local', '--auto-approve']);
    expect(r.code, r.stderr).toBe(0);
    const names = readdirSync(backups);
    expect(names).not.toContain(stale);
    expect(names.some((n) => n.endsWith('.json'))).toBe(true);
  }, 90_000);
});
