/**
 * The one atomic file writer. A reader — or a crash — sees the old content or
 * the new, never half of each: a uniquely named temp file in the same
 * directory, written, fsynced, renamed over the target, then the directory
 * fsynced so the rename itself is durable. Used for backups, saved plans,
 * emulator state and `fmt`'s rewrites.
 *
 * Replacing an existing file keeps its permission bits unless `mode` says
 * otherwise, and follows a symlink (the link's target is rewritten, the link
 * stays). A new file gets `mode` (default 0644), filtered by the umask.
 */
import * as fsCallback from 'node:fs';
import { open, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFailure } from './write-error.js';
import { processRuns } from './process-runs.js';
import { uniqueHex } from '../unique-hex.js';

export interface WriteFileAtomicOptions {
  /** Permission bits for the file; default: the existing file's, or 0644 for a new one. */
  mode?: number;
  /**
   * false: atomic but not forced to disk (no fsync of the file or its folder).
   * For caches only: after a crash such a file may be empty or old, which a
   * cache must take as a miss anyway; a reader never sees half of it.
   */
  durable?: boolean;
}

export async function writeFileAtomic(
  path: string,
  text: string,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const existing = await existingTarget(path);
  const target = existing?.path ?? path;
  const keptMode = options.mode === undefined ? existing?.mode : undefined;
  const dir = dirname(target);
  const temp = tempPathFor(target);
  try {
    const handle = await open(temp, 'wx', options.mode ?? keptMode ?? 0o644);
    try {
      // open's mode is filtered by the umask; a kept mode is restored exactly.
      if (keptMode !== undefined) await handle.chmod(keptMode);
      await handle.writeFile(text, 'utf8');
      if (options.durable !== false) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw writeFailure(e, target);
  }
  if (options.durable !== false) await syncDirectory(dir);
}

/** The real path and permission bits of a file that exists; undefined for a new file. */
async function existingTarget(path: string): Promise<{ path: string; mode: number } | undefined> {
  try {
    const real = await realpath(path);
    return { path: real, mode: (await stat(real)).mode & 0o7777 };
  } catch {
    return undefined;
  }
}

/** Files written at once: enough to keep the disk busy, few enough for fds and libuv's pool. */
const QUEUE_CONCURRENCY = 32;

/**
 * New files (no symlink or mode to keep) made durable as a group: each written
 * to its own temp file and fsynced — many at once, so the file system commits
 * them together — renamed into place, then each directory fsynced ONCE for all
 * its renames. Resolves only when every file and its name are on disk. The
 * same steps as writeFileAtomic with the per-file directory fsync batched:
 * for a thousand backups that is most of the cost.
 */
export async function writeFilesAtomic(
  files: readonly { path: string; text: string }[],
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  await atomicFileQueue(options).add(files);
}

/** Groups of files written by writeFilesAtomic's steps, one queue, in the order added. */
export interface AtomicFileQueue {
  /**
   * Queues a group behind every group added before; resolves once each of its
   * files and their names are durable, rejects with the first failure of one.
   */
  add(files: readonly { path: string; text: string }[]): Promise<void>;
  /** Drops the files not yet started (their groups reject) and waits for those being written. */
  stop(): Promise<void>;
}

/** Said by a group dropped by stop() before it was written. */
export class QueueStoppedError extends Error {}

/**
 * One bounded pool for many groups: files start in the order their groups were
 * added, so the first group is done first, and the disk never waits between
 * groups. Why not writeFilesAtomic per group: apply's 20 batches each asked for
 * their backups at once, 20 pools of 32 files swamped libuv's four threads,
 * and every group finished only at the end.
 */
export function atomicFileQueue(options: WriteFileAtomicOptions = {}): AtomicFileQueue {
  const mode = options.mode ?? 0o644;
  interface Group {
    left: number;
    failure?: unknown;
    dirs: Set<string>;
    settle: (failure?: unknown) => void;
  }
  const waiting: { path: string; text: string; group: Group }[] = [];
  let next = 0;
  const running = new Set<Promise<void>>();
  let stopped = false;

  const track = (work: Promise<void>) => {
    running.add(work);
    void work.finally(() => running.delete(work));
  };
  const fileDone = (group: Group, failure: unknown) => {
    if (failure !== undefined && group.failure === undefined) group.failure = failure;
    if (--group.left > 0) return;
    if (group.failure !== undefined) return group.settle(group.failure);
    // Every rename of the group is done: one fsync per directory makes the names durable.
    track(
      Promise.all([...group.dirs].map(syncDirectory)).then(
        () => group.settle(),
        (e: unknown) => group.settle(e),
      ),
    );
  };
  let active = 0;
  const pump = () => {
    while (active < QUEUE_CONCURRENCY && next < waiting.length) {
      const item = waiting[next++] as (typeof waiting)[number];
      active += 1;
      const written = writeSynced(item.path, item.text, mode).then(
        () => fileDone(item.group, undefined),
        (e: unknown) => fileDone(item.group, e ?? new Error('write failed')),
      );
      // A finished file frees its slot for the next one in the queue.
      track(
        written.finally(() => {
          active -= 1;
          if (!stopped) pump();
        }),
      );
    }
    // Everything started: let the list go.
    if (next === waiting.length) {
      waiting.length = 0;
      next = 0;
    }
  };

  return {
    add(files) {
      if (stopped) return Promise.reject(new QueueStoppedError('the file queue was stopped'));
      if (files.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const group: Group = {
          left: files.length,
          dirs: new Set(files.map((f) => dirname(f.path))),
          settle: (failure) => (failure === undefined ? resolve() : reject(failure)),
        };
        for (const file of files) waiting.push({ ...file, group });
        pump();
      });
    },
    async stop() {
      stopped = true;
      const dropped = waiting.slice(next);
      waiting.length = 0;
      next = 0;
      for (const group of new Set(dropped.map((d) => d.group)))
        group.settle(new QueueStoppedError('stopped before it was written'));
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

/**
 * The temp file's open flags: new ('wx'), and where the platform has it
 * O_DSYNC, so each write returns only once its data (and the size and blocks
 * that find it) is on disk — what the fsync after it gave, in the same call:
 * one step fewer per file on libuv's pool and on the main thread (1000
 * backups: ~15–20 ms less of the main thread, same wall time alone). Without
 * it (Windows), an fsync follows the write.
 */
const { O_WRONLY, O_CREAT, O_EXCL, O_DSYNC } = fsCallback.constants;
const SYNCED_OPEN: string | number =
  O_DSYNC === undefined ? 'wx' : O_WRONLY | O_CREAT | O_EXCL | O_DSYNC;

/**
 * One file of a group: temp file written durably (O_DSYNC, or an fsync),
 * closed, renamed. Node's callback API chained by hand, not fs/promises and
 * not a promise per step: a FileHandle wraps every step in promises and
 * bookkeeping, and even one promise per call cost a thousand backups ~50 ms
 * of the main thread — the thread that also decodes the answers the writes
 * wait for.
 */
function writeSynced(path: string, text: string, mode: number): Promise<void> {
  const temp = tempPathFor(path);
  const bytes = Buffer.from(text, 'utf8');
  return new Promise<void>((resolve, reject) => {
    /** The open temp file; undefined before the open and after the close. */
    let fd: number | undefined;
    const fail = (error: unknown) => {
      const removeTemp = () =>
        rm(temp, { force: true })
          .catch(() => undefined)
          .then(() => reject(writeFailure(error, path)));
      if (fd === undefined) void removeTemp();
      else fsCallback.close(fd, () => void removeTemp());
    };
    // The steps in order, each starting the next from its callback.
    const writeFrom = (offset: number): void => {
      if (offset >= bytes.length) return sync();
      fsCallback.write(fd as number, bytes, offset, bytes.length - offset, null, (e, written) =>
        e ? fail(e) : writeFrom(offset + written),
      );
    };
    const sync = () =>
      typeof SYNCED_OPEN === 'number'
        ? close()
        : fsCallback.fsync(fd as number, (e) => (e ? fail(e) : close()));
    const close = () =>
      fsCallback.close(fd as number, (e) => {
        fd = undefined;
        if (e) fail(e);
        else fsCallback.rename(temp, path, (r) => (r ? fail(r) : resolve()));
      });
    fsCallback.open(temp, SYNCED_OPEN, mode, (e, opened) => {
      if (e) return fail(e);
      fd = opened;
      writeFrom(0);
    });
  });
}

/** `.<name>.<pid>.<12 hex>.tmp` beside the target: unique within the process (the pid separates processes, and 'wx' refuses a clash anyway). */
function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${tempSuffix()}.tmp`);
}
const tempSuffix = uniqueHex(12);

/** Some platforms can't fsync a directory; the rename still happened. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // EISDIR/EPERM/EINVAL where directory fsync is unsupported: nothing more to do.
  } finally {
    await handle?.close();
  }
}

/** `.<name>.<pid>.<12 hex>.tmp`: what the writers above leave behind when the process is killed mid-write. */
const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/;

/**
 * Removes temp files that a killed writer left in `dir` (a SIGKILL between
 * open and rename). Only files of processes that no longer run: a live
 * writer's temp file is its business. Best effort: a failure changes nothing.
 */
export async function removeStaleTemps(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(TEMP_NAME.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || processRuns(pid)) continue;
    await rm(join(dir, name), { force: true }).catch(() => undefined);
  }
}
