import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { imageFormat, imageSize } from './sniff.js';

const blank = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 10, b: 10 } } });

describe('image sniffing', () => {
  it.each([
    ['png', () => blank(321, 123).png().toBuffer()],
    ['jpeg', () => blank(321, 123).jpeg().toBuffer()],
    ['webp', () => blank(321, 123).webp().toBuffer()],
    ['webp', () => blank(321, 123).webp({ lossless: true }).toBuffer()],
  ] as const)('reads the format and size of a %s from its header', async (format, make) => {
    const bytes = await make();
    expect(imageFormat(bytes)).toBe(format);
    expect(imageSize(bytes)).toEqual({ width: 321, height: 123 });
  });

  it('reads a JPEG size past an EXIF segment', async () => {
    const bytes = await blank(40, 30)
      .withMetadata({ exif: { IFD0: { Copyright: 'x'.repeat(500) } } })
      .jpeg()
      .toBuffer();
    expect(imageSize(bytes)).toEqual({ width: 40, height: 30 });
  });

  it('says null for other files and for cut-short headers', async () => {
    expect(imageFormat(new TextEncoder().encode('id: not-an-image\n'))).toBeNull();
    expect(imageFormat(new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]))).toBeNull(); // GIF
    expect(imageFormat(new Uint8Array([]))).toBeNull();
    const png = await blank(10, 10).png().toBuffer();
    expect(imageFormat(png.subarray(0, 8))).toBe('png');
    expect(imageSize(png.subarray(0, 20))).toBeNull();
  });
});
