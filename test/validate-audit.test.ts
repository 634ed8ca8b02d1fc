/**
 * Contract audit of `vtr-wf validate` (the built CLI): one problem is one
 * diagnostic, and a broken vtr-wf.yaml is not followed by errors it causes.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vtr-wf-audit-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

interface JsonDiagnostic {
  code: string;
  pointer: string;
  message: string;
}

async function diagnostics(cwd: string, args: string[] = []): Promise<JsonDiagnostic[]> {
  const result = await runCli(['validate', '--format', 'json', ...args], { cwd });
  expect(result.code).toBe(1);
  return (JSON.parse(result.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics;
}

describe('validate: one diagnostic per problem', () => {
  it('reports a node model of the wrong type once, naming both accepted forms', async () => {
    const cwd = await project({
      'vtr-wf.yaml': 'models:\n  m: { id: "m", version: "v" }\n',
      'workflows/w.yaml': 'id: w\nnodes:\n  - { id: a, model: 7 }\n  - { id: b, model: [m] }\n',
    });
    const found = await diagnostics(cwd);
    const at = (pointer: string) => found.filter((d) => d.pointer === pointer);
    expect(at('/nodes/0/model')).toHaveLength(1);
    expect(at('/nodes/0/model')[0]!.code).toBe('not-a-string');
    expect(at('/nodes/1/model')).toHaveLength(1);
    expect(at('/nodes/1/model')[0]!.message).toMatch(/string or a mapping/);
  });
});

describe('validate: a broken vtr-wf.yaml', () => {
  const spec = 'id: w\nnodes: [{ id: a, model: { id: "m", version: "v" } }]\n';

  it('is not followed by a read error for a `workflows` folder it may not mean', async () => {
    const cwd = await project({
      'vtr-wf.yaml': 'workflows: specs\n{{{\n',
      'specs/w.yaml': spec,
    });
    const codes = (await diagnostics(cwd)).map((d) => d.code);
    expect(codes).toContain('yaml-syntax');
    expect(codes).not.toContain('read-error');
  });

  it('a --config that does not exist is one error, not also a missing folder beside it', async () => {
    const cwd = await project({ 'workflows/w.yaml': spec });
    const codes = (await diagnostics(cwd, ['--config', 'elsewhere/vtr-wf.yaml'])).map(
      (d) => d.code,
    );
    expect(codes).toEqual(['config-not-found']);
  });

  it('a `workflows` folder the config names, or a sound config defaults to, is still reported missing', async () => {
    const named = await project({ 'vtr-wf.yaml': 'workflows: specs\nmodels: []\n' });
    expect((await diagnostics(named)).map((d) => d.code).sort()).toEqual([
      'read-error',
      'wrong-type',
    ]);
    const defaulted = await project({ 'vtr-wf.yaml': 'project: p\n' });
    expect((await diagnostics(defaulted)).map((d) => d.code)).toEqual(['read-error']);
  });
});

describe('validate: YAML merge keys', () => {
  it('says that `<<` merge keys are not supported, rather than only "unknown key"', async () => {
    const cwd = await project({
      'vtr-wf.yaml': '',
      'workflows/w.yaml':
        'id: w\nnodes:\n  - &n { id: a, model: { id: "m", version: "v" } }\n  - <<: *n\n    id: b\n',
    });
    const merge = (await diagnostics(cwd)).find((d) => d.pointer === '/nodes/1/<<');
    expect(merge?.code).toBe('unknown-key');
    expect(merge?.message).toMatch(/merge key.*not supported/);
  });
});

describe('validate: an endpoint without a port', () => {
  it.each([
    ['api.clarifai.com', 'write `api.clarifai.com:443`'],
    ['https://api.clarifai.com/', 'write `api.clarifai.com:443`'],
  ])('%j suggests the TLS port', async (endpoint, suggestion) => {
    const cwd = await project({
      'vtr-wf.yaml': `environments:\n  r: { user_id: u, app_id: a, endpoint: "${endpoint}" }\n`,
      'workflows/w.yaml': 'id: w\nnodes: [{ id: a, model: { id: "m", version: "v" } }]\n',
    });
    const found = (await diagnostics(cwd)).find((d) => d.code === 'invalid-endpoint');
    expect((found as { suggestion?: string } | undefined)?.suggestion).toBe(suggestion);
  });
});
