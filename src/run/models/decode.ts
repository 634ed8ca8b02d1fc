/**
 * Image bytes → RGB pixels, through sharp (libvips): PNG, JPEG, WebP, GIF,
 * TIFF, AVIF and SVG, turned upright by their EXIF orientation (as a phone
 * photo is displayed), with any transparency flattened onto white.
 */
import type { DecodedImage } from './types.js';

/** Clarifai refuses images above 85 megapixels; so does the emulator. */
export const MAX_INPUT_PIXELS = 85_000_000;

/** The part of sharp's API used here (sharp is an optional peer, loaded on first use). */
export type SharpFactory = (
  input: Uint8Array,
  options: { limitInputPixels: number; failOn: 'error' },
) => {
  rotate(): ReturnType<SharpFactory>;
  flatten(options: { background: string }): ReturnType<SharpFactory>;
  removeAlpha(): ReturnType<SharpFactory>;
  toColourspace(space: string): ReturnType<SharpFactory>;
  raw(): ReturnType<SharpFactory>;
  toBuffer(options: {
    resolveWithObject: true;
  }): Promise<{ data: Buffer; info: { width: number; height: number; channels: number } }>;
};

export async function decodeWith(sharp: SharpFactory, bytes: Uint8Array): Promise<DecodedImage> {
  let decoded: Awaited<ReturnType<ReturnType<SharpFactory>['toBuffer']>>;
  try {
    decoded = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .flatten({ background: '#ffffff' })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (e) {
    throw new Error(`cannot decode the image: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
  const { data, info } = decoded;
  return {
    width: info.width,
    height: info.height,
    channels: 3,
    data:
      info.channels === 3
        ? new Uint8Array(data.buffer, data.byteOffset, data.length)
        : toRgb(data, info.channels),
  };
}

/** Grey (1) or grey + alpha (2) → RGB; in case libvips keeps a grey image grey. */
function toRgb(data: Uint8Array, channels: number): Uint8Array {
  const pixels = Math.floor(data.length / channels);
  const out = new Uint8Array(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    const base = p * channels;
    const r = data[base]!;
    out[p * 3] = r;
    out[p * 3 + 1] = channels >= 3 ? data[base + 1]! : r;
    out[p * 3 + 2] = channels >= 3 ? data[base + 2]! : r;
  }
  return out;
}
