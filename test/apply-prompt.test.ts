/**
 * The apply prompt on a real terminal: `script` (util-linux) gives the CLI a
 * pty, so `apply` shows the plan and asks. Only `yes` applies; anything else
 * writes nothing and exits 1.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from './helpers/cli.js';

const hasScript = spawnSync('script', ['--version']).status === 0;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vtr-wf-prompt-'));
  execFileSync(process.execPath, [CLI, 'init', '--no-ci'], { cwd: dir, stdio: 'ignore' });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `vtr-wf apply -e local` on a pty, answering the prompt with `answer`. */
function applyOnTerminal(answer: string): { status: number | null; screen: string } {
  const result = spawnSync(
    'script',
    ['-qec', `${process.execPath} ${CLI} apply -e local --no-color`, '/dev/null'],
    { cwd: dir, input: `${answer}\n`, encoding: 'utf8', timeout: 60_000 },
  );
  return { status: result.status, screen: result.stdout };
}

function planCreates(): string {
  return execFileSync(process.execPath, [CLI, 'plan', '-e', 'local', '--format', 'json'], {
    cwd: dir,
    encoding: 'utf8',
  });
}

describe.skipIf(!hasScript)('apply on a terminal', () => {
  it('asks, and a declined prompt writes nothing and exits 1', () => {
    const { status, screen } = applyOnTerminal('no');
    expect(screen).toContain('Plan: 0 to rename, 1 to create');
    expect(screen).toContain("Only 'yes' will be accepted");
    expect(status).toBe(1);
    expect(JSON.parse(planCreates()).summary.create).toBe(1);
  });

  it('applies after `yes`', () => {
    const { status, screen } = applyOnTerminal('yes');
    expect(status).toBe(0);
    expect(screen).toContain('applied 1 of 1');
    expect(JSON.parse(planCreates()).summary).toMatchObject({ create: 0, unchanged: 1 });
  });
});
