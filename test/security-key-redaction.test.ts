/**
 * Issue 14, finding 6, the value level: the key inside live workflow data (a
 * description, notes, a node param, a node id) must not reach any output. Text
 * redaction finds the key as written and JSON-escaped; a node id holding it
 * reaches the plan as a JSON pointer (`/` → `~1`, `~` → `~0`) and markdown's
 * mermaid labels escape it further — those leaked before. Now src/secrets.ts
 * knows the pointer form too, and `plan` and `rollback` redact the plan's values
 * before any renderer sees them (src/cli/emit-plan.ts). The other cases guard what already held.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectedApi } from '../src/clarifai/connect.js';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import {
  handMadeWorkflow,
  makeProject,
  REPO_ROOT,
  outOfBandClient,
  runCli,
  specYaml,
  TEST_PAT_ENV,
} from './helpers/cli.js';

/** Printable ASCII, so a usable key; spaces, `"`, `<`, `&`, `'`, `#` and `|` change under serialisers. */
const KEY = `vtr/key~"with" <spaces> & 'quotes' #and | pipes 0123456789 abcdefghij klmnopqrstuvwxyz`;
/** Pieces of the key: none may appear in any output, however the key was cut or escaped. */
const PIECES = ['0123456789', 'abcdefghij', 'klmnopqrstuvwxyz'];
const FILLER = 'A long description that makes every serialiser wrap or cut it somewhere. '.repeat(
  3,
);

let emulator: RunningEmulator;
let api: ConnectedApi;
let dir: string;
const appId = 'key-values';

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  dir = await makeProject({
    endpoint: emulator.address,
    appId,
    specs: { 'leaky.yaml': specYaml('leaky', undefined, 'clean now') },
  });
  api = await outOfBandClient(emulator.address, appId);
  const workflow = handMadeWorkflow('leaky', {
    'vtr-wf': { project: 'test-project', spec_hash: 'x' },
  });
  workflow.nodes[0]!.output_info_override = { params: { min_score: 0.5, note: KEY } };
  // A node id is any string: the key there reaches the plan as a JSON pointer (`/` → `~1`).
  workflow.nodes.push({ ...workflow.nodes[2]!, id: KEY, node_inputs: [{ node_id: 'crop' }] });
  await api.postWorkflows([{ ...workflow, description: `${FILLER}${KEY} ${FILLER}`, notes: KEY }]);
});
afterAll(async () => {
  await api?.close();
  await emulator?.close();
});

const cli = (args: string[]) => runCli(args, { cwd: dir, env: { [TEST_PAT_ENV]: KEY } });

function leakFree(what: string, text: string): void {
  for (const piece of PIECES) expect(text, `${what} shows a piece of the key`).not.toContain(piece);
}

function allFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

describe('the key inside live workflow values', { timeout: 120_000 }, () => {
  it.each([
    ['text', []],
    ['json', ['--format', 'json']],
    ['markdown', ['--format', 'markdown']],
  ])('plan --format %s never shows it', async (_, flags) => {
    const result = await cli(['plan', '-e', 'test', ...flags]);
    expect(result.code, result.stderr).toBe(0);
    leakFree('plan', result.stdout + result.stderr);
    expect(result.stdout).toContain('[REDACTED]');
  });

  it('export to stdout (yaml, json) and --out files never hold it', async () => {
    for (const flags of [[], ['--format', 'json']]) {
      const result = await cli(['export', '-e', 'test', ...flags]);
      expect(result.code, result.stderr).toBe(0);
      leakFree(`export ${flags.join(' ')}`, result.stdout + result.stderr);
    }
    const out = mkdtempSync(join(dir, 'exported-'));
    expect((await cli(['export', '-e', 'test', '--out', out, '--force'])).code).toBe(0);
    for (const file of allFiles(out)) leakFree(file, readFileSync(file, 'utf8'));
  });

  // The use case itself (what the library and the CLI print and write): redacted on the
  // values, so no serialiser's escaping or quoting decides whether the key is found.
  it('export redacts the specs it returns and writes, and warns that the key was there', async () => {
    process.env[TEST_PAT_ENV] = KEY;
    const { runExport } = await import('../src/commands/export.js');
    const out = mkdtempSync(join(dir, 'use-case-'));
    for (const outDir of [undefined, out]) {
      const result = await runExport({
        cwd: dir,
        env: 'test',
        ids: [],
        force: true,
        log: () => undefined,
        ...(outDir ? { outDir } : {}),
      });
      leakFree('export result', JSON.stringify(result));
      expect(JSON.stringify(result.specs)).toContain('[REDACTED]');
      expect(result.warnings).toContainEqual(
        expect.stringContaining('`leaky` holds the API key in its live data'),
      );
    }
    for (const file of allFiles(out)) leakFree(file, readFileSync(file, 'utf8'));
  });

  it('the saved plan file, the apply report and the backups never hold it', async () => {
    const saved = await cli(['plan', '-e', 'test', '--out', 'plan.json']);
    expect(saved.code, saved.stderr).toBe(0);
    leakFree('plan --out', readFileSync(join(dir, 'plan.json'), 'utf8'));
    for (const format of ['text', 'json']) {
      const applied = await cli([
        'apply',
        '-e',
        'test',
        '--auto-approve',
        '--format',
        format,
        '--no-lock',
      ]);
      expect(applied.code, applied.stderr).toBe(0);
      leakFree(`apply --format ${format}`, applied.stdout + applied.stderr);
    }
    for (const file of allFiles(join(dir, '.vtr-wf', 'backups')))
      leakFree(file, readFileSync(file, 'utf8'));
  });

  // Runs after the apply above: rolling back restores the hand-made version, whose
  // node id and description hold the key — the same value-level path as plan's.
  it.each([
    ['text', []],
    ['json', ['--format', 'json']],
    ['markdown', ['--format', 'markdown']],
  ])('rollback --format %s and its --out file never show it', async (format, flags) => {
    const file = `rollback-${format}.json`;
    const result = await cli(['rollback', '-e', 'test', 'leaky', '--out', file, ...flags]);
    expect(result.code, result.stderr).toBe(0);
    leakFree('rollback', result.stdout + result.stderr);
    leakFree('rollback --out', readFileSync(join(dir, file), 'utf8'));
    expect(result.stdout).toContain('[REDACTED]');
  });
});

// JUnit escapes `"`, `<` and `&` as XML entities, so the text net never saw this key there:
// `test --format junit` printed a test named after it whole. Redacted on the values now.
describe('the key in a test report', { timeout: 120_000 }, () => {
  it('test --format junit, json and text never show it', async () => {
    const project = await makeProject({
      endpoint: emulator.address,
      appId: 'key-junit',
      specs: {
        'absent.yaml': `${specYaml('absent')}tests:\n  - name: ${JSON.stringify(`case ${KEY}`)}\n    image: images/sign.png\n    expect: { text: [SOLD] }\n`,
      },
    });
    mkdirSync(join(project, 'workflows', 'images'));
    copyFileSync(
      join(REPO_ROOT, 'test/fixtures/validate/test-no-expectations/workflows/images/sign.png'),
      join(project, 'workflows', 'images', 'sign.png'),
    );
    for (const format of ['junit', 'json', 'text']) {
      const result = await runCli(['test', '-e', 'test', '--format', format], {
        cwd: project,
        env: { [TEST_PAT_ENV]: KEY },
      });
      expect(result.code, result.stderr).toBe(1); // the workflow is not live: a failed case
      leakFree(`test --format ${format}`, result.stdout + result.stderr);
      expect(result.stdout).toContain('[REDACTED]');
    }
  });
});
