/**
 * `vtr-wf fmt` through the BUILT CLI (`node dist/cli/main.js`, NO_COLOR=1):
 * fixture pairs (input.yaml → expected.yaml), --check, the config's
 * workflows path, files with problems left untouched, json output.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(REPO, 'dist/cli/main.js');
const FIXTURES = join(REPO, 'test/fixtures/fmt');

function vtrWf(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let scratch: string;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`build first: ${CLI} is missing (npm run build)`);
  scratch = mkdtempSync(join(tmpdir(), 'vtr-wf-fmt-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A fresh project folder: no config, specs under workflows/. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(scratch, 'p-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const cases = readdirSync(FIXTURES).filter((name) =>
  existsSync(join(FIXTURES, name, 'expected.yaml')),
);

describe('fmt fixtures', () => {
  it('has fixtures to run', () => expect(cases.length).toBeGreaterThanOrEqual(8));

  for (const name of cases) {
    it(name, () => {
      const input = readFileSync(join(FIXTURES, name, 'input.yaml'), 'utf8');
      const expected = readFileSync(join(FIXTURES, name, 'expected.yaml'), 'utf8');
      const file = `workflows/${name}.yaml`;
      const dir = project({ [file]: input });
      const willChange = input !== expected;

      const check = vtrWf(['fmt', '--check'], dir);
      expect(check).toMatchObject({
        code: willChange ? 1 : 0,
        stdout: willChange ? `${file}\n` : '',
      });
      expect(readFileSync(join(dir, file), 'utf8')).toBe(input);

      const write = vtrWf(['fmt'], dir);
      expect(write).toEqual({ code: 0, stdout: willChange ? `${file}\n` : '', stderr: '' });
      expect(readFileSync(join(dir, file), 'utf8')).toBe(expected);

      // Idempotent: the result is already canonical.
      expect(vtrWf(['fmt', '--check'], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
    });
  }
});

describe('fmt', () => {
  it('finds nothing to change in the shipped workflows', () => {
    expect(vtrWf(['fmt', '--check'], REPO)).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('leaves a file with a YAML syntax error untouched, reports it, and still formats the rest', () => {
    const broken = readFileSync(join(FIXTURES, 'syntax-error/input.yaml'), 'utf8');
    const messy = 'nodes: []\nid: messy\n';
    const dir = project({ 'workflows/broken.yaml': broken, 'workflows/messy.yaml': messy });
    const result = vtrWf(['fmt'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('workflows/messy.yaml\n');
    expect(result.stderr).toMatch(/^workflows\/broken\.yaml:\d+:\d+: error yaml-syntax /m);
    expect(readFileSync(join(dir, 'workflows/broken.yaml'), 'utf8')).toBe(broken);
    expect(readFileSync(join(dir, 'workflows/messy.yaml'), 'utf8')).toBe('id: messy\nnodes: []\n');
  });

  it("formats every spec under the config's workflows path, nested folders included, and nothing else", () => {
    const messy = 'nodes: []\nid: x\n';
    const dir = project({
      'vtr-wf.yaml': 'project: p\nworkflows: specs\n',
      'specs/a.yaml': messy,
      'specs/team/b.yml': messy,
      'specs/team/readme.txt': messy,
      'workflows/c.yaml': messy,
    });
    const result = vtrWf(['fmt', '--check'], dir);
    expect(result).toEqual({ code: 1, stdout: 'specs/a.yaml\nspecs/team/b.yml\n', stderr: '' });
    expect(vtrWf(['fmt'], dir).stdout).toBe('specs/a.yaml\nspecs/team/b.yml\n');
    expect(readFileSync(join(dir, 'specs/team/readme.txt'), 'utf8')).toBe(messy);
    expect(readFileSync(join(dir, 'workflows/c.yaml'), 'utf8')).toBe(messy);
  });

  it('never formats vtr-wf.yaml itself, even when the workflows path is the project folder', () => {
    const config = 'workflows: .\nmodels:\n  a:   { id: "x", version: "y" }\n';
    const dir = project({ 'vtr-wf.yaml': config, 'wf.yaml': 'nodes: []\nid: x\n' });
    expect(vtrWf(['fmt'], dir)).toEqual({ code: 0, stdout: 'wf.yaml\n', stderr: '' });
    expect(readFileSync(join(dir, 'vtr-wf.yaml'), 'utf8')).toBe(config);
  });

  it('takes --config PATH, with its workflows path relative to that file', () => {
    const dir = project({
      'conf/vtr-wf.yaml': 'workflows: ../specs\n',
      'specs/a.yaml': 'nodes: []\nid: x\n',
    });
    expect(vtrWf(['fmt', '--check', '--config', 'conf/vtr-wf.yaml'], dir)).toMatchObject({
      code: 1,
      stdout: 'specs/a.yaml\n',
    });
    const missing = vtrWf(['fmt', '--config', 'nope.yaml'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.yaml');
  });

  it('formats only the given paths, files or folders', () => {
    const messy = 'nodes: []\nid: x\n';
    const dir = project({
      'workflows/a.yaml': messy,
      'other/b.yaml': messy,
      'other/c.yaml': messy,
    });
    const result = vtrWf(['fmt', 'other/c.yaml', 'workflows'], dir);
    expect(result).toEqual({ code: 0, stdout: 'other/c.yaml\nworkflows/a.yaml\n', stderr: '' });
    expect(readFileSync(join(dir, 'other/b.yaml'), 'utf8')).toBe(messy);
  });

  it('reports a path that does not exist', () => {
    const dir = project({});
    const result = vtrWf(['fmt', 'missing.yaml'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('missing.yaml: error read-error');
  });

  it('reports a file that is not UTF-8 and leaves it as it is', () => {
    const dir = project({});
    mkdirSync(join(dir, 'workflows'));
    const bytes = Buffer.from([0x69, 0x64, 0x3a, 0x20, 0xff, 0xfe, 0x0a]);
    writeFileSync(join(dir, 'workflows/latin.yaml'), bytes);
    const result = vtrWf(['fmt'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/workflows\/latin\.yaml:1:5: error encoding /);
    expect(readFileSync(join(dir, 'workflows/latin.yaml'))).toEqual(bytes);
  });

  it('keeps the file mode and writes through a symlink without replacing it', () => {
    const dir = project({ 'real/a.yaml': 'nodes: []\nid: x\n' });
    chmodSync(join(dir, 'real/a.yaml'), 0o640);
    mkdirSync(join(dir, 'workflows'));
    symlinkSync(join(dir, 'real/a.yaml'), join(dir, 'workflows/a.yaml'));
    expect(vtrWf(['fmt'], dir)).toMatchObject({ code: 0, stdout: 'workflows/a.yaml\n' });
    expect(statSync(join(dir, 'real/a.yaml')).mode & 0o777).toBe(0o640);
    expect(readFileSync(join(dir, 'workflows/a.yaml'), 'utf8')).toBe('id: x\nnodes: []\n');
    expect(readdirSync(join(dir, 'real'))).toEqual(['a.yaml']); // no temp file left behind
  });

  it('prints one JSON object with --format json', () => {
    const dir = project({
      'workflows/a.yaml': 'nodes: []\nid: x\n',
      'workflows/b.yaml': 'id: y\nnodes: []\n',
      'workflows/c.yaml': 'id: [\n',
    });
    const result = vtrWf(['fmt', '--check', '--format', 'json'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      check: true,
      files: ['workflows/a.yaml', 'workflows/b.yaml', 'workflows/c.yaml'],
      changed: ['workflows/a.yaml'],
      problems: [{ file: 'workflows/c.yaml', code: 'yaml-syntax', line: expect.any(Number) }],
    });
  });

  it('says what it did with --verbose, on stderr', () => {
    const dir = project({ 'workflows/a.yaml': 'nodes: []\nid: x\n' });
    const result = vtrWf(['fmt', '--verbose'], dir);
    expect(result.stdout).toBe('workflows/a.yaml\n');
    expect(result.stderr).toContain('1 file(s) checked, 1 changed');
  });

  it('keeps the repo example byte for byte when copied into a project', () => {
    const dir = mkdtempSync(join(scratch, 'repo-'));
    cpSync(join(REPO, 'workflows'), join(dir, 'workflows'), { recursive: true });
    expect(vtrWf(['fmt'], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
