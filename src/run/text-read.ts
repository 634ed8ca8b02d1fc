/**
 * "The text read" from one result (CONTRACT.md): every text in the outputs —
 * whole-input text and per-region text. Regions go in reading order: regions
 * whose vertical centres are within half the smaller region's height form one
 * line; lines top to bottom; within a line left to right, joined by a space;
 * lines joined by newlines. Whole-input texts (no box to place them by) come
 * first, one line each, in output order.
 */
import type { NodeRun, RunBox } from './types.js';

interface Placed {
  box: RunBox;
  text: string;
}

export function textRead(nodes: readonly NodeRun[]): string {
  const whole = nodes.map((n) => n.text ?? '').filter((t) => t.trim() !== '');
  const placed: Placed[] = nodes.flatMap((n) =>
    n.regions.flatMap((r) =>
      r.text && r.text.trim() !== '' ? [{ box: r.box, text: r.text }] : [],
    ),
  );
  const lines = readingOrder(placed).map((line) => line.map((p) => p.text).join(' '));
  return [...whole, ...lines].join('\n');
}

/** Regions grouped into lines, top to bottom, each line left to right. */
export function readingOrder<T extends { box: RunBox }>(regions: readonly T[]): T[][] {
  const centre = (b: RunBox) => (b.top + b.bottom) / 2;
  const height = (b: RunBox) => Math.max(0, b.bottom - b.top);
  const byCentre = [...regions].sort(
    (a, b) => centre(a.box) - centre(b.box) || a.box.left - b.box.left,
  );
  const lines: T[][] = [];
  for (const region of byCentre) {
    const line = lines.at(-1);
    const sameLine = line?.some(
      (other) =>
        Math.abs(centre(other.box) - centre(region.box)) <=
        Math.min(height(other.box), height(region.box)) / 2,
    );
    if (line && sameLine) line.push(region);
    else lines.push([region]);
  }
  return lines.map((line) => line.sort((a, b) => a.box.left - b.box.left));
}
