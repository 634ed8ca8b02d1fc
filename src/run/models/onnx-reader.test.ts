/**
 * The detector's coarse first look, with a stand-in detector that draws one
 * line of text of a chosen height (a fraction of its input) into its
 * probability map: tall text is taken from the coarse look alone; small text,
 * nothing found, or a faint extra component send the image to the full-size
 * look.
 */
import { describe, expect, it } from 'vitest';
import { OnnxTextReader, type OrtSession, type OrtTensor } from './onnx-reader.js';
import type { DecodedImage } from './types.js';

interface Drawn {
  /** Line height as a fraction of the map's height (0: nothing). */
  height: number;
  /** A second, faint component (below the box threshold). */
  faint?: boolean;
}

function fakeDetector(draw: Drawn): OrtSession & { sizes: number[][] } {
  const sizes: number[][] = [];
  return {
    inputNames: ['x'],
    outputNames: ['y'],
    sizes,
    run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>> {
      const [, , h = 0, w = 0] = feeds['x']!.dims;
      sizes.push([w, h]);
      const data = new Float32Array(w * h);
      const lineHeight = Math.round(draw.height * h);
      const top = Math.floor(h / 4);
      for (let y = top; y < top + lineHeight; y++) {
        for (let x = Math.floor(w / 8); x < Math.floor((7 * w) / 8); x++) data[y * w + x] = 0.9;
      }
      if (draw.faint) {
        for (let y = h - 12; y < h - 6; y++) for (let x = 4; x < 40; x++) data[y * w + x] = 0.4;
      }
      return Promise.resolve({ y: { data, dims: [1, 1, h, w] } });
    },
  };
}

const unused: OrtSession = {
  inputNames: ['x'],
  outputNames: ['y'],
  run: () => Promise.reject(new Error('not used')),
};

const image: DecodedImage = {
  width: 640,
  height: 480,
  channels: 3,
  data: new Uint8Array(640 * 480 * 3),
};

function reader(detector: OrtSession): OnnxTextReader {
  return new OnnxTextReader(detector, unused, (data, dims) => ({ data, dims }), ['', 'a']);
}

describe('detect', () => {
  it('keeps the coarse look when every line is tall', async () => {
    const detector = fakeDetector({ height: 0.1 }); // 24 px of 256: tall
    const regions = await reader(detector).detect(image);
    expect(detector.sizes).toEqual([[320, 256]]);
    expect(regions).toHaveLength(1);
  });

  it('looks again at full size when the text is small', async () => {
    const detector = fakeDetector({ height: 0.02 }); // 5 px of 256
    const regions = await reader(detector).detect(image);
    expect(detector.sizes).toEqual([
      [320, 256],
      [640, 480],
    ]);
    expect(regions).toHaveLength(1);
  });

  it('looks again when the coarse look finds nothing', async () => {
    const detector = fakeDetector({ height: 0 });
    expect(await reader(detector).detect(image)).toEqual([]);
    expect(detector.sizes).toHaveLength(2);
  });

  it('looks again when something faint is there beside tall text', async () => {
    const detector = fakeDetector({ height: 0.1, faint: true });
    await reader(detector).detect(image);
    expect(detector.sizes).toHaveLength(2);
  });

  it('looks once at an image no larger than the coarse side', async () => {
    const detector = fakeDetector({ height: 0.02 });
    await reader(detector).detect({ ...image, width: 320, height: 240 });
    expect(detector.sizes).toEqual([[320, 256]]);
  });
});
