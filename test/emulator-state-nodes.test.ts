/**
 * An emulator state file with a broken node (null, say) is refused at load
 * with an error naming the file — not loaded, then INTERNAL on every call
 * (issue 14 item 9). Through the built CLI (`npm run build` first).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist/cli/main.js');
let dir: string;

function run(args: string[]): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stderr: r.stderr };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vtr-wf-state-nodes-'));
  cpSync(join(ROOT, 'workflows'), join(dir, 'workflows'), { recursive: true });
  writeFileSync(join(dir, 'vtr-wf.yaml'), readFileSync(join(ROOT, 'vtr-wf.yaml'), 'utf8'));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('emulator state with a broken node', () => {
  it('is refused at load, naming the file and the workflow', () => {
    const applied = run(['apply', '-e', 'local', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    const file = join(dir, '.vtr-wf/emulator.json');
    const state = JSON.parse(readFileSync(file, 'utf8')) as {
      apps: Record<string, { workflows: Record<string, { nodes: unknown[] }> }>;
    };
    const app = Object.values(state.apps)[0]!;
    const wf = Object.values(app.workflows)[0]!;
    wf.nodes[0] = null;
    writeFileSync(file, JSON.stringify(state));

    const r = run(['plan', '-e', 'local']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(/malformed node #1/);
    expect(r.stderr).not.toMatch(/INTERNAL|internal error|\n\s+at /);
  }, 90_000);
});
