/**
 * Backups of what apply is about to overwrite or delete:
 * `.vtr-wf/backups/<env>/<id>.<timestamp>.json` beside the config, holding the
 * live workflow exactly as read. File names derive from live data, so they are
 * escaped until no id can leave the folder (`../x`, `/`, NUL all become inert).
 */
import { join, resolve, sep } from 'node:path';
import type { ApiWorkflow } from '../clarifai/types.js';
import { atomicFileQueue, removeStaleTemps, writeFilesAtomic } from '../fs/write-file-atomic.js';
import { makeFolder } from '../fs/write-error.js';
import { redactSecrets, redactValues } from '../secrets.js';
import { sameValue } from './same-value.js';

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
  const files = workflows.map((w) => backupFile(dir, w, now));
  await writeFilesAtomic(files, { mode: 0o600 });
  return files.map((f) => f.path);
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

/** A workflow's backup: where it goes, and the live workflow exactly as read (keys redacted). */
function backupFile(dir: string, workflow: ApiWorkflow, now: Date): { path: string; text: string } {
  // Redacted on the values first, as all live data is (SECURITY.md: no serialiser's escaping
  // decides whether a key is found); redactValues copies only a workflow that holds a key.
  const text = redactSecrets(JSON.stringify(redactValues(workflow), null, 2)) + '\n';
  return { path: backupPath(dir, workflow.id, now), text };
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
  /**
   * The workflows as re-read under the lease, by change index: a backup
   * already started from an earlier read whose workflow differs from this one
   * in any byte is written again, from this read, before its batch may go
   * (ensure waits for it). Each backup is then the workflow as read under the
   * lease, as before; the writer may simply start before the lease.
   */
  confirm(reread: ReadonlyMap<number, ApiWorkflow>): void;
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
  const current = new Map(overwritten);
  const started = new Map<number, Promise<void>>();
  const paths = new Set<string>();
  let prepared: Promise<void> | undefined;
  /**
   * The tidy-up of temp files a killed run left, beside the writes rather than before the
   * first: it lists the folder, which keeps every backup ever made (10,000 names: ~12 ms,
   * growing with every apply), and only ever removes files of processes that are gone.
   */
  let tidying: Promise<void> | undefined;
  // One queue for every group, in the order asked: groups asked for together (the executor's
  // batches, all ready after one lease check) are written one after another, not all at once.
  const queue = atomicFileQueue({ mode: 0o600 });
  const rewrites: Promise<void>[] = [];
  const write = async (indexes: readonly number[]): Promise<void> => {
    await (prepared ??= makeFolder(dir).then(() => {
      tidying = removeStaleTemps(dir);
    }));
    const files = indexes.map((i) => backupFile(dir, current.get(i) as ApiWorkflow, now));
    await queue.add(files);
    for (const file of files) paths.add(file.path);
  };
  const ensure = async (indexes: readonly number[]): Promise<void> => {
    const fresh = indexes.filter((i) => current.has(i) && !started.has(i));
    if (fresh.length > 0) {
      const group = write(fresh);
      for (const i of fresh) started.set(i, group);
    }
    await Promise.all(indexes.map((i) => started.get(i)));
  };
  return {
    get paths() {
      return [...paths];
    },
    ensure,
    confirm(reread) {
      const changed: number[] = [];
      // Gone since (the drift check refuses that first): nothing of it is backed up from here on.
      for (const index of [...current.keys()]) if (!reread.has(index)) current.delete(index);
      for (const [index, workflow] of reread) {
        const earlier = current.get(index);
        current.set(index, workflow);
        // Not started yet: it will be written from this read.
        if (earlier === workflow || !started.has(index)) continue;
        if (!sameValue(earlier, workflow)) changed.push(index);
      }
      if (changed.length === 0) return;
      // Same path (same id and timestamp): the earlier write finishes, then this one replaces it.
      const previous = Promise.all(changed.map((i) => started.get(i)));
      const again = previous.then(() => write(changed));
      again.catch(() => undefined); // seen by the batch's ensure
      rewrites.push(again);
      for (const i of changed) started.set(i, again);
    },
    runAhead(groups) {
      // All queued now, in sending order; the queue writes them one after another.
      // A failure is seen by the batch's own ensure(), which stops the run.
      for (const group of groups) ensure(group).catch(() => undefined);
    },
    async stop() {
      // What has not started is dropped; what is being written finishes.
      await queue.stop();
      await Promise.allSettled(rewrites);
      await tidying;
    },
  };
}
