/**
 * The collected SDK corpus (test/fixtures/sdk-corpus/, sources in its README)
 * through the built CLI and the embedded emulator: every pinned file imports,
 * validates, applies to `-e local` (later versions of a fixture updating what
 * earlier ones created) and plans clean, and export gives it back; every
 * unpinned one is refused with its location, and pinned by `--resolve-latest
 * -e local` where the environment has the model. Files are found by name
 * (*.yml, *.yaml): a new one needs only its README row.
 */
import { copyFile, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Diagnostic } from '../src/diagnostic.js';
import { makeProject, REPO_ROOT, runCli } from './helpers/cli.js';

const CORPUS = join(REPO_ROOT, 'test/fixtures/sdk-corpus');
const files = (await readdir(CORPUS)).filter((f) => /\.ya?ml$/.test(f)).sort();

type SdkModel = Record<string, unknown>;
type SdkNode = { model: SdkModel };

/** The nodes of an SDK file, with or without the `workflow:` wrapper (`Workflow.export()` leaves it out). */
function nodesOf(text: string): SdkNode[] {
  const doc = parse(text) as { workflow?: { nodes: SdkNode[] }; nodes?: SdkNode[] };
  return (doc.workflow ?? doc).nodes ?? [];
}

function workflowIdOf(text: string): string {
  const doc = parse(text) as { workflow?: { id: string }; id?: string };
  return (doc.workflow ?? doc).id!;
}

/** Whether a node's model names its version (in either dialect). */
const isPinnedModel = (m: SdkModel) =>
  m.model_version_id !== undefined || m.modelVersionId !== undefined;

const texts = new Map(
  await Promise.all(files.map(async (f) => [f, await readFile(join(CORPUS, f), 'utf8')] as const)),
);
/** A file is pinned when every node's model names its version. */
const pinned = files.filter((f) => nodesOf(texts.get(f)!).every((n) => isPinnedModel(n.model)));
const unpinned = files.filter((f) => !pinned.includes(f));

/** The cropper the "…_and_latest_version" fixtures leave unpinned, as the project's catalog names it. */
const PUBLIC_CROPPER_ID = 'margin-110-image-crop';
const PUBLIC_CROPPER = `  margin-cropper: { id: "${PUBLIC_CROPPER_ID}", version: "b9987421b40a46649566826ef9325303" }`;
/**
 * Unpinned files whose every unpinned model is that cropper: `--resolve-latest
 * -e local` can pin them (the local emulator knows the models the project names).
 */
const RESOLVABLE = unpinned.filter((f) =>
  nodesOf(texts.get(f)!)
    .filter((n) => !isPinnedModel(n.model))
    .every((n) => (n.model.model_id ?? n.model.modelId) === PUBLIC_CROPPER_ID),
);

/**
 * Warnings the corpus is expected to raise: Clarifai's own examples name a
 * workflow `tiling-region-aggregator-operator` (33 characters; the contract
 * warns above 32). Anything else on stderr is a finding.
 */
const EXPECTED_WARNING = /^\S+:\d+:\d+: warning id-long .*\n {2}pointer: (\/workflow)?\/id\n/gm;

/**
 * Groups of files whose workflow ids differ (the SDKs' fixtures reuse ids
 * such as `test-sb` and `General` across files): one project each.
 */
function groupsWithoutDuplicateIds(names: readonly string[]): string[][] {
  const groups: { ids: Set<string>; files: string[] }[] = [];
  for (const name of names) {
    const id = workflowIdOf(texts.get(name)!);
    let group = groups.find((g) => !g.ids.has(id));
    if (!group) groups.push((group = { ids: new Set(), files: [] }));
    group.ids.add(id);
    group.files.push(name);
  }
  return groups.map((g) => g.files);
}

/** apply's note when it updated a workflow an earlier group created. */
const BACKUPS_SAVED = /^Saved \d+ backups? of what was overwritten or deleted in \S+\n/m;

/** A file name as a regular expression. */
const escape = (name: string) => name.replace(/[.@]/g, '\\$&');

/** What stderr holds besides the expected warnings. */
const unexpected = (stderr: string) => stderr.replace(EXPECTED_WARNING, '');

type SpecNode = { id: string; model: string | Record<string, unknown> };

/** A spec file's content, its nodes in id order. */
async function specAt(dir: string, file: string): Promise<{ nodes: SpecNode[] }> {
  const spec = parse(await readFile(join(dir, file), 'utf8')) as { nodes: SpecNode[] };
  spec.nodes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return spec;
}

/**
 * The exported spec as the imported one would say it: export names the owner
 * of a public model (clarifai/main) where the imported spec named none — the
 * same model (the plan compares owners only where a spec names one).
 */
function asImported(exported: { nodes: SpecNode[] }, imported: { nodes: SpecNode[] }) {
  exported.nodes.forEach((node, i) => {
    const was = imported.nodes[i]?.model;
    if (typeof node.model === 'object' && typeof was === 'object' && was.user_id === undefined) {
      delete node.model.user_id;
      delete node.model.app_id;
    }
  });
  return exported;
}

/**
 * Deals `items` round-robin into `chains` chains and runs the chains at once,
 * each chain's items in order — the same chains every run.
 */
