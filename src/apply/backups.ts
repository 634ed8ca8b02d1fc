/**
 * Backups of what apply is about to overwrite or delete:
 * `.vtr-wf/backups/<env>/<id>.<timestamp>.json` beside the config, holding the
 * live workflow exactly as read. File names derive from live data, so they are
 * escaped until no id can leave the folder (`../x`, `/`, NUL all become inert).
 */
import { join, resolve, sep } from 'node:path';
import type { ApiWorkflow } from '../clarifai/types.js';
import { removeStaleTemps, writeFilesAtomic } from '../fs/write-file-atomic.js';
import { makeFolder } from '../fs/write-error.js';
import { redactSecrets, redactValues } from '../secrets.js';

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

/** Writes one file per workflow, all durable when it resolves; returns the paths. */
export async function writeBackups(
  dir: string,
  workflows: readonly ApiWorkflow[],
  now: Date = new Date(),
): Promise<string[]> {
  if (workflows.length === 0) return [];
  await prepareFolder(dir);
  return writeBackupFiles(dir, workflows, now);
}

/**
 * The folder made, and the temp files a killed backup write left behind (killed
 * before its rename) tidied up. Once per apply: the folder keeps every backup
 * ever made, and listing it for each batch cost more than the batch's writes.
 */
async function prepareFolder(dir: string): Promise<void> {
  await makeFolder(dir);
  await removeStaleTemps(dir);
}

async function writeBackupFiles(
  dir: string,
  workflows: readonly ApiWorkflow[],
  now: Date,
): Promise<string[]> {
  const files = workflows.map((w) => ({ path: backupPath(dir, w.id, now), text: backupText(w) }));
  await writeFilesAtomic(files, { mode: 0o600 });
  return files.map((f) => f.path);
}

function backupText(workflow: ApiWorkflow): string {
  // redactValues copies only a workflow that holds a key (a scan otherwise).
  return redactSecrets(JSON.stringify(redactValues(workflow), null, 2)) + '\n';
}

/**
 * Backups written as the executor reaches each batch: `ensure(indexes)` makes
 * the backups of those plan changes durable and resolves, so a batch is sent
 * only after its own backups are on disk — while earlier batches are already
 * on the wire. Changes with nothing to back up (creates, workflows already
 * gone) cost nothing. `paths` lists every backup written so far.
 */
export interface BackupWriter {
  ensure(indexes: readonly number[]): Promise<void>;
  /**
   * Starts writing the backups of these groups (the write batches, in the
   * order they will be sent), one group after another in the background, so
   * the disk works while round trips are awaited instead of each batch
   * waiting for its own backups. `ensure` still decides when a batch may go.
   */
  runAhead(groups: readonly (readonly number[])[]): void;
  /** Stops running ahead and waits for the group being written: nothing is left half done. */
  stop(): Promise<void>;
  readonly paths: readonly string[];
}

export function backupWriter(
  dir: string,
  /** By plan change index: the live workflow the change overwrites or deletes. */
  overwritten: ReadonlyMap<number, ApiWorkflow>,
  now: Date = new Date(),
): BackupWriter {
  const started = new Map<number, Promise<void>>();
  const paths: string[] = [];
  let prepared: Promise<void> | undefined;
  let stopped = false;
  let ahead: Promise<void> = Promise.resolve();
  const ensure = async (indexes: readonly number[]): Promise<void> => {
    const fresh = indexes.filter((i) => overwritten.has(i) && !started.has(i));
    if (fresh.length > 0) {
      const group = (async () => {
        await (prepared ??= prepareFolder(dir));
        const workflows = fresh.map((i) => overwritten.get(i) as ApiWorkflow);
        paths.push(...(await writeBackupFiles(dir, workflows, now)));
      })();
      for (const i of fresh) started.set(i, group);
    }
    await Promise.all(indexes.map((i) => started.get(i)));
  };
  return {
    paths,
    ensure,
    runAhead(groups) {
      ahead = (async () => {
        for (const group of groups) {
          if (stopped) return;
          try {
            await ensure(group);
          } catch {
            // The batch's own ensure() meets the same failure and stops the run.
            return;
          }
        }
      })();
    },
    async stop() {
      stopped = true;
      await ahead;
    },
  };
}
