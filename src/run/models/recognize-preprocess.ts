/**
 * The text recogniser's input (PP-OCRv4 CTC): one line cropped from the image,
 * resized to height 48 keeping its aspect, normalised to −1…1, and padded on
 * the right (PaddleOCR's `resize_norm_img`).
 */
import { rectGrid, sampleGrid, toPlanarBgr, type AffineGrid } from './sample.js';
import type { Box, DecodedImage } from './types.js';

export const RECOGNITION_HEIGHT = 48;
const HALF = [0.5, 0.5, 0.5] as const;

export interface RecognitionInput {
  /** 1 × 3 × 48 × width, planar BGR. */
  data: Float32Array;
  width: number;
  /** The line image itself (RGB, `lineWidth × 48`), before padding. */
  rgb: Uint8Array;
  lineWidth: number;
}

export interface CropOptions {
  /** Margin added around the box, as a fraction of the box's height. */
  padding: number;
  /** The widest input the recogniser is given (longer lines are squeezed). */
  maxWidth: number;
}

/** The source rectangle (pixels) of `box` in `image`, padded, clamped to the image. */
export function cropRect(
  image: DecodedImage,
  box: Box | undefined,
  padding: number,
): { x0: number; y0: number; x1: number; y1: number } {
  if (!box) return { x0: 0, y0: 0, x1: image.width, y1: image.height };
  const x0 = box.left * image.width;
  const x1 = box.right * image.width;
  const y0 = box.top * image.height;
  const y1 = box.bottom * image.height;
  const pad = (y1 - y0) * padding;
  return {
    x0: Math.max(0, x0 - pad),
    y0: Math.max(0, y0 - pad),
    x1: Math.min(image.width, x1 + pad),
    y1: Math.min(image.height, y1 + pad),
  };
}

/**
 * The grid that reads the line `rect` (pixels) straightened by `angle`
 * (radians, + = the line descends to the right), scaled to height 48.
 * `angle` 0 gives a plain crop.
 */
export function lineGrid(
  rect: { x0: number; y0: number; x1: number; y1: number },
  angle: number,
  maxWidth: number,
): AffineGrid {
  const rw = Math.max(1, rect.x1 - rect.x0);
  const rh = Math.max(1, rect.y1 - rect.y0);
  if (angle === 0) {
    const width = Math.max(1, Math.min(maxWidth, Math.ceil((RECOGNITION_HEIGHT * rw) / rh)));
    return rectGrid(rect, width, RECOGNITION_HEIGHT);
  }
  // The rotated rectangle whose axis-aligned bounding box is `rect`:
  // W = L·cos + T·sin and H = L·sin + T·cos, solved for its length L and thickness T.
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const s = Math.abs(sin);
  const cos2 = cos * cos - s * s;
  const length = (rw * cos - rh * s) / cos2;
  const thickness = (rh * cos - rw * s) / cos2;
  if (!(thickness > 2 && length > thickness)) return lineGrid(rect, 0, maxWidth);
  const width = Math.max(
    1,
    Math.min(maxWidth, Math.ceil((RECOGNITION_HEIGHT * length) / thickness)),
  );
  const cx = (rect.x0 + rect.x1) / 2;
  const cy = (rect.y0 + rect.y1) / 2;
  const u = { x: (cos * length) / width, y: (sin * length) / width };
  const v = {
    x: (-sin * thickness) / RECOGNITION_HEIGHT,
    y: (cos * thickness) / RECOGNITION_HEIGHT,
  };
  return {
    width,
    height: RECOGNITION_HEIGHT,
    originX: cx - (u.x * width) / 2 - (v.x * RECOGNITION_HEIGHT) / 2,
    originY: cy - (u.y * width) / 2 - (v.y * RECOGNITION_HEIGHT) / 2,
    uStep: u,
    vStep: v,
  };
}

/**
 * The tensor of one line. `minWidth`: PaddleOCR pads every line to 320 pixels;
 * the network is convolutional, so less padding reads the same for less work.
 */
export function recognitionInput(
  image: DecodedImage,
  grid: AffineGrid,
  minWidth: number,
): RecognitionInput {
  const rgb = sampleGrid(image, grid);
  // A multiple of 8: one CTC time step is 8 input columns.
  const width = Math.ceil(Math.max(minWidth, grid.width) / 8) * 8;
  // Zero after normalisation (mid grey) is PaddleOCR's padding.
  const data = new Float32Array(3 * RECOGNITION_HEIGHT * width);
  toPlanarBgr(rgb, grid.width, RECOGNITION_HEIGHT, HALF, HALF, data, width);
  return { data, width, rgb, lineWidth: grid.width };
}
