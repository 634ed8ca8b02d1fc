import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadProject } from './project.js';
import { cacheKeyPath } from './cache-key.js';
import { openSpecCache, SPEC_CACHE_PATH } from './spec-cache.js';

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

/** The cache file: its signed header line and its body (sha256 of a file's text → { documents, rules? }). */
function cacheFile(): { header: string; entries: Record<string, unknown> } {
  const text = readFileSync(join(dir, SPEC_CACHE_PATH), 'utf8');
  const newline = text.indexOf('\n');
  return {
    header: text.slice(0, newline),
    entries: JSON.parse(text.slice(newline + 1)) as Record<string, unknown>,
  };
}

const cacheEntries = () => cacheFile().entries;

/** Rewrites the body, keeping the header (and so its MAC) as it was. */
function tamper(edit: (entries: Record<string, unknown>) => void): void {
  const { header, entries } = cacheFile();
  edit(entries);
  writeFileSync(join(dir, SPEC_CACHE_PATH), `${header}\n${JSON.stringify(entries)}`);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const load = (cache = true) => loadProject({ cwd: dir, cache });

let savedState: string | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vtr-wf-spec-cache-'));
  mkdirSync(join(dir, 'workflows'));
  writeFileSync(join(dir, 'vtr-wf.yaml'), CONFIG);
  // Each test its own user: a fresh key, created on first use.
  savedState = process.env.XDG_STATE_HOME;
  process.env.XDG_STATE_HOME = join(dir, 'state');
});

