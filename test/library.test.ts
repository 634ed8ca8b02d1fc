/**
 * The library API as a script would use it: `import { loadProject, validate,
 * plan, apply } from 'vtr-wf'` — here from src, against the in-process
 * emulator of an `emulator: true` environment (real gRPC over loopback).
 */
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, loadProject, plan, validate } from '../src/index.js';

const CONFIG = `project: lib-test
models:
  text-detector:   { id: "2419e2eae04d04f820e5cf3aba42d0c7", version: "75a5b92a0dec436a891b5ad224ac9170", role: detector }
  cropper:         { id: "ce3f5832af7a4e56ae310d696cbbefd8", version: "a78efb13f7774433aa2fd4864f41f0e6", role: cropper }
  text-recognizer: { id: "9fe78b4150a52794f86f237770141b33", version: "d94413e582f341f68884cac72dbd2c7b", role: recognizer }
environments:
  local:
    emulator: true
`;

const spec = (cropperInput: string) => `id: vtr
nodes:
  - id: detect-concept
    model: text-detector
  - id: image-crop
    model: cropper
    inputs: [${cropperInput}]
  - id: image-to-text
    model: text-recognizer
    inputs: [image-crop]
`;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vtr-wf-lib-'));
  await mkdir(join(dir, 'workflows'));
  await writeFile(join(dir, 'vtr-wf.yaml'), CONFIG);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('library API', () => {
  it('validate reports the docs bug with a suggestion and a position', async () => {
    await writeFile(join(dir, 'workflows/vtr.yaml'), spec('general-concept'));
    const result = validate(await loadProject({ cwd: dir }));
    expect(result.ok).toBe(false);
    const problem = result.diagnostics.find((d) => d.code === 'unknown-input');
    expect(problem).toMatchObject({ file: join('workflows', 'vtr.yaml'), line: 7 });
    expect(problem?.suggestion ?? problem?.message).toContain('detect-concept');
  });

  it('plan → apply → plan converges on the emulator', async () => {
    await writeFile(join(dir, 'workflows/vtr.yaml'), spec('detect-concept'));
    expect(validate(await loadProject({ cwd: dir })).ok).toBe(true);

    const first = await plan({ cwd: dir, environment: 'local' });
    expect(first.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(first.plan?.summary).toMatchObject({ create: 1, update: 0, delete: 0 });

    const result = await apply({ cwd: dir, plan: first.plan!, lock: true });
    expect(result.report.summary).toMatchObject({ planned: 1, applied: 1, failed: 0 });

    const second = await plan({ cwd: dir, environment: 'local' });
    expect(second.plan?.changes).toEqual([]);
    expect(second.plan?.summary.unchanged).toBe(1);
  });

  it('refuses a plan made for another project, writing nothing', async () => {
    const current = await plan({ cwd: dir, environment: 'local' });
    const foreign = { ...current.plan!, project: 'someone-else' };
    await expect(apply({ cwd: dir, plan: foreign })).rejects.toThrow(/project `someone-else`/);
  });
});
