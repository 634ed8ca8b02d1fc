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
import { randomBytes } from 'node:crypto';
import * as fsCallback from 'node:fs';
import { open, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFailure } from './write-error.js';
import { processRuns } from './process-runs.js';

export interface WriteFileAtomicOptions {
  /** Permission bits for the file; default: the existing file's, or 0644 for a new one. */
  mode?: number;
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
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw writeFailure(e, target);
  }
  await syncDirectory(dir);
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

/** Files written at once by writeFilesAtomic: enough to keep the disk busy, few enough for fds. */
const GROUP_CONCURRENCY = 32;

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
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++] as { path: string; text: string };
      await writeSynced(file.path, file.text, options.mode ?? 0o644);
    }
  };
  await Promise.all(Array.from({ length: Math.min(GROUP_CONCURRENCY, files.length) }, worker));
  for (const dir of new Set(files.map((f) => dirname(f.path)))) await syncDirectory(dir);
}

/**
 * One file of a group: temp file written, fsynced, closed, renamed. Node's
 * callback API, not fs/promises: a FileHandle wraps every step in promises
 * and bookkeeping that cost a thousand backups ~100 ms of the main thread —
 * the thread that also decodes the answers the writes wait for.
 */
async function writeSynced(path: string, text: string, mode: number): Promise<void> {
  const temp = tempPathFor(path);
  try {
    const fd = await call<number>((done) => fsCallback.open(temp, 'wx', mode, done));
    try {
      const bytes = Buffer.from(text, 'utf8');
      for (let offset = 0; offset < bytes.length;) {
        offset += await call<number>((done) =>
          fsCallback.write(fd, bytes, offset, bytes.length - offset, null, done),
        );
      }
      await call<void>((done) => fsCallback.fsync(fd, done));
    } finally {
      await call<void>((done) => fsCallback.close(fd, done));
    }
    await call<void>((done) => fsCallback.rename(temp, path, done));
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw writeFailure(e, path);
  }
}

/** A callback-style fs call as a promise (one promise, not a FileHandle's several). */
function call<T>(
  start: (done: (error: NodeJS.ErrnoException | null, value?: T) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) =>
    start((error, value) => (error ? reject(error) : resolve(value as T))),
  );
}

/**
 * `.<name>.<pid>.<12 hex>.tmp` beside the target. The 12 hex digits are a
 * random 48-bit start drawn once per process, plus a counter: unique within
 * the process (the pid separates processes, and 'wx' refuses a clash anyway)
 * without asking the system for randomness per file — that cost a thousand
 * backups ~60 ms.
 */
function tempPathFor(target: string): string {
  tempSerial = (tempSerial + 1) % TEMP_SPACE;
  const suffix = ((tempStart ??= randomBytes(6).readUIntBE(0, 6)) + tempSerial) % TEMP_SPACE;
  return join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${suffix.toString(16).padStart(12, '0')}.tmp`,
  );
}
const TEMP_SPACE = 2 ** 48;
let tempStart: number | undefined;
let tempSerial = 0;

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
