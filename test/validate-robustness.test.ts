/**
 * Hostile input gives diagnostics, never a crash or a hang: alias bombs,
 * 10k-deep nesting, a 5 MB file, `__proto__` keys, binary garbage, a FIFO,
 * and random text (fast-check). In-process through loadProject, plus the
 * built CLI on the worst of them (exit 1, no stack trace).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../src/spec/project.js';
import { RULES } from '../src/spec/rule-codes.js';

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const CONFIG = `models:
  text-detector: { id: "d", version: "1", role: detector }
environments:
  local: { emulator: true }
`;
const KNOWN_CODES = new Set(RULES.map((r) => r.code));
const dirs: string[] = [];

function project(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vtr-wf-robust-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'vtr-wf.yaml'), CONFIG);
  mkdirSync(join(dir, 'workflows'));
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, 'workflows', name), content);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const BOMB = ['l0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]']
  .concat(
    Array.from(
      { length: 9 },
      (_, i) => `l${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`,
    ),
  )
  .join('\n');

const HOSTILE: Record<string, string | Uint8Array> = {
  'bomb.yaml': BOMB,
  'deep-flow.yaml': 'id: x\nnodes: ' + '['.repeat(10_000) + ']'.repeat(10_000),
  'deep-block.yaml': Array.from({ length: 10_000 }, (_, i) => ' '.repeat(i) + 'k:').join('\n'),
  'huge.yaml': 'id: huge\n' + '# filler\n'.repeat(600_000),
  'proto.yaml':
    '__proto__: { polluted: yes }\nconstructor: { prototype: { polluted: yes } }\nid: p\nnodes:\n  - { id: a, model: text-detector, __proto__: 1 }\n',
  'garbage.yaml': Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256),
  'nul.yaml': 'id: a\u0000b\nnodes: [\u0001]\n',
  'self-alias.yaml': 'id: x\nnodes: &n [ { id: a, model: text-detector, inputs: *n } ]\n',
  'list.yaml': '- 1\n- 2\n',
  'scalar.yaml': '42\n',
  'tags.yaml': 'id: !!binary aGVsbG8=\nnodes: !!set { a, b }\n',
};

describe('hostile specs', () => {
  it('each gives diagnostics with a place, never an exception', async () => {
    const dir = project(HOSTILE);
    const result = await loadProject({ cwd: dir });
    const byFile = new Map<string, string[]>();
    for (const d of result.diagnostics) {
      expect(KNOWN_CODES.has(d.code), d.code).toBe(true);
      byFile.set(d.file, [...(byFile.get(d.file) ?? []), d.code]);
    }
    expect(byFile.get('workflows/bomb.yaml')).toContain('alias-limit');
    expect(byFile.get('workflows/deep-flow.yaml')).toContain('too-deep');
    expect(byFile.get('workflows/deep-block.yaml')?.length).toBeGreaterThan(0);
    expect(byFile.get('workflows/huge.yaml')).toEqual(['too-large']);
    expect(byFile.get('workflows/proto.yaml')).toEqual([
      'unknown-key',
      'unknown-key',
      'unknown-key',
    ]);
    expect(byFile.get('workflows/garbage.yaml')).toEqual(['encoding']);
    expect(byFile.get('workflows/self-alias.yaml')).toEqual(['alias-limit']);
    expect(byFile.get('workflows/list.yaml')).toEqual(['not-a-mapping']);
    expect(byFile.get('workflows/scalar.yaml')).toEqual(['not-a-mapping']);
    expect(byFile.get('workflows/nul.yaml')?.length).toBeGreaterThan(0);
    expect(byFile.get('workflows/tags.yaml')?.length).toBeGreaterThan(0);
    for (const file of Object.keys(HOSTILE)) {
      for (const d of result.diagnostics.filter((x) => x.file === `workflows/${file}`)) {
        expect(d.line, `${file} ${d.code}`).toBeGreaterThan(0);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('reports a FIFO named *.yaml without blocking on it', async () => {
    const dir = project({ 'ok.yaml': 'id: ok\nnodes: [{ id: a, model: text-detector }]\n' });
    const fifo = join(dir, 'workflows', 'pipe.yaml');
    if (!mkfifo(fifo)) return; // no mkfifo(1) on this platform
    const result = await loadProject({ cwd: dir });
    expect(result.diagnostics.map((d) => [d.code, d.file])).toEqual([
      ['read-error', 'workflows/pipe.yaml'],
    ]);
  });

  it('survives random text (fast-check)', async () => {
    const dir = project({});
    const yamlish = fc.stringMatching(/^[-:{}[\]&*!|>'"#%@`?,\n a-z0-9_~.]{0,200}$/);
    await fc.assert(
      fc.asyncProperty(fc.oneof(yamlish, fc.string({ maxLength: 200 })), async (text) => {
        writeFileSync(join(dir, 'workflows', 'random.yaml'), text);
        const result = await loadProject({ cwd: dir });
        for (const d of result.diagnostics) expect(KNOWN_CODES.has(d.code)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the CLI on hostile input', () => {
  it('exits 1 with diagnostics and no stack trace', async () => {
    const dir = project(HOSTILE);
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (done) =>
        execFile(
          process.execPath,
          [CLI, 'validate', '--format', 'json'],
          {
            cwd: dir,
            env: { ...process.env, NO_COLOR: '1' },
            timeout: 120_000,
            maxBuffer: 64 * 1024 * 1024,
          },
          (error, stdout, stderr) =>
            done({
              code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
              stdout,
              stderr,
            }),
        ),
    );
    expect(result.stderr).not.toContain('internal error');
    expect(result.code).toBe(1);
    const { diagnostics } = JSON.parse(result.stdout) as { diagnostics: { file: string }[] };
    const files = new Set(diagnostics.map((d) => d.file));
    for (const name of Object.keys(HOSTILE))
      expect(files.has(`workflows/${name}`), name).toBe(true);
  });
});

function mkfifo(path: string): boolean {
  try {
    execFileSync('mkfifo', [path]);
    return true;
  } catch {
    return false;
  }
}
