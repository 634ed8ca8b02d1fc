/**
 * The key as a hostile environment presents it: too short or with characters
 * outside printable ASCII (refused before any call, with a clear message), and
 * inside live workflow data — also holding `"` and `\`, which JSON and YAML
 * escape — where plan, apply, export, --out files and backups must never
 * print or save it, in any form.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import {
  handMadeWorkflow,
  makeProject,
  outOfBandClient,
  runCli,
  specYaml,
  TEST_PAT_ENV,
} from './helpers/cli.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator?.close();
});

const KEY = 'k3y-with-"quote"-and-\\backslash\\-0123456789';

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

describe('the key', { timeout: 120_000 }, () => {
  it.each([
    ['short', 'abc1234', /the key in VTR_WF_TEST_PAT is 7 characters long/],
    ['a tab', 'abcd\tefgh1234', /outside printable ASCII at position 5/],
    ['non-ASCII', 'abcdéfgh1234', /outside printable ASCII at position 5/],
  ])('with %s is refused before any call, without a stack', async (_, key, message) => {
    const dir = await makeProject({ endpoint: emulator.address, appId: 'refused' });
    const before = { ...emulator.faults.calls };
    const result = await runCli(['plan', '-e', 'test'], { cwd: dir, env: { [TEST_PAT_ENV]: key } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(result.stderr).not.toContain(key);
    expect(emulator.faults.calls).toEqual(before);
  });

  it('inside live workflow data is never printed or saved (plan, apply, export, --out, backups)', async () => {
    const appId = 'key-in-data';
    const dir = await makeProject({
      endpoint: emulator.address,
      appId,
      specs: { 'leaky.yaml': specYaml('leaky', undefined, 'clean now') },
    });
    const api = await outOfBandClient(emulator.address, appId);
    await api.postWorkflows([
      {
        ...handMadeWorkflow('leaky', { 'vtr-wf': { project: 'test-project', spec_hash: 'x' } }),
        description: `has ${KEY} inside`,
        notes: KEY,
      },
    ]);
    const env = { [TEST_PAT_ENV]: KEY };
    const outputs: string[] = [];
    const cli = async (args: string[]) => {
      const result = await runCli(args, { cwd: dir, env });
      outputs.push(result.stdout, result.stderr);
      return result;
    };
    expect((await cli(['plan', '-e', 'test'])).code).toBe(0);
    expect((await cli(['plan', '-e', 'test', '--format', 'json', '--out', 'plan.json'])).code).toBe(
      0,
    );
    expect((await cli(['plan', '-e', 'test', '--format', 'markdown'])).code).toBe(0);
    expect((await cli(['export', '-e', 'test'])).code).toBe(0);
    expect((await cli(['export', '-e', 'test', '--format', 'json'])).code).toBe(0);
    const outDir = mkdtempSync(join(dir, 'exported-'));
    expect((await cli(['export', '-e', 'test', '--out', outDir, '--force'])).code).toBe(0);
    expect((await cli(['apply', 'plan.json', '--format', 'json'])).code).toBe(0);
    await api.close();

    const escaped = JSON.stringify(KEY).slice(1, -1);
    const texts = [...outputs, ...allFiles(dir).map((f) => readFileSync(f, 'utf8'))];
    expect(allFiles(join(dir, '.vtr-wf', 'backups')).length).toBeGreaterThan(0);
    for (const text of texts) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(escaped);
      expect(text).not.toContain('0123456789');
    }
    expect(outputs.join('\n')).toContain('[REDACTED]');
  });
});
