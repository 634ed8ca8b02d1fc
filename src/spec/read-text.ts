/**
 * Reading one file as UTF-8 text — the edge where I/O errors, wrong
 * encodings and oversized files become diagnostics instead of exceptions.
 */
import type { FileKind } from '../fs/file-kinds.js';
import { readBounded, tooLargeMessage } from '../fs/read-bounded.js';
import { MAX_FILE_BYTES } from './limits.js';

export { ioReason } from '../fs/read-bounded.js';

export type ReadResult =
  | { ok: true; text: string }
  | {
      ok: false;
      code: 'read-error' | 'encoding' | 'too-large';
      message: string;
      /** Where the problem is, when it has a place in the file (encoding). */
      line?: number;
      column?: number;
    };

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * `kind` words a too-large refusal ("vtr-wf reads import files up to 1 MiB");
 * `maxBytes`: the size cap (default: a spec or config file's, MAX_FILE_BYTES).
 */
export function readText(
  file: string,
  displayName: string,
  kind: FileKind,
  maxBytes = MAX_FILE_BYTES,
): ReadResult {
  const read = readBounded(file, { maxBytes });
  if (read.ok) return decode(read.bytes, displayName);
  if (read.problem === 'too-large')
    return {
      ok: false,
      code: 'too-large',
      message: tooLargeMessage(displayName, kind, read.size ?? maxBytes + 1, maxBytes),
    };
  return { ok: false, code: 'read-error', message: `cannot read ${displayName}: ${read.reason}` };
}

export function decode(bytes: Uint8Array, displayName: string): ReadResult {
  try {
    // fatal: a wrong byte is an error, never a silent U+FFFD; a UTF-8 BOM is dropped.
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    const at = firstInvalidUtf8(bytes);
    const valid = new TextDecoder('utf-8').decode(bytes.subarray(0, at));
    const lines = valid.split('\n');
    const utf16 = bytes[0] === 0xff || bytes[0] === 0xfe ? ' (it looks like UTF-16)' : '';
    return {
      ok: false,
      code: 'encoding',
      message: `${displayName} is not valid UTF-8${utf16}: byte 0x${(bytes[at] ?? 0).toString(16).padStart(2, '0')} at offset ${at}; save it as UTF-8`,
      line: lines.length,
      column: (lines[lines.length - 1]?.length ?? 0) + 1,
    };
  }
}

/** Offset of the first byte that does not continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    // Overlongs, surrogates and values above U+10FFFF.
    const c1 = bytes[i + 1] ?? 0;
    if (b === 0xe0 && c1 < 0xa0) return i;
    if (b === 0xed && c1 >= 0xa0) return i;
    if (b === 0xf0 && c1 < 0x90) return i;
    if (b === 0xf4 && c1 >= 0x90) return i;
    i += need + 1;
  }
  return i;
}
