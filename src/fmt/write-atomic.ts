/**
 * Replaces a file's content so a reader (or a crash) sees the old file or the
 * new one, never half of each: write a temp file beside it, fsync, rename.
 * The file's permission bits are kept; a symlink is followed, not replaced.
 */
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

export function writeFileAtomic(path: string, content: string): void {
  const target = realpathSync(path);
  const mode = statSync(target).mode & 0o7777;
  const temp = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  const fd = openSync(temp, 'wx', mode);
  try {
    try {
      fchmodSync(fd, mode); // openSync's mode is filtered by the umask
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // already gone: nothing to clean up
    }
    throw e;
  }
}
