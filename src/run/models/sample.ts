/**
 * Resampling an RGB image into a new grid through an affine map — one routine
 * for the detector's resize, the recogniser's crop + resize, and a deskewed
 * (rotated) crop. Pure: bytes in, bytes out.
 */
import type { DecodedImage } from './types.js';

/**
 * Where output pixel (u, v) comes from: source point
 * `origin + (u + 0.5)·uStep + (v + 0.5)·vStep` (pixel centres).
 */
export interface AffineGrid {
  width: number;
  height: number;
  originX: number;
  originY: number;
  uStep: { x: number; y: number };
  vStep: { x: number; y: number };
}

/** The grid that maps source rectangle (x0, y0)–(x1, y1) onto width × height pixels. */
export function rectGrid(
  rect: { x0: number; y0: number; x1: number; y1: number },
  width: number,
  height: number,
): AffineGrid {
  return {
    width,
    height,
    originX: rect.x0,
    originY: rect.y0,
    uStep: { x: (rect.x1 - rect.x0) / width, y: 0 },
    vStep: { x: 0, y: (rect.y1 - rect.y0) / height },
  };
}

/**
 * Samples `image` on `grid`, RGB bytes out. Bilinear; when one output pixel
 * covers several source pixels (a downscale) it averages a small n × n
 * supersample so thin strokes are not lost to aliasing. Points outside the
 * image take `fill` (white: the background the decoder flattens onto).
 */
export function sampleGrid(image: DecodedImage, grid: AffineGrid, fill = 255): Uint8Array {
  const { width: w, height: h, uStep, vStep } = grid;
  const footprint = Math.max(Math.hypot(uStep.x, uStep.y), Math.hypot(vStep.x, vStep.y));
  const n = Math.min(4, Math.max(1, Math.ceil(footprint - 0.01)));
  if (uStep.y === 0 && vStep.x === 0) return sampleAxisAligned(image, grid, n, fill);
  const out = new Uint8Array(w * h * 3);
  const acc = [0, 0, 0];
  for (let v = 0; v < h; v++) {
    for (let u = 0; u < w; u++) {
      acc[0] = acc[1] = acc[2] = 0;
      for (let sv = 0; sv < n; sv++) {
        const fv = v + (sv + 0.5) / n;
        for (let su = 0; su < n; su++) {
          const fu = u + (su + 0.5) / n;
          const x = grid.originX + fu * uStep.x + fv * vStep.x - 0.5;
          const y = grid.originY + fu * uStep.y + fv * vStep.y - 0.5;
          bilinear(image, x, y, fill, acc);
        }
      }
      const o = (v * w + u) * 3;
      const scale = 1 / (n * n);
      out[o] = acc[0]! * scale + 0.5;
      out[o + 1] = acc[1]! * scale + 0.5;
      out[o + 2] = acc[2]! * scale + 0.5;
    }
  }
  return out;
}

/**
 * sampleGrid for a grid without rotation (a resize or a plain crop, the
 * common case): the same samples, weights and sums in the same order, so
 * the very same bytes, with each column's and row's coordinates worked out
 * once instead of at every pixel.
 */
function sampleAxisAligned(
  image: DecodedImage,
  grid: AffineGrid,
  n: number,
  fill: number,
): Uint8Array {
  const { width: w, height: h, uStep, vStep } = grid;
  const out = new Uint8Array(w * h * 3);
  const xs = new Float64Array(w * n);
  for (let u = 0; u < w; u++) {
    for (let su = 0; su < n; su++) {
      const fu = u + (su + 0.5) / n;
      xs[u * n + su] = grid.originX + fu * uStep.x + 0 - 0.5;
    }
  }
  const ys = new Float64Array(h * n);
  for (let v = 0; v < h; v++) {
    for (let sv = 0; sv < n; sv++) {
      const fv = v + (sv + 0.5) / n;
      ys[v * n + sv] = grid.originY + 0 + fv * vStep.y - 0.5;
    }
  }
  const acc = [0, 0, 0];
  const scale = 1 / (n * n);
  for (let v = 0; v < h; v++) {
    for (let u = 0; u < w; u++) {
      acc[0] = acc[1] = acc[2] = 0;
      for (let sv = 0; sv < n; sv++) {
        const y = ys[v * n + sv]!;
        for (let su = 0; su < n; su++) bilinear(image, xs[u * n + su]!, y, fill, acc);
      }
      const o = (v * w + u) * 3;
      out[o] = acc[0]! * scale + 0.5;
      out[o + 1] = acc[1]! * scale + 0.5;
      out[o + 2] = acc[2]! * scale + 0.5;
    }
  }
  return out;
}

/** Adds the bilinear sample at (x, y) (pixel-centre coordinates) to `acc`. */
function bilinear(image: DecodedImage, x: number, y: number, fill: number, acc: number[]): void {
  const { width, height, data } = image;
  if (x < -0.5 || y < -0.5 || x > width - 0.5 || y > height - 0.5) {
    acc[0]! += fill;
    acc[1]! += fill;
    acc[2]! += fill;
    return;
  }
  const cx = Math.min(Math.max(x, 0), width - 1);
  const cy = Math.min(Math.max(y, 0), height - 1);
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(x0 + 1, width - 1);
  const y1 = Math.min(y0 + 1, height - 1);
  const fx = cx - x0;
  const fy = cy - y0;
  const w00 = (1 - fx) * (1 - fy);
  const w10 = fx * (1 - fy);
  const w01 = (1 - fx) * fy;
  const w11 = fx * fy;
  const i00 = (y0 * width + x0) * 3;
  const i10 = (y0 * width + x1) * 3;
  const i01 = (y1 * width + x0) * 3;
  const i11 = (y1 * width + x1) * 3;
  for (let c = 0; c < 3; c++) {
    acc[c]! +=
      data[i00 + c]! * w00 + data[i10 + c]! * w10 + data[i01 + c]! * w01 + data[i11 + c]! * w11;
  }
}

/**
 * RGB bytes → planar float32 in PaddleOCR's channel order (BGR: its models
 * were trained on OpenCV-decoded images), `(byte/255 − mean[c]) / std[c]`.
 * `out` may be larger than the image (a padded tensor row of `stride` pixels);
 * pixels beyond `width` are left as they are.
 */
export function toPlanarBgr(
  rgb: Uint8Array,
  width: number,
  height: number,
  mean: readonly [number, number, number],
  std: readonly [number, number, number],
  out: Float32Array,
  stride = width,
): void {
  const plane = stride * height;
  // The 256 values each channel can take, worked out once (the same
  // expression, so the same floats) instead of two divisions a pixel.
  const blue = normalised(mean[0], std[0]);
  const green = normalised(mean[1], std[1]);
  const red = normalised(mean[2], std[2]);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const o = y * stride + x;
      // BGR order: plane 0 is blue.
      out[o] = blue[rgb[i + 2]!]!;
      out[plane + o] = green[rgb[i + 1]!]!;
      out[2 * plane + o] = red[rgb[i]!]!;
    }
  }
}

function normalised(mean: number, std: number): Float64Array {
  const table = new Float64Array(256);
  for (let v = 0; v < 256; v++) table[v] = (v / 255 - mean) / std;
  return table;
}
