/**
 * Reading a binary file (a test image, a `run` input) with a bound: the whole
 * file when it is under `limit`, or just its first `head` bytes. Only regular
 * files; a FIFO or device is refused without blocking. Failures are values
 * with a short reason, never exceptions.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { ioReason, readAll } from '../spec/read-text.js';

export type ReadBytesResult =
  | { ok: true; bytes: Uint8Array; size: number }
  | { ok: false; problem: 'missing' | 'unreadable' | 'too-large'; reason: string; size?: number };

export function readBytes(file: string, opts: { limit: number; head?: number }): ReadBytesResult {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, problem: 'unreadable', reason: 'not a regular file' };
    if (stat.size >= opts.limit)
      return { ok: false, problem: 'too-large', reason: 'too large', size: stat.size };
    if (opts.head !== undefined) {
      const buffer = Buffer.alloc(Math.min(opts.head, stat.size));
      let total = 0;
      while (total < buffer.length) {
        const n = readSync(fd, buffer, total, buffer.length - total, null);
        if (n === 0) break;
        total += n;
      }
      return { ok: true, bytes: buffer.subarray(0, total), size: stat.size };
    }
    // The size from stat may be stale: read at most up to the limit.
    const bytes = readAll(fd, stat.size, opts.limit - 1);
    if (bytes.length >= opts.limit)
      return { ok: false, problem: 'too-large', reason: 'too large', size: bytes.length };
    return { ok: true, bytes, size: bytes.length };
  } catch (e) {
    const code = (e as { code?: string }).code;
    return {
      ok: false,
      problem: code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable',
      reason: ioReason(e),
    };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
