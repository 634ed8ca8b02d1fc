import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadProject } from './project.js';
import { SPEC_CACHE_PATH } from './spec-cache.js';

let dir: string;

const CONFIG = `project: cached
workflows: workflows
models:
  detector: { id: det, version: v1, role: detector }
environments: {}
`;

const spec = (id: string, extra = '') =>
  `id: ${id}\nnodes:\n  - id: a\n    model: detector\n${extra}`;

function write(file: string, text: string): void {
  writeFileSync(join(dir, 'workflows', file), text);
}

function cacheEntries(): Record<string, unknown> {
  const body = JSON.parse(readFileSync(join(dir, SPEC_CACHE_PATH), 'utf8')) as {
    entries: Record<string, unknown>;
  };
  return body.entries;
}

const load = (cache = true) => loadProject({ cwd: dir, cache });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vtr-wf-spec-cache-'));
  mkdirSync(join(dir, 'workflows'));
  writeFileSync(join(dir, 'vtr-wf.yaml'), CONFIG);
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('spec cache', () => {
  it('gives the same project from the cache as from parsing', async () => {
    write('a.yaml', spec('a'));
    write('b.yaml', spec('b', '    params: { threshold: 0.5 }\n'));
    const fresh = await load(false);
    await load(); // fills the cache
    expect(Object.keys(cacheEntries())).toHaveLength(2);
    const cached = await load();
    expect(cached.specs).toEqual(fresh.specs);
    expect(cached.diagnostics).toEqual(fresh.diagnostics);
  });

  it('misses on an edited file and drops the stale entry', async () => {
    write('a.yaml', spec('a'));
    await load();
    const before = Object.keys(cacheEntries());
    write('a.yaml', spec('a2'));
    const project = await load();
    expect(project.specs.map((s) => s.spec.id)).toEqual(['a2']);
    const after = Object.keys(cacheEntries());
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
  });

  it('does not cache a file with a problem, and still reports it', async () => {
    write('bad.yaml', spec('bad', 'colour: red\n'));
    const first = await load();
    const second = await load();
    expect(second.diagnostics).toEqual(first.diagnostics);
    expect(second.diagnostics.some((d) => d.code === 'unknown-key')).toBe(true);
  });

  it('places a later diagnostic in a cached file at its line', async () => {
    write('a.yaml', spec('a'));
    write('b.yaml', spec('a')); // a duplicate id: a rule, not a loader, problem
    const fresh = await load(false);
    await load();
    const cached = await load();
    expect(cached.diagnostics).toEqual(fresh.diagnostics);
    expect(cached.diagnostics.some((d) => d.line > 0)).toBe(true);
  });

  it('ignores a corrupt cache and rewrites it', async () => {
    write('a.yaml', spec('a'));
    mkdirSync(join(dir, '.vtr-wf', 'cache'), { recursive: true });
    writeFileSync(join(dir, SPEC_CACHE_PATH), '{"format":1,"version":');
    const project = await load();
    expect(project.specs.map((s) => s.spec.id)).toEqual(['a']);
    expect(Object.keys(cacheEntries())).toHaveLength(1);
  });

  it('ignores entries of the wrong shape', async () => {
    write('a.yaml', spec('a'));
    await load();
    const path = join(dir, SPEC_CACHE_PATH);
    const body = JSON.parse(readFileSync(path, 'utf8')) as { entries: Record<string, unknown> };
    for (const key of Object.keys(body.entries)) body.entries[key] = 'junk';
    writeFileSync(path, JSON.stringify(body));
    expect((await load()).specs.map((s) => s.spec.id)).toEqual(['a']);
  });

  it('does not cache values JSON cannot hold (.inf)', async () => {
    write('a.yaml', spec('a', '    params: { limit: .inf }\n'));
    await load();
    const project = await load();
    expect(project.specs[0]?.spec.nodes[0]?.params).toEqual({ limit: Infinity });
  });

  it('is neither read nor written without the option', async () => {
    write('a.yaml', spec('a'));
    await load(false);
    expect(() => readFileSync(join(dir, SPEC_CACHE_PATH))).toThrow();
  });
});
