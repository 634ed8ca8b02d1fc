/**
 * The edge of `init`: looks at the target folder, decides everything (pure
 * planScaffold), then writes. Every check happens before the first write, and
 * files are created with the `wx` flag so even a file that appears meanwhile is
 * never overwritten.
 */
import { UserError } from '../user-error.js';
import { appendFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { readBoundedOrThrow } from '../fs/read-bounded.js';
import { makeFolder, writeFailure } from '../fs/write-error.js';
import { MAX_FILE_BYTES } from '../spec/limits.js';
import {
  isValidProjectName,
  MAX_PROJECT_NAME_LENGTH,
  projectNameFromDir,
} from '../init/project-name.js';
import { CI_WORKFLOW_PATH, CONFIG_PATH, GITIGNORE_PATH, planScaffold } from '../init/scaffold.js';
import { locateSchemas } from '../init/schema-location.js';
import { EXAMPLE_WORKFLOW_PATH } from '../init/workflow-template.js';
import { EXAMPLE_IMAGE_PATH } from '../init/example-image.js';

export interface InitOptions {
  /** The project folder (created when missing). */
  dir: string;
  /** Default: derived from the folder's name. */
  project?: string;
  /** Scaffold the GitHub Actions workflow too (default true). */
  ci?: boolean;
  /** Override where the `$schema` headers point (posix, relative to dir). */
  schemaDir?: string;
}

export type InitFileOutcome =
  | { path: string; action: 'created' }
  | { path: string; action: 'updated'; note: string }
  | { path: string; action: 'skipped'; reason: string };

export interface InitResult {
  /** Absolute path of the project folder. */
  root: string;
  project: string;
  schemaDir: string;
  /** False when the schemas the headers name are not installed yet. */
  schemasPresent: boolean;
  files: InitFileOutcome[];
}

export async function runInit(options: InitOptions): Promise<InitResult> {
  const root = resolve(options.dir);
  await ensureUsableFolder(root);
  const project = options.project ?? projectNameFromDir(basename(root));
  if (!isValidProjectName(project)) {
    throw new UserError(
      `invalid project name "${project}": use letters, digits, and single - or _ between them, at most ${MAX_PROJECT_NAME_LENGTH} characters`,
    );
  }
  const location = options.schemaDir
    ? { schemaDir: options.schemaDir, present: true }
    : locateSchemas(root);

  const candidates = [
    CONFIG_PATH,
    EXAMPLE_WORKFLOW_PATH,
    EXAMPLE_IMAGE_PATH,
    GITIGNORE_PATH,
    CI_WORKFLOW_PATH,
  ];
  const existing = new Set<string>();
  for (const path of candidates) if (await exists(join(root, path))) existing.add(path);
  const gitignore = existing.has(GITIGNORE_PATH)
    ? readBoundedOrThrow(join(root, GITIGNORE_PATH), 'gitignore', {
        maxBytes: MAX_FILE_BYTES,
      }).toString('utf8')
    : null;

  const steps = planScaffold({
    project,
    schemaDir: location.schemaDir,
    ci: options.ci ?? true,
    existing,
    gitignore,
  });

  const files: InitFileOutcome[] = [];
  for (const step of steps) {
    const target = join(root, step.path);
    if (step.action === 'skip') {
      files.push({ path: step.path, action: 'skipped', reason: step.reason });
    } else if (step.action === 'append') {
      await appendFile(target, step.append, 'utf8').catch((e: unknown) => {
        throw writeFailure(e, target);
      });
      files.push({ path: step.path, action: 'updated', note: step.note });
    } else if (await createExclusive(target, step.content)) {
      files.push({ path: step.path, action: 'created' });
    } else {
      files.push({ path: step.path, action: 'skipped', reason: 'it appeared while init ran' });
    }
  }
  return { root, project, schemaDir: location.schemaDir, schemasPresent: location.present, files };
}

async function ensureUsableFolder(root: string): Promise<void> {
  const info = await stat(root).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw new UserError(`cannot read ${root}: ${e.message}`);
  });
  if (info && !info.isDirectory()) throw new UserError(`${root} exists and is not a folder`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new UserError(`cannot read ${path}: ${(e as Error).message}`);
  }
}

/** Writes a new file; false (and nothing written) when it exists already. */
async function createExclusive(path: string, content: string | Uint8Array): Promise<boolean> {
  await makeFolder(dirname(path));
  try {
    await writeFile(path, content, { encoding: 'utf8', flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw writeFailure(e, path);
  }
}
