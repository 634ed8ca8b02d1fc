/**
 * From the DB detector's probability map to text boxes (PaddleOCR's
 * DBPostProcess, axis-aligned): threshold the map, take 8-connected
 * components, keep those whose mean probability is high enough, and grow each
 * by the "unclip" distance (the network is trained to predict a shrunk text
 * kernel; unclipping restores the full text extent). Pure: arrays in, boxes out.
 */

export interface DbOptions {
  /** Pixels above this probability are text (PaddleOCR: 0.3). */
  threshold: number;
  /** A component's mean probability must reach this (PaddleOCR: 0.6). */
  boxThreshold: number;
  /** How far to grow a kernel, relative to area / perimeter (PaddleOCR: 1.5). */
  unclipRatio: number;
  /** Components thinner than this (map pixels) are noise (PaddleOCR: 3). */
  minSize: number;
}

export const DEFAULT_DB_OPTIONS: DbOptions = {
  threshold: 0.3,
  boxThreshold: 0.6,
  unclipRatio: 1.5,
  minSize: 3,
};

/** A box in map pixels: x0/y0 inclusive edges, x1/y1 exclusive edges. */
export interface MapBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  score: number;
  /** The component's main axis angle, radians (0 = horizontal, + = clockwise on screen). */
  angle: number;
  /** The text's height across its main axis, unclipped (map pixels): a slanted line's too. */
  thickness: number;
}

/** What dbBoxes saw besides the boxes it returns. */
export interface DbStats {
  /** Components above the threshold dropped as too thin or too faint. */
  rejected: number;
}

export function dbBoxes(
  prob: Float32Array,
  width: number,
  height: number,
  options: DbOptions = DEFAULT_DB_OPTIONS,
  stats?: DbStats,
): MapBox[] {
  const labels = new Int32Array(width * height); // 0 = unvisited / background
  const stack = new Int32Array(width * height);
  const boxes: MapBox[] = [];
  let next = 0;
  for (let start = 0; start < width * height; start++) {
    if (labels[start] !== 0 || prob[start]! <= options.threshold) continue;
    next++;
    const component = flood(prob, width, height, options.threshold, start, next, labels, stack);
    const box = componentBox(component, options);
    if (box) boxes.push(box);
    else if (stats) stats.rejected++;
  }
  return boxes;
}

interface Component {
  count: number;
  sum: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  sx: number;
  sy: number;
  sxx: number;
  syy: number;
  sxy: number;
}

/** Labels the 8-connected component of `start` and returns its moments. */
function flood(
  prob: Float32Array,
  width: number,
  height: number,
  threshold: number,
  start: number,
  label: number,
  labels: Int32Array,
  stack: Int32Array,
): Component {
  const c: Component = {
    count: 0,
    sum: 0,
    minX: width,
    minY: height,
    maxX: -1,
    maxY: -1,
    sx: 0,
    sy: 0,
    sxx: 0,
    syy: 0,
    sxy: 0,
  };
  let top = 0;
  stack[top++] = start;
  labels[start] = label;
  while (top > 0) {
    const i = stack[--top]!;
    const x = i % width;
    const y = (i - x) / width;
    c.count++;
    c.sum += prob[i]!;
    c.sx += x;
    c.sy += y;
    c.sxx += x * x;
    c.syy += y * y;
    c.sxy += x * y;
    if (x < c.minX) c.minX = x;
    if (x > c.maxX) c.maxX = x;
    if (y < c.minY) c.minY = y;
    if (y > c.maxY) c.maxY = y;
    for (let dy = -1; dy <= 1; dy++) {
      const ny = y + dy;
      if (ny < 0 || ny >= height) continue;
      for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx;
        if (nx < 0 || nx >= width) continue;
        const j = ny * width + nx;
        if (labels[j] === 0 && prob[j]! > threshold) {
          labels[j] = label;
          stack[top++] = j;
        }
      }
    }
  }
  return c;
}

/**
 * The component's length and thickness along its principal axes (a filled
 * rectangle of side L has variance L²/12 along it), which measure a slanted
 * line correctly where its axis-aligned bounding box would not.
 */
function componentBox(c: Component, options: DbOptions): MapBox | undefined {
  const n = c.count;
  const mx = c.sx / n;
  const my = c.sy / n;
  const vxx = c.sxx / n - mx * mx + 1 / 12; // + 1/12: each pixel is a unit square
  const vyy = c.syy / n - my * my + 1 / 12;
  const vxy = c.sxy / n - mx * my;
  const mid = (vxx + vyy) / 2;
  const spread = Math.sqrt(((vxx - vyy) / 2) ** 2 + vxy * vxy);
  const length = Math.sqrt(12 * (mid + spread));
  const thickness = Math.sqrt(12 * Math.max(mid - spread, 0));
  if (Math.min(length, thickness) < options.minSize) return undefined;
  const score = c.sum / n;
  if (score < options.boxThreshold) return undefined;
  const distance = (length * thickness * options.unclipRatio) / (2 * (length + thickness));
  if (thickness + 2 * distance < options.minSize + 2) return undefined;
  return {
    x0: c.minX - distance,
    y0: c.minY - distance,
    x1: c.maxX + 1 + distance,
    y1: c.maxY + 1 + distance,
    score,
    angle: 0.5 * Math.atan2(2 * vxy, vxx - vyy),
    thickness: thickness + 2 * distance,
  };
}
