/**
 * The collected SDK corpus (test/fixtures/sdk-corpus/, sources in its README)
 * through the built CLI and the embedded emulator: every pinned file imports,
 * validates, applies to `-e local` and plans clean; every unpinned one is
 * refused with its location, and pinned by `--resolve-latest -e local` where
 * the environment has the model.
 */
import { copyFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Diagnostic } from '../src/diagnostic.js';
import { makeProject, REPO_ROOT, runCli } from './helpers/cli.js';

const CORPUS = join(REPO_ROOT, 'test/fixtures/sdk-corpus');
const files = (await readdir(CORPUS)).filter((f) => f.endsWith('.yml')).sort();

/** A file is pinned when every node's model names its version (in either dialect). */
function isPinned(text: string): boolean {
  const doc = parse(text) as { workflow: { nodes: { model: Record<string, unknown> }[] } };
  return doc.workflow.nodes.every(
    (n) => n.model.model_version_id !== undefined || n.model.modelVersionId !== undefined,
  );
}

const texts = new Map(
  await Promise.all(files.map(async (f) => [f, await readFile(join(CORPUS, f), 'utf8')] as const)),
);
const pinned = files.filter((f) => isPinned(texts.get(f)!));
const unpinned = files.filter((f) => !pinned.includes(f));

/** The cropper the "…_and_latest_version" fixtures leave unpinned, as the project's catalog names it. */
const PUBLIC_CROPPER =
  '  margin-cropper: { id: "margin-110-image-crop", version: "b9987421b40a46649566826ef9325303" }';
const RESOLVABLE = [
  'nodejs-single_branch_with_public_cropper_model_and_latest_version.yml',
  'python-single_branch_with_public_cropper_model_and_latest_version.yml',
];

/**
 * Groups of files whose workflow ids differ (the SDKs' fixtures reuse ids
 * such as `test-sb` and `General` across files): one project each.
 */
function groupsWithoutDuplicateIds(names: readonly string[]): string[][] {
  const groups: { ids: Set<string>; files: string[] }[] = [];
  for (const name of names) {
    const id = (parse(texts.get(name)!) as { workflow: { id: string } }).workflow.id;
    let group = groups.find((g) => !g.ids.has(id));
    if (!group) groups.push((group = { ids: new Set(), files: [] }));
    group.ids.add(id);
    group.files.push(name);
  }
  return groups.map((g) => g.files);
}

async function corpusProject(names: readonly string[], catalogExtra = '') {
  const dir = await makeProject({ specs: {} });
  if (catalogExtra) {
    const config = await readFile(join(dir, 'vtr-wf.yaml'), 'utf8');
    await writeFile(
      join(dir, 'vtr-wf.yaml'),
      config.replace('models:\n', `models:\n${catalogExtra}\n`),
    );
  }
  for (const name of names) await copyFile(join(CORPUS, name), join(dir, name));
  return { dir, cli: (...args: string[]) => runCli(args, { cwd: dir }) };
}

describe('the SDK corpus', () => {
  it('holds real files of both dialects, pinned and unpinned, each recorded in the README', async () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
    expect(pinned.length).toBeGreaterThan(0);
    expect(unpinned.length).toBeGreaterThan(0);
    expect(files.some((f) => texts.get(f)!.includes('modelId:'))).toBe(true);
    const readme = await readFile(join(CORPUS, 'README.md'), 'utf8');
    for (const f of files)
      expect(readme).toMatch(
        new RegExp(
          `^\\| ${f.replace(/\./g, '\\.')} \\| Clarifai/[\\w-]+ \\| \\S+ \\| [0-9a-f]{40} \\|`,
          'm',
        ),
      );
  });

  it('every pinned file imports, validates, applies to -e local and plans clean', async () => {
    for (const group of groupsWithoutDuplicateIds(pinned)) {
      const { dir, cli } = await corpusProject(group);
      const imported = await cli('import', ...group, '--out', 'workflows');
      expect(imported.stderr, group.join(' ')).toBe('');
      expect(imported.code).toBe(0);
      expect((await readdir(join(dir, 'workflows'))).length).toBe(group.length);
      const validate = await cli('validate');
      expect(validate.stdout + validate.stderr, group.join(' ')).not.toMatch(/error/);
      expect(validate.code).toBe(0);
      const apply = await cli('apply', '-e', 'local', '--auto-approve');
      expect(apply.stderr, group.join(' ')).not.toMatch(/error|warning/);
      expect(apply.code).toBe(0);
      const plan = await cli('plan', '-e', 'local', '--detailed-exitcode');
      expect(plan.stdout, group.join(' ')).toMatch(/no changes/i);
      expect(plan.code).toBe(0);
    }
  }, 240_000);

  it('every unpinned file is refused at the node without a version', async () => {
    const { cli } = await corpusProject(unpinned);
    const result = await cli('import', ...unpinned, '--format', 'json');
    expect(result.code).toBe(1);
    const diagnostics = JSON.parse(result.stdout).diagnostics as Diagnostic[];
    for (const file of unpinned) {
      const refused = diagnostics.filter(
        (d) => d.file === file && d.code === 'import-unpinned-version',
      );
      expect(refused.length, file).toBeGreaterThan(0);
      for (const d of refused) {
        expect(d.line, file).toBeGreaterThan(0);
        expect(d.column, file).toBeGreaterThan(0);
        expect(d.pointer, file).toMatch(/^\/workflow\/nodes\/\d+\/model$/);
      }
    }
  }, 60_000);

  it('--resolve-latest -e local pins what the environment has, refuses the rest at its place', async () => {
    const { dir, cli } = await corpusProject(unpinned, PUBLIC_CROPPER);
    const all = await cli(
      'import',
      ...unpinned,
      '--resolve-latest',
      '-e',
      'local',
      '--format',
      'json',
    );
    expect(all.code).toBe(1);
    const diagnostics = JSON.parse(all.stdout).diagnostics as Diagnostic[];
    for (const file of unpinned) {
      const errors = diagnostics.filter((d) => d.file === file && d.severity === 'error');
      if (RESOLVABLE.includes(file)) expect(errors, file).toEqual([]);
      else {
        expect(errors.length, file).toBeGreaterThan(0);
        for (const d of errors) {
          expect(d.code, file).toBe('import-unresolved-version');
          expect(d.line, file).toBeGreaterThan(0);
        }
      }
    }

    const resolved = await cli(
      'import',
      ...RESOLVABLE,
      '--resolve-latest',
      '-e',
      'local',
      '--out',
      'workflows',
    );
    expect(resolved.code).toBe(0);
    for (const file of RESOLVABLE)
      expect(resolved.stderr).toMatch(
        new RegExp(
          `^${file.replace(/\./g, '\\.')}:\\d+:\\d+: node \`cropper\` of \`[\\w-]+\`: model \`margin-110-image-crop\` pinned to its latest version b9987421b40a46649566826ef9325303 in \`local\``,
          'm',
        ),
      );
    expect(await readFile(join(dir, 'workflows/test-sb.yaml'), 'utf8')).toContain(
      'model: margin-cropper',
    );
    expect((await cli('validate')).code).toBe(0);
    expect((await cli('apply', '-e', 'local', '--auto-approve')).code).toBe(0);
    expect((await cli('plan', '-e', 'local', '--detailed-exitcode')).code).toBe(0);
  }, 120_000);
});
