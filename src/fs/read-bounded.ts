/**
 * The one way vtr-wf reads a file: regular files only, at most `maxBytes`.
 * A FIFO, a device (/dev/zero), a folder or an oversized file is refused
 * without blocking and without reading it — a hostile path costs an error
 * naming the file, never a hang or a gigabyte of memory. Every other reader
 * (spec text, images, plan files, the emulator state, certificates, import
 * inputs, backups, the parse cache) is built on readBounded.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { UserError } from '../user-error.js';
import { FILE_KINDS, namedFile, type FileKind } from './file-kinds.js';

export type BoundedRead =
  | {
      ok: true;
      bytes: Buffer;
      size: number;
      /** Who owns the file and its permission bits (for files that hold secrets). */
      uid: number;
      mode: number;
    }
  | {
      ok: false;
      problem: 'missing' | 'unreadable' | 'too-large';
      /** A short reason: "no such file or directory", "a named pipe (FIFO), not a regular file", "too large". */
      reason: string;
      /** The file's size, when it is known (too-large). */
      size?: number;
      /** The Node error code behind an I/O failure (ENOENT, EACCES…). */
      code?: string;
    };

/** PEM certificates and keys (ca_file, --tls-cert, --tls-key): a full CA bundle is ~250 KB. */
export const MAX_PEM_BYTES = 4 * 1024 * 1024;

export interface ReadLimits {
  /** The largest size accepted, in bytes (inclusive). */
  maxBytes: number;
  /** Read only the first `head` bytes (the size check still applies to the whole file). */
  head?: number;
  /** Refuse a symbolic link (O_NOFOLLOW): for a secret, whose link could point anywhere. */
  noFollow?: boolean;
}

export function readBounded(file: string, limits: ReadLimits): BoundedRead {
  let fd: number | undefined;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer.
    const noFollow = limits.noFollow ? (constants.O_NOFOLLOW ?? 0) : 0;
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | noFollow);
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, problem: 'unreadable', reason: notRegular(stat) };
    if (stat.size > limits.maxBytes) return tooLarge(stat.size);
    if (limits.head !== undefined) {
      const buffer = Buffer.alloc(Math.min(limits.head, stat.size));
      const n = fill(fd, buffer, buffer.length);
      return { ok: true, bytes: buffer.subarray(0, n), size: stat.size, ...owner(stat) };
    }
    // The size from stat may be stale (the file grows while we read): stop one byte past the cap.
    const bytes = readAll(fd, stat.size, limits.maxBytes);
    if (bytes.length > limits.maxBytes) return tooLarge(bytes.length);
    return { ok: true, bytes, size: bytes.length, ...owner(stat) };
  } catch (e) {
    const code = (e as { code?: string }).code;
    return {
      ok: false,
      problem: code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable',
      reason: ioReason(e),
      ...(code !== undefined ? { code } : {}),
    };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A file the user named but vtr-wf cannot read: a UserError naming the path (exit 1, no stack). */
export class FileReadError extends UserError {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'FileReadError';
  }
}

/**
 * readBounded for callers that stop on failure: the bytes, or a FileReadError
 * "cannot read the plan file PATH: REASON" / "the plan file PATH is 300 MiB;
 * vtr-wf reads plan files up to 256 MiB" — worded by `kind` (fs/file-kinds.ts).
 */
export function readBoundedOrThrow(file: string, kind: FileKind, limits: ReadLimits): Buffer {
  const read = readBounded(file, limits);
  if (read.ok) return read.bytes;
  throw new FileReadError(file, boundedReadMessage(read, file, kind, limits.maxBytes));
}

/** The one-line message for a failed read of `file`, a file of this kind. */
export function boundedReadMessage(
  read: Extract<BoundedRead, { ok: false }>,
  file: string,
  kind: FileKind,
  maxBytes: number,
): string {
  const named = namedFile(kind, file);
  return read.problem === 'too-large'
    ? tooLargeMessage(named, kind, read.size ?? maxBytes + 1, maxBytes)
    : `cannot read ${named}: ${read.reason}`;
}

/** "SUBJECT is 3 MiB; vtr-wf reads plan files up to 1 MiB". */
export function tooLargeMessage(
  subject: string,
  kind: FileKind,
  size: number,
  maxBytes: number,
): string {
  return `${subject} is ${formatBytes(size)}; vtr-wf reads ${FILE_KINDS[kind].many} up to ${formatBytes(maxBytes)}`;
}

function owner(stat: Stats): { uid: number; mode: number } {
  return { uid: stat.uid, mode: stat.mode };
}

function tooLarge(size: number): BoundedRead {
  return { ok: false, problem: 'too-large', reason: 'too large', size };
}

function notRegular(stat: Stats): string {
  if (stat.isDirectory()) return 'it is a folder, not a file';
  if (stat.isFIFO()) return 'it is a named pipe (FIFO), not a regular file';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'it is a device, not a regular file';
  if (stat.isSocket()) return 'it is a socket, not a regular file';
  return 'not a regular file';
}

function fill(fd: number, buffer: Buffer, want: number): number {
  let total = 0;
  while (total < want) {
    const n = readSync(fd, buffer, total, want - total, null);
    if (n === 0) break;
    total += n;
  }
  return total;
}

/**
 * Reads to the end, at most one byte past the limit. One buffer of the
 * expected size: 1000 small specs must not cost 1000 large allocations.
 */
function readAll(fd: number, sizeHint: number, maxBytes: number): Buffer {
  let buffer = Buffer.allocUnsafe(Math.min(sizeHint, maxBytes) + 1);
  let total = 0;
  for (;;) {
    if (total === buffer.length) {
      if (total > maxBytes) break;
      const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
      buffer.copy(grown, 0, 0, total);
      buffer = grown;
    }
    const n = readSync(fd, buffer, total, buffer.length - total, null);
    if (n === 0) break;
    total += n;
  }
  return buffer.subarray(0, total);
}

export function formatBytes(n: number): string {
  const mib = n / 1024 / 1024;
  return Number.isInteger(mib)
    ? `${mib} MiB`
    : mib >= 1
      ? `${mib.toFixed(2)} MiB`
      : `${Math.ceil(n / 1024)} KiB`;
}

/** A short reason from a Node I/O error: "permission denied", not a stack. */
export function ioReason(e: unknown): string {
  const code = (e as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'ENOTDIR':
      return 'not a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return code ?? (e instanceof Error ? e.message : String(e));
  }
}
