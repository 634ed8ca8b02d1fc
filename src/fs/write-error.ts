/**
 * A file or folder vtr-wf must write but cannot (read-only folder, full disk,
 * a file where a folder should be): the user's to fix, so a UserError naming
 * the path — never "internal error". Anything else stays what it was (a bug).
 */
import { mkdir } from 'node:fs/promises';
import { UserError } from '../user-error.js';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  EEXIST: 'a file is in the way',
  ENAMETOOLONG: 'the name is too long',
};

export class FileWriteError extends UserError {
  constructor(
    readonly path: string,
    readonly code: string,
  ) {
    super(`cannot write ${path}: ${REASONS[code] ?? code} (${code})`);
  }
}

/** The error to throw for a failed write of `path`: a FileWriteError when the cause is the user's. */
export function writeFailure(error: unknown, path: string): unknown {
  if (error instanceof UserError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && code in REASONS ? new FileWriteError(path, code) : error;
}

/** mkdir -p, failing with a FileWriteError that names the folder. */
export async function makeFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw writeFailure(e, dir);
  }
}
