/**
 * One image file, checked the way the API would check it — but before any
 * call: readable, a regular file, under 20 MB, PNG/JPEG/WebP by its magic
 * bytes, at most 85 megapixels by its header. `head` mode (validate) reads
 * only the first bytes and checks all but the pixel count.
 */
import { readBounded } from '../fs/read-bounded.js';
import { MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, formatSize } from './limits.js';
import { MAGIC_BYTES, imageFormat, imageSize, type ImageFormat } from './sniff.js';

export type ImageProblem =
  'missing' | 'unreadable' | 'too-large' | 'not-an-image' | 'too-many-pixels';

export type ReadImageResult =
  | { ok: true; bytes: Uint8Array; format: ImageFormat; size: number }
  | { ok: false; problem: ImageProblem; message: string };

export function readImage(
  file: string,
  displayName: string,
  opts: { headOnly?: boolean } = {},
): ReadImageResult {
  const read = readBounded(file, {
    // The API takes images *under* 20 MB.
    maxBytes: MAX_IMAGE_BYTES - 1,
    ...(opts.headOnly ? { head: MAGIC_BYTES } : {}),
  });
  if (!read.ok) {
    if (read.problem === 'too-large') {
      return {
        ok: false,
        problem: 'too-large',
        message: `image ${displayName} is ${formatSize(read.size ?? 0)}; the API takes images under ${formatSize(MAX_IMAGE_BYTES)}`,
      };
    }
    return {
      ok: false,
      problem: read.problem,
      message:
        read.problem === 'missing'
          ? `image ${displayName} does not exist`
          : `cannot read image ${displayName}: ${read.reason}`,
    };
  }
  const format = imageFormat(read.bytes);
  if (!format) {
    return {
      ok: false,
      problem: 'not-an-image',
      message: `${displayName} is not a PNG, JPEG or WebP image (by its first bytes)`,
    };
  }
  if (!opts.headOnly) {
    const size = imageSize(read.bytes);
    if (size && size.width * size.height > MAX_IMAGE_PIXELS) {
      return {
        ok: false,
        problem: 'too-many-pixels',
        message: `image ${displayName} is ${size.width}×${size.height} (${((size.width * size.height) / 1e6).toFixed(1)} megapixels); the API takes at most ${MAX_IMAGE_PIXELS / 1e6}`,
      };
    }
  }
  return { ok: true, bytes: read.bytes, format, size: read.size };
}