async function inChains<T>(
  chains: number,
  items: readonly T[],
  work: (item: T, chain: number) => Promise<void>,
) {
  const dealt = Array.from({ length: Math.min(chains, items.length) }, (_, c) =>
    items.filter((_, i) => i % chains === c),
  );
  await Promise.all(
    dealt.map(async (chain, c) => {
      for (const item of chain) await work(item, c);
    }),
  );
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
    expect(files.length).toBeGreaterThanOrEqual(100);
    expect(pinned.length).toBeGreaterThan(0);
    expect(unpinned.length).toBeGreaterThan(0);
    expect(files.some((f) => texts.get(f)!.includes('modelId:'))).toBe(true);
    const readme = await readFile(join(CORPUS, 'README.md'), 'utf8');
    for (const f of files)
      expect(readme).toMatch(
        new RegExp(`^\\| ${escape(f)} \\| [\\w.-]+/[\\w.-]+ \\| \\S+ \\| [0-9a-f]{40} \\|`, 'm'),
      );
  });

  it('every pinned file imports, validates, applies to -e local and plans clean; export gives it back', async () => {
    // One project (one local emulator) per chain; a chain takes its groups one
    // after another, so a later group *updates* workflows an earlier one
    // created (the fixtures' versions share ids) — real diffs through
    // PatchWorkflows, and the plan after each must still be clean.
    const groups = groupsWithoutDuplicateIds(pinned);
    const projects = await Promise.all([0, 1, 2].map(() => corpusProject([])));
    let updates = 0;
    await inChains(projects.length, groups, async (group, chain) => {
      const { dir, cli } = projects[chain]!;
      const label = group.join(' ');
      await rm(join(dir, 'workflows'), { recursive: true, force: true });
      await rm(join(dir, 'exported'), { recursive: true, force: true });
      for (const name of group) await copyFile(join(CORPUS, name), join(dir, name));
      const imported = await cli('import', ...group, '--out', 'workflows');
      expect(unexpected(imported.stderr), label).toBe('');
      expect(imported.code).toBe(0);
      expect((await readdir(join(dir, 'workflows'))).length).toBe(group.length);
      const validate = await cli('validate');
      // Diagnostics on stdout, the summary line on stderr: nothing but the expected warning.
      expect(unexpected(validate.stdout), label).toBe('');
      expect(validate.code).toBe(0);
      const apply = await cli('apply', '-e', 'local', '--auto-approve');
      expect(unexpected(apply.stderr).replace(BACKUPS_SAVED, ''), label).toBe('');
      expect(apply.code).toBe(0);
      if (/Plan: .*\b[1-9]\d* to update/.test(apply.stdout)) updates++;
      const plan = await cli('plan', '-e', 'local', '--detailed-exitcode');
      expect(unexpected(plan.stderr), label).toBe('');
      expect(plan.stdout, label).toMatch(/no changes/i);
      expect(plan.code).toBe(0);
      // And back: what export reads from the emulator is the imported spec
      // (node order aside — the contract lets nodes be listed in any order).
      const exported = await cli('export', '-e', 'local', '--out', 'exported');
      expect(unexpected(exported.stderr), label).toBe('');
      expect(exported.code).toBe(0);
      for (const name of await readdir(join(dir, 'workflows'))) {
        const imported = await specAt(dir, `workflows/${name}`);
        const back = await specAt(dir, `exported/${name}`);
        expect(asImported(back, imported), name).toEqual(imported);
      }
    });
    expect(updates).toBeGreaterThan(0);

    // Every workflow each emulator now holds (earlier groups' leftovers too),
    // as export wrote it, is a valid project that plans clean.
    await Promise.all(
      projects.map(async ({ dir, cli }) => {
        await rm(join(dir, 'workflows'), { recursive: true, force: true });
        await rename(join(dir, 'exported'), join(dir, 'workflows'));
        const validate = await cli('validate');
        expect(unexpected(validate.stdout), dir).toBe('');
        expect(validate.code).toBe(0);
        const plan = await cli('plan', '-e', 'local', '--detailed-exitcode');
        expect(unexpected(plan.stderr), dir).toBe('');
        expect(plan.stdout, dir).toMatch(/no changes/i);
        expect(plan.code).toBe(0);
      }),
    );
  }, 240_000);

  it('every unpinned file is refused at the node without a version', async () => {
    const { cli } = await corpusProject(unpinned);
    const result = await cli('import', ...unpinned, '--format', 'json');
    expect(result.code).toBe(1);
    const diagnostics = JSON.parse(result.stdout).diagnostics as Diagnostic[];
    // The missing version is the only thing wrong with them.
    expect(diagnostics.filter((d) => d.code !== 'import-unpinned-version')).toEqual([]);
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
      // Resolved files that share a workflow id meet as duplicates; that is not what is tested here.
      const errors = diagnostics.filter(
        (d) => d.file === file && d.severity === 'error' && d.code !== 'import-duplicate-id',
      );
      if (RESOLVABLE.includes(file)) expect(errors, file).toEqual([]);
      else {
        expect(errors.length, file).toBeGreaterThan(0);
        for (const d of errors) {
          expect(d.code, file).toBe('import-unresolved-version');
          expect(d.line, file).toBeGreaterThan(0);
        }
      }
    }

    // Every resolvable file was pinned above (no error); the resolvable
    // fixtures share workflow ids, so one group of them goes on through the
    // message, validate, apply and plan (a group per id would cost an
    // emulator start each and test nothing new).
    expect(RESOLVABLE.length).toBeGreaterThanOrEqual(2);
    const [group] = groupsWithoutDuplicateIds(RESOLVABLE);
    const resolved = await cli(
      'import',
      ...group!,
      '--resolve-latest',
      '-e',
      'local',
      '--out',
      'workflows',
    );
    expect(resolved.code, group!.join(' ')).toBe(0);
    for (const file of group!)
      expect(resolved.stderr).toMatch(
        new RegExp(
          `^${escape(file)}:\\d+:\\d+: node \`cropper\` of \`[\\w-]+\`: model \`margin-110-image-crop\` pinned to its latest version b9987421b40a46649566826ef9325303 in \`local\``,
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
