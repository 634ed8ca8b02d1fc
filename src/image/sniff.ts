/**
 * What an image file is, from its first bytes alone: PNG, JPEG or WebP by
 * magic bytes, and its pixel size from the header — no decoding, nothing
 * heavy loaded (`validate` uses the magic bytes, `run` also the size, to
 * refuse an image above the API's 85 megapixels before sending it).
 */
export type ImageFormat = 'png' | 'jpeg' | 'webp';

/** The formats test images and run inputs may have (Clarifai takes more; these are what the local models read). */
export const IMAGE_FORMATS: readonly ImageFormat[] = ['png', 'jpeg', 'webp'];

/** Enough bytes for every magic number below. */
export const MAGIC_BYTES = 12;

export function imageFormat(head: Uint8Array): ImageFormat | null {
  if (startsWith(head, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, 0, [0xff, 0xd8, 0xff])) return 'jpeg';
  // RIFF····WEBP
  if (
    startsWith(head, 0, [0x52, 0x49, 0x46, 0x46]) &&
    startsWith(head, 8, [0x57, 0x45, 0x42, 0x50])
  )
    return 'webp';
  return null;
}

export interface ImageSize {
  width: number;
  height: number;
}

/** Pixel size from the header, or null when the header is cut short or malformed. */
export function imageSize(bytes: Uint8Array): ImageSize | null {
  const format = imageFormat(bytes);
  if (format === 'png') return pngSize(bytes);
  if (format === 'jpeg') return jpegSize(bytes);
  if (format === 'webp') return webpSize(bytes);
  return null;
}

function startsWith(bytes: Uint8Array, at: number, magic: number[]): boolean {
  if (bytes.length < at + magic.length) return false;
  return magic.every((b, i) => bytes[at + i] === b);
}

function u16be(b: Uint8Array, at: number): number {
  return ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
}
function u32be(b: Uint8Array, at: number): number {
  return (
    (((b[at] ?? 0) << 24) |
      ((b[at + 1] ?? 0) << 16) |
      ((b[at + 2] ?? 0) << 8) |
      (b[at + 3] ?? 0)) >>>
    0
  );
}
function u16le(b: Uint8Array, at: number): number {
  return (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
}
function u24le(b: Uint8Array, at: number): number {
  return (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16);
}

/** The IHDR chunk follows the signature: width and height at 16 and 20. */
function pngSize(b: Uint8Array): ImageSize | null {
  if (b.length < 24 || !startsWith(b, 12, [0x49, 0x48, 0x44, 0x52])) return null;
  return positive(u32be(b, 16), u32be(b, 20));
}

/** Walks the marker segments to the first start-of-frame (SOF0–SOF15 but DHT, JPG, DAC). */
function jpegSize(b: Uint8Array): ImageSize | null {
  let at = 2;
  // Bounded: each step moves forward by at least 2 bytes.
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2; // markers without a length
      continue;
    }
    const length = u16be(b, at + 2);
    if (length < 2) return null;
    const isFrame =
      marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return positive(u16be(b, at + 7), u16be(b, at + 5));
    at += 2 + length;
  }
  return null;
}

/** VP8 (lossy), VP8L (lossless) or VP8X (extended) — the first chunk says which. */
function webpSize(b: Uint8Array): ImageSize | null {
  if (b.length < 30) return null;
  const chunk = String.fromCharCode(b[12] ?? 0, b[13] ?? 0, b[14] ?? 0, b[15] ?? 0);
  if (chunk === 'VP8 ') return positive(u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
  if (chunk === 'VP8L') {
    if (b[20] !== 0x2f) return null;
    const bits = u32le(b, 21);
    return positive((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8X') return positive(u24le(b, 24) + 1, u24le(b, 27) + 1);
  return null;
}

function u32le(b: Uint8Array, at: number): number {
  return (u16le(b, at) | (u16le(b, at + 2) << 16)) >>> 0;
}

function positive(width: number, height: number): ImageSize | null {
  return width > 0 && height > 0 ? { width, height } : null;
}
