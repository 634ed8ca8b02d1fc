/**
 * Writes one spec file per workflow into a folder (`export --out`, `import
 * --out`). Every check runs before the first write: each name must stay inside
 * the folder, and no existing file is replaced unless `force` says so — a
 * refusal names every file in the way and writes none.
 */
import { lstat, mkdir } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { writeOutputFile } from '../fs/write-output.js';
import { WORKFLOW_ID_PATTERN } from '../model/clarifai-ids.js';
import { UserError } from '../user-error.js';

export interface SpecFile {
  /** The workflow id; the file is `<id>.yaml`. */
  id: string;
  text: string;
}

/** Resolves every target first; throws before writing anything. Returns the absolute paths written. */
export async function writeSpecFiles(
  dir: string,
  files: readonly SpecFile[],
  force: boolean,
): Promise<string[]> {
  const root = resolve(dir);
  const targets = files.map((file) => ({ file, path: targetPath(root, file.id) }));

  const seen = new Set<string>();
  for (const { file } of targets) {
    if (seen.has(file.id))
      throw new UserError(`workflow id \`${file.id}\` appears twice; each needs its own file`);
    seen.add(file.id);
  }

  // A file where the folder should be: said plainly before anything is written
  // (mkdir's EEXIST named neither the cause nor the fix).
  const rootEntry = await lstat(root).catch(() => undefined);
  if (rootEntry && !rootEntry.isDirectory()) {
    throw new UserError(
      `${relative(process.cwd(), root) || root} is a file, not a folder: specs are written into a folder, one <id>.yaml a workflow (nothing written)`,
    );
  }

  const inTheWay: string[] = [];
  for (const { path } of targets) {
    const existing = await lstat(path).catch(() => undefined);
    if (existing?.isDirectory()) throw new UserError(`${path} is a directory`);
    if (existing && !force) inTheWay.push(path);
  }
  if (inTheWay.length > 0) {
    throw new UserError(
      `refusing to overwrite ${inTheWay.length === 1 ? 'an existing file' : `${inTheWay.length} existing files`} ` +
        `(nothing written; use --force to overwrite): ${inTheWay.map((p) => relative(process.cwd(), p) || p).join(', ')}`,
    );
  }

  const written: string[] = [];
  try {
    await mkdir(root, { recursive: true });
    for (const { file, path } of targets) written.push(await writeOutputFile(path, file.text));
  } catch (e) {
    // Disk full, no permission, a file where the folder should be: the user's to fix.
    const done =
      written.length > 0 ? ` (${written.length} of ${targets.length} files were written)` : '';
    throw new UserError(
      `can't write into ${relative(process.cwd(), root) || root}: ${(e as Error).message}${done}`,
    );
  }
  return written;
}

/** `<root>/<id>.yaml`, refusing any id that could name a file elsewhere. */
export function targetPath(root: string, id: string): string {
  // The API's workflow id rule already rules out `/`, `\`, `..` and NUL; checked again anyway.
  if (!WORKFLOW_ID_PATTERN.test(id) || /[/\\\0]|\.\./.test(id)) {
    throw new UserError(
      `workflow id \`${id}\` can't be used as a file name (it is not a valid workflow id)`,
    );
  }
  const path = join(root, `${id}.yaml`);
  const rel = relative(root, path);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new UserError(`workflow id \`${id}\` would be written outside ${root}`);
  }
  return path;
}
