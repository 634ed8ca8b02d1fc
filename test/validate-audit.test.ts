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
