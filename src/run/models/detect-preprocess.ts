/**
 * The text detector's input (PP-OCRv4 DB): the image resized, keeping its
 * aspect, so both sides are multiples of 32 (the network downsamples 32×) and
 * the long side is at most `limitSide`; normalised with ImageNet mean/std.
 */
import { rectGrid, sampleGrid, toPlanarBgr } from './sample.js';
import type { DecodedImage } from './types.js';

const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
const IMAGENET_STD = [0.229, 0.224, 0.225] as const;

export interface DetectionInput {
  /** 1 × 3 × height × width, planar BGR. */
  data: Float32Array;
  width: number;
  height: number;
}

/** The network's input size for an image of `width × height`. */
export function detectionSize(
  width: number,
  height: number,
  limitSide: number,
): { width: number; height: number } {
  const scale = Math.min(1, limitSide / Math.max(width, height));
  const to32 = (side: number): number => Math.max(32, Math.round((side * scale) / 32) * 32);
  return { width: to32(width), height: to32(height) };
}

export function detectionInput(image: DecodedImage, limitSide: number): DetectionInput {
  const { width, height } = detectionSize(image.width, image.height, limitSide);
  const rgb =
    width === image.width && height === image.height
      ? image.data
      : sampleGrid(
          image,
          rectGrid({ x0: 0, y0: 0, x1: image.width, y1: image.height }, width, height),
        );
  const data = new Float32Array(3 * width * height);
  toPlanarBgr(rgb, width, height, IMAGENET_MEAN, IMAGENET_STD, data);
  return { data, width, height };
}
