/**
 * `vtr-wf init` through the built CLI: what it creates, that it never
 * overwrites, and that what it creates works — validate, apply to the embedded
 * emulator, then a plan with no changes.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CI_WORKFLOW } from '../src/init/ci-template.js';

const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));
const CLI = join(REPO, 'dist/cli/main.js');
const scratch = mkdtempSync(join(tmpdir(), 'vtr-wf-init-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let counter = 0;
function emptyFolder(name = `project-${++counter}`): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function cli(args: string[], cwd: string) {
  return spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1', VTR_WF_RATE_LIMIT: '0' },
  });
}

/** Every file under a folder with its content, for "nothing changed" checks. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[path.slice(dir.length + 1)] = readFileSync(path, 'utf8');
  }
  return files;
}

const ALL_FILES = [
  '.github/workflows/vtr-wf.yml',
  '.gitignore',
  'vtr-wf.yaml',
  'workflows/images/sold-sign.png',
  'workflows/visual-text-recognition.yaml',
];

describe('vtr-wf init', { timeout: 180_000 }, () => {
  it('scaffolds a project that validates, applies to the emulator, and then plans no changes', () => {
    const dir = emptyFolder('Acme OCR');
    const init = cli(['init'], dir);
    expect(init.status, init.stderr).toBe(0);
    expect(init.stderr).toBe('');
    expect(init.stdout).toContain(
      [
        'created vtr-wf.yaml',
        'created workflows/visual-text-recognition.yaml',
        'created workflows/images/sold-sign.png',
        'created .gitignore',
        'created .github/workflows/vtr-wf.yml',
      ].join('\n'),
    );
    expect(init.stdout).toContain('Next steps:');
    expect(Object.keys(snapshot(dir)).sort()).toEqual(ALL_FILES);

    const config = parse(readFileSync(join(dir, 'vtr-wf.yaml'), 'utf8')) as Record<string, unknown>;
    expect(config.project).toBe('acme-ocr');
    expect(config.environments).toEqual({ local: { emulator: true } });
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toContain('\n.vtr-wf/\n');
    expect(readFileSync(join(dir, '.github/workflows/vtr-wf.yml'), 'utf8')).toBe(CI_WORKFLOW);

    const validate = cli(['validate'], dir);
    expect(validate.status, validate.stdout + validate.stderr).toBe(0);
    // --test runs the example spec's test case on its scaffolded image, on local models.
    const apply = cli(['apply', '-e', 'local', '--auto-approve', '--test'], dir);
    expect(apply.status, apply.stdout + apply.stderr).toBe(0);
    expect(apply.stdout).toContain('PASS visual-text-recognition › sold-sign');
    const plan = cli(['plan', '-e', 'local', '--detailed-exitcode'], dir);
    expect(plan.status, plan.stdout + plan.stderr).toBe(0);
    const graph = cli(['graph'], dir);
    expect(graph.status, graph.stderr).toBe(0);
    expect(graph.stdout).toContain('image-crop<br/>cropper · cropper');
  });

  it('never overwrites: a second run skips every file, says so on stderr, changes nothing', () => {
    const dir = emptyFolder();
    expect(cli(['init'], dir).status).toBe(0);
    writeFileSync(join(dir, 'vtr-wf.yaml'), '# mine\nproject: mine\n');
    const before = snapshot(dir);
    const again = cli(['init'], dir);
    expect(again.status).toBe(0);
    expect(again.stdout).toBe('Nothing to create: every file exists.\n');
    for (const file of ALL_FILES) expect(again.stderr).toContain(`skipped ${file}: `);
    expect(snapshot(dir)).toEqual(before);
  });

  it('creates only what is missing and appends the .gitignore entry once', () => {
    const dir = emptyFolder();
    writeFileSync(join(dir, 'vtr-wf.yaml'), 'project: keep-me\n');
    writeFileSync(join(dir, '.gitignore'), 'node_modules/');
    const init = cli(['init'], dir);
    expect(init.status).toBe(0);
    expect(init.stderr).toBe(
      'skipped vtr-wf.yaml: it exists (init never overwrites a file)\n' +
        'skipped workflows/visual-text-recognition.yaml: vtr-wf.yaml exists, so the project has its own specs\n' +
        'skipped workflows/images/sold-sign.png: vtr-wf.yaml exists, so the project has its own specs\n',
    );
    expect(init.stdout).toContain('updated .gitignore (added .vtr-wf/)');
    expect(readFileSync(join(dir, 'vtr-wf.yaml'), 'utf8')).toBe('project: keep-me\n');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe(
      'node_modules/\n# vtr-wf: emulator state and backups\n.vtr-wf/\n',
    );
    expect(cli(['init'], dir).stderr).toContain('skipped .gitignore: it already ignores .vtr-wf/');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8').match(/\.vtr-wf\//g)).toHaveLength(1);
  });

  it('scaffolds into a new folder named on the command line, with --project and --no-ci', () => {
    const parent = emptyFolder();
    const init = cli(['init', 'nested/ocr', '--project', 'acme_ocr-2', '--no-ci'], parent);
    expect(init.status, init.stderr).toBe(0);
    expect(init.stdout).toContain('  cd nested/ocr\n');
    const dir = join(parent, 'nested/ocr');
    expect(Object.keys(snapshot(dir)).sort()).toEqual(
      ALL_FILES.filter((f) => !f.startsWith('.github')),
    );
    expect(
      (parse(readFileSync(join(dir, 'vtr-wf.yaml'), 'utf8')) as { project: string }).project,
    ).toBe('acme_ocr-2');
  });

  it('--format json lists each file and what happened to it', () => {
    const dir = emptyFolder();
    writeFileSync(join(dir, 'vtr-wf.yaml'), 'project: x\n');
    const init = cli(['init', '--format', 'json'], dir);
    expect(init.status).toBe(0);
    expect(JSON.parse(init.stdout)).toEqual({
      project: expect.any(String),
      schema_dir: 'node_modules/vtr-wf/schemas',
      files: [
        {
          path: 'vtr-wf.yaml',
          action: 'skipped',
          reason: 'it exists (init never overwrites a file)',
        },
        {
          path: 'workflows/visual-text-recognition.yaml',
          action: 'skipped',
          reason: 'vtr-wf.yaml exists, so the project has its own specs',
        },
        {
          path: 'workflows/images/sold-sign.png',
          action: 'skipped',
          reason: 'vtr-wf.yaml exists, so the project has its own specs',
        },
        { path: '.gitignore', action: 'created' },
        { path: '.github/workflows/vtr-wf.yml', action: 'created' },
      ],
    });
  });

  it('refuses a bad project name or a file in place of the folder, writing nothing', () => {
    const dir = emptyFolder();
    const bad = cli(['init', '--project', 'acme/ocr'], dir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^error: invalid project name "acme\/ocr"/);
    expect(bad.stderr).not.toContain('internal error');
    expect(readdirSync(dir)).toEqual([]);

    writeFileSync(join(dir, 'file'), 'x');
    const notAFolder = cli(['init', 'file'], dir);
    expect(notAFolder.status).toBe(1);
    expect(notAFolder.stderr).toContain('exists and is not a folder');
    expect(existsSync(join(dir, 'vtr-wf.yaml'))).toBe(false);
  });

  it('points the schema headers at where `npm install --save-dev vtr-wf` puts the schemas', () => {
    const dir = emptyFolder();
    const init = cli(['init', '--format', 'json', '--no-ci'], dir);
    expect(JSON.parse(init.stdout).schema_dir).toBe('node_modules/vtr-wf/schemas');
    expect(
      readFileSync(join(dir, 'workflows/visual-text-recognition.yaml'), 'utf8').split('\n')[0],
    ).toBe('# yaml-language-server: $schema=../node_modules/vtr-wf/schemas/workflow.schema.json');
    const text = cli(['init', 'again'], dir).stdout;
    expect(text).toContain('npm install --save-dev vtr-wf');
  });

  // The shared FileWriteError (src/fs/write-error.ts): path, reason and code, as for backups and
  // --out. /sys refuses a new folder even to root (a read-only folder would not, here).
  it.skipIf(!existsSync('/sys/kernel'))(
    'a folder it cannot write is a one-line error naming it, with the reason and code',
    () => {
      const result = cli(['init', '/sys/vtr-wf-init-test'], scratch);
      expect(result.status).toBe(1);
      expect(result.stderr.trim()).toMatch(
        /^error: cannot write \/sys\/vtr-wf-init-test: [a-z ]+ \((EPERM|EACCES|EROFS)\)$/,
      );
    },
  );
});
