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
import { open, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

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
  const temp = join(
    dir,
    `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
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
    await rm(temp, { force: true });
    throw e;
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