afterEach(() => {
  process.env.XDG_STATE_HOME = savedState;
  rmSync(dir, { recursive: true, force: true });
});

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
    writeFileSync(join(dir, SPEC_CACHE_PATH), 'vtr-wf-spec-cache 2 0.1.0 ab\n{"x":');
    const project = await load();
    expect(project.specs.map((s) => s.spec.id)).toEqual(['a']);
    expect(Object.keys(cacheEntries())).toHaveLength(1);
  });

  it('ignores entries of the wrong shape', async () => {
    write('a.yaml', spec('a'));
    await load();
    tamper((entries) => {
      for (const key of Object.keys(entries)) entries[key] = 'junk';
    });
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

  describe("the per-workflow rules' result (issue 16)", () => {
    /** The rules key an entry holds, if any. */
    const rulesOf = (text: string) =>
      (cacheEntries()[sha256(text)] as { rules?: string } | undefined)?.rules;

    it('is kept for a file a whole run found nothing in, and the result is the same', async () => {
      write('a.yaml', spec('a'));
      const fresh = await load(false);
      await load(); // parses and checks: clean
      expect(rulesOf(spec('a'))).toMatch(/^[0-9a-f]{64}$/);
      const vouched = await load();
      expect(vouched.specs).toEqual(fresh.specs);
      expect(vouched.diagnostics).toEqual(fresh.diagnostics);
    });

    it('is never kept for a file with a rule problem, which is reported on every run', async () => {
      const unknownAlias = `id: a\nnodes:\n  - id: a\n    model: no-such-alias\n`;
      write('a.yaml', unknownAlias);
      const first = await load();
      expect(first.diagnostics.map((d) => d.code)).toContain('unknown-model');
      expect(Object.keys(cacheEntries())).toEqual([sha256(unknownAlias)]);
      expect(rulesOf(unknownAlias)).toBeUndefined();
      expect((await load()).diagnostics).toEqual(first.diagnostics);
    });

    it('is not trusted under another config: the rules run again', async () => {
      write('a.yaml', spec('a'));
      await load();
      await load();
      const before = rulesOf(spec('a'));
      expect(before).toBeDefined();
      // The alias the spec names leaves the catalog: the same file now breaks a rule.
      writeFileSync(
        join(dir, 'vtr-wf.yaml'),
        CONFIG.replace('detector: { id: det', 'other: { id: det'),
      );
      const project = await load();
      expect(project.diagnostics.map((d) => d.code)).toContain('unknown-model');
      expect(rulesOf(spec('a'))).toBe(before); // not re-marked under the new config
    });

    it('is not trusted when claimed for a file by hand: the signature breaks', async () => {
      const unknownAlias = `id: a\nnodes:\n  - id: a\n    model: no-such-alias\n`;
      write('a.yaml', spec('b'));
      write('b.yaml', unknownAlias);
      await load();
      await load();
      const clean = rulesOf(spec('b'));
      tamper((entries) => {
        (entries[sha256(unknownAlias)] as { rules?: string }).rules = clean;
      });
      expect((await load()).diagnostics.map((d) => d.code)).toContain('unknown-model');
    });
  });

  describe('a tampered cache is never trusted (issue 14)', () => {
    const description = (id: string, text: string) =>
      `id: ${id}\ndescription: ${text}\nnodes:\n  - id: a\n    model: detector\n`;

    it('re-parses after a same-length edit of a cached value, and rewrites the cache', async () => {
      write('a.yaml', description('a', 'genuine'));
      await load();
      tamper((entries) => {
        const [hash] = Object.keys(entries);
        entries[hash!] = {
          documents: [{ index: 0, json: { id: 'a', description: 'forged!', nodes: [] } }],
        };
      });
      const project = await load();
      expect(project.specs[0]?.spec.description).toBe('genuine');
      expect(project.specs[0]?.spec.nodes).toHaveLength(1);
      // Rewritten from the fresh parse, and signed again.
      expect((Object.values(cacheEntries())[0] as { documents: unknown }).documents).toEqual([
        {
          index: 0,
          json: { id: 'a', description: 'genuine', nodes: [{ id: 'a', model: 'detector' }] },
        },
      ]);
      expect((await load()).specs[0]?.spec.description).toBe('genuine');
    });

    it('re-parses when an entry is null, so a declared workflow never vanishes', async () => {
      write('a.yaml', spec('a'));
      write('b.yaml', spec('b'));
      await load();
      tamper((entries) => {
        entries[sha256(spec('a'))] = null;
      });
      expect((await load()).specs.map((s) => s.spec.id)).toEqual(['a', 'b']);
      tamper((entries) => {
        entries[sha256(spec('a'))] = { documents: [{ index: 0, json: null }] };
      });
      expect((await load()).specs.map((s) => s.spec.id)).toEqual(['a', 'b']);
    });

    it("re-parses when another file's entry is swapped in", async () => {
      write('a.yaml', spec('a'));
      write('b.yaml', spec('b'));
      await load();
      tamper((entries) => {
        entries[sha256(spec('a'))] = entries[sha256(spec('b'))];
      });
      expect((await load()).specs.map((s) => s.spec.id)).toEqual(['a', 'b']);
    });

    it('ignores a cache signed with another key (another user, another CI job)', async () => {
      write('a.yaml', description('a', 'genuine'));
      await load();
      const theirs = Buffer.alloc(32, 7);
      // Another user's cache, correctly signed with THEIR key, claiming a forged value.
      const forged = openSpecCache(dir, theirs)!;
      const hash = forged.keyOf(description('a', 'genuine'));
      forged.put(hash, [{ index: 0, json: { id: 'a', description: 'forged!', nodes: [] } }]);
      await forged.save();
      expect((await load()).specs[0]?.spec.description).toBe('genuine');
    });

    it('keeps its key outside the project, private to the user', async () => {
      write('a.yaml', spec('a'));
      await load();
      const keyPath = cacheKeyPath()!;
      expect(keyPath.startsWith(join(dir, 'state'))).toBe(true);
      const stat = statSync(keyPath);
      expect(stat.size).toBe(32);
      if (process.platform !== 'win32') expect(stat.mode & 0o777).toBe(0o600);
    });

    it('is off, never fatal, when the key cannot be trusted', async () => {
      write('a.yaml', spec('a'));
      const keyPath = cacheKeyPath()!;
      mkdirSync(join(keyPath, '..'), { recursive: true });
      writeFileSync(keyPath, 'short');
      expect((await load()).specs.map((s) => s.spec.id)).toEqual(['a']);
      expect(() => readFileSync(join(dir, SPEC_CACHE_PATH))).toThrow();
    });
  });
});
