/**
 * Issue 14, item 3: a tampered parse cache must not change what is planned or
 * applied. The built CLI against the emulator over loopback, on real files:
 * the cache `.vtr-wf/cache/specs.json` is filled by a first run, then edited
 * the way a pull request sharing a CI cache could — and every later plan and
 * apply must act on the spec files as written.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import { SPEC_CACHE_PATH } from '../src/spec/spec-cache.js';
import { makeProject, outOfBandClient, runCli, specYaml, vtrNodes } from './helpers/cli.js';

let emulator: RunningEmulator;
let state: string;
let appCounter = 0;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  // The user's state folder (where the cache key lives): this suite's own.
  state = await mkdtemp(join(tmpdir(), 'vtr-wf-cache-state-'));
});
afterAll(async () => {
  await emulator?.close();
  await rm(state, { recursive: true, force: true });
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A project with specs a and b, applied once (which fills the cache). */
async function appliedProject() {
  const appId = `cache${++appCounter}`;
  const specs = {
    'a.yaml': specYaml('wf-a', vtrNodes(), 'genuine'),
    'b.yaml': specYaml('wf-b', vtrNodes(), 'second'),
  };
  const dir = await makeProject({ endpoint: emulator.address, appId, specs });
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env: { XDG_STATE_HOME: state } });
  const applied = await cli('apply', '-e', 'test', '--auto-approve');
  expect(applied.code, applied.stderr).toBe(0);
  const cachePath = join(dir, SPEC_CACHE_PATH);
  const text = await readFile(cachePath, 'utf8');
  const newline = text.indexOf('\n');
  const header = text.slice(0, newline);
  const entries = JSON.parse(text.slice(newline + 1)) as Record<string, unknown>;
  expect(Object.keys(entries).sort()).toEqual(
    [sha256(specs['a.yaml']), sha256(specs['b.yaml'])].sort(),
  );
  /** Rewrites the cache body as a hostile job would (it cannot re-sign the header). */
  const tamper = async (edit: (e: Record<string, unknown>) => void) => {
    const copy = structuredClone(entries);
    edit(copy);
    await writeFile(cachePath, `${header}\n${JSON.stringify(copy)}`);
  };
  return { dir, appId, cli, specs, tamper, a: sha256(specs['a.yaml']), b: sha256(specs['b.yaml']) };
}

describe('a tampered spec cache changes nothing (issue 14 #3)', { timeout: 120_000 }, () => {
  it('a same-length edit of a cached description: plan shows no change, apply writes nothing', async () => {
    const { cli, tamper, a, appId } = await appliedProject();
    await tamper((entries) => {
      const docs = (entries[a] as { documents: Array<{ json: { description: string } }> })
        .documents;
      docs[0]!.json.description = 'forged!'; // as long as "genuine"
    });
    const plan = await cli('plan', '-e', 'test', '--detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.stdout).not.toContain('forged!');
    const apply = await cli('apply', '-e', 'test', '--auto-approve');
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('applied 0 of 0');
    const api = await outOfBandClient(emulator.address, appId);
    expect((await api.getWorkflow('wf-a'))?.description).toBe('genuine');
    await api.close();
  });

  it('a null entry: the workflow stays declared, and apply --prune deletes nothing', async () => {
    const { cli, tamper, a, appId } = await appliedProject();
    await tamper((entries) => {
      entries[a] = null;
    });
    const plan = await cli('plan', '-e', 'test', '--prune', '--detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    await tamper((entries) => {
      entries[a] = { documents: [{ index: 0, json: null }] };
    });
    const apply = await cli('apply', '-e', 'test', '--prune', '--auto-approve');
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('applied 0 of 0');
    const api = await outOfBandClient(emulator.address, appId);
    expect((await api.listWorkflows()).map((w) => w.id).sort()).toEqual(['wf-a', 'wf-b']);
    await api.close();
  });

  it("another file's entry swapped in: both workflows planned from their own files", async () => {
    const { cli, tamper, a, b, appId } = await appliedProject();
    await tamper((entries) => {
      entries[a] = entries[b];
    });
    const plan = await cli('plan', '-e', 'test', '--prune', '--detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    const apply = await cli('apply', '-e', 'test', '--prune', '--auto-approve');
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('applied 0 of 0');
    const api = await outOfBandClient(emulator.address, appId);
    expect((await api.listWorkflows()).map((w) => w.id).sort()).toEqual(['wf-a', 'wf-b']);
    await api.close();
  });

  it('validate, plan and apply agree: a file the cache calls clean is checked as written', async () => {
    const { cli, dir, tamper, a } = await appliedProject();
    // The file gains a schema problem; a forged entry (under the NEW text's hash) says it is clean.
    const broken = specYaml('wf-a', vtrNodes(), 'genuine') + 'colour: red\n';
    await writeFile(join(dir, 'workflows', 'a.yaml'), broken);
    await tamper((entries) => {
      entries[sha256(broken)] = entries[a];
    });
    const validate = await cli('validate');
    expect(validate.code).toBe(1);
    const plan = await cli('plan', '-e', 'test');
    expect(plan.code).not.toBe(0);
    expect(plan.stdout + plan.stderr).toContain('unknown-key');
  });
});
