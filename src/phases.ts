/**
 * Where a `plan` spends its time, for the bench (`npm run bench` reads it), so
 * the next regression names its phase: with VTR_WF_PHASES=1, one line on
 * stderr at exit — `vtr-wf phases {"start":[0,92.1],"specs":[95.0,310.2],…}`,
 * each phase as [from, to] in ms since the process started (phases overlap:
 * the live read runs while the specs load), plus `decode` as summed ms.
 *
 * Off (the default) it costs one boolean test per mark: no clock, no output.
 */
import { performance } from 'node:perf_hooks';

const enabled = process.env.VTR_WF_PHASES === '1';
const spans: Record<string, [number, number]> = {};
const sums: Record<string, number> = {};
const round = (ms: number) => Math.round(ms * 10) / 10;

const noop = () => undefined;

/** Marks the start of a phase; call the result at its end. A phase run twice spans both. */
export function phase(name: string): () => void {
  if (!enabled) return noop;
  ensureReport();
  const from = performance.now();
  return () => {
    const to = performance.now();
    const span = spans[name];
    spans[name] = span ? [Math.min(span[0], from), to] : [from, to];
  };
}

/** Adds the time of `fn` to a summed phase (work done in many small pieces, e.g. decoding pages). */
export function timedSum<T>(name: string, fn: () => T): T {
  if (!enabled) return fn();
  ensureReport();
  const from = performance.now();
  try {
    return fn();
  } finally {
    sums[name] = (sums[name] ?? 0) + performance.now() - from;
  }
}

let reporting = false;
function ensureReport(): void {
  if (reporting) return;
  reporting = true;
  // Node's own start: from the process's time origin to the first mark.
  spans.start = [0, performance.now()];
  process.on('exit', () => {
    const out: Record<string, number | [number, number]> = {};
    for (const [name, [from, to]] of Object.entries(spans)) out[name] = [round(from), round(to)];
    for (const [name, ms] of Object.entries(sums)) out[name] = round(ms);
    out.total = round(performance.now());
    process.stderr.write(`vtr-wf phases ${JSON.stringify(out)}\n`);
  });
}
