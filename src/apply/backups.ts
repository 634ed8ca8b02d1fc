/**
 * Backups of what apply is about to overwrite or delete:
 * `.vtr-wf/backups/<env>/<id>.<timestamp>.json` beside the config, holding the
 * live workflow exactly as read. File names derive from live data, so they are
 * escaped until no id can leave the folder (`../x`, `/`, NUL all become inert).
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { ApiWorkflow } from '../clarifai/types.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { redactSecrets } from '../secrets.js';

/**
 * Percent-escapes everything outside the workflow id alphabet — including `.`,
 * so `..` cannot survive — which keeps distinct ids distinct. Pure.
 */
export function safeFileComponent(text: string): string {
  const escaped = Array.from(text, (ch) =>
    /^[0-9A-Za-z_-]$/.test(ch)
      ? ch
      : Array.from(
          Buffer.from(ch, 'utf8'),
          (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
        ).join(''),
  ).join('');
  return escaped === '' ? '%' : escaped;
}

/** `2024-05-01T12-30-00.123Z`: ISO 8601 with the colons some file systems refuse. */
export function backupTimestamp(now: Date): string {
  return now.toISOString().replace(/:/g, '-');
}

export function backupDirectory(configDir: string, envName: string): string {
  return join(configDir, '.vtr-wf', 'backups', safeFileComponent(envName));
}

export function backupPath(dir: string, id: string, now: Date): string {
  const path = resolve(dir, `${safeFileComponent(id)}.${backupTimestamp(now)}.json`);
  // Belt and braces: the escaping above already makes this impossible.
  if (!path.startsWith(resolve(dir) + sep))
    throw new Error(`refusing a backup path outside ${dir}: ${path}`);
  return path;
}

/** Writes one file per workflow (temp file, fsync, rename); returns the paths. */
export async function writeBackups(
  dir: string,
  workflows: readonly ApiWorkflow[],
  now: Date = new Date(),
): Promise<string[]> {
  if (workflows.length === 0) return [];
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const workflow of workflows) {
    const path = backupPath(dir, workflow.id, now);
    await writeFileAtomic(path, redactSecrets(JSON.stringify(workflow, null, 2)) + '\n', {
      mode: 0o600,
    });
    paths.push(path);
  }
  return paths;
}
