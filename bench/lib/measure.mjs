// Timing helpers for bench rows: a child process (spawnSync of the built CLI,
// or of node itself) and an in-process timer, plus `compare`, which measures a
// subject and its baseline interleaved in the same run and reports medians —
// so both see the same machine load, caches and CPU clock.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export function median(values) {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round = (ms) => Math.round(ms * 10) / 10;

/**
 * Wall-clock milliseconds of one child process, start to exit. Throws (the
 * row then shows as an error) when it exits with an unexpected status, so a
 * broken command can never pass as a fast one.
 */
export function timeChild(command, args, opts = {}) {
  const { cwd, env, expectStatus = 0, timeoutMs = 120_000 } = opts;
  const started = performance.now();
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...env },
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  const elapsed = performance.now() - started;
  if (result.error) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (expectStatus !== null && result.status !== expectStatus) {
    const tail = (result.stderr || result.stdout || '').trim().split('\n').slice(-5).join('\n');
    throw new Error(
      `\`${[command, ...args].join(' ')}\` exited ${result.status ?? result.signal}, expected ${expectStatus}${tail ? `:\n${tail}` : ''}`,
    );
  }
  return elapsed;
}

/** Milliseconds of `await fn()` in this process. */
export async function timeInProcess(fn) {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/**
 * Runs `subject` and `baseline` (and any `also` measurements) alternately,
 * after `warmup` untimed rounds, and returns their medians:
 * `{ value, baseline, unit: 'ms', ratio, extra }`. Each function returns the
 * milliseconds of one sample (see timeChild, timeInProcess).
 */
export async function compare({ subject, baseline, also = {}, runs = 7, warmup = 1 }) {
  const samples = { subject: [], baseline: [] };
  for (const name of Object.keys(also)) samples[name] = [];
  const measures = { subject, baseline, ...also };
  for (let round_ = 0; round_ < warmup + runs; round_++) {
    // Alternate who goes first, so neither always runs on a warmer machine.
    const order = Object.keys(measures);
    if (round_ % 2) order.reverse();
    for (const name of order) {
      const ms = await measures[name]();
      if (round_ >= warmup) samples[name].push(ms);
    }
  }
  const value = median(samples.subject);
  const base = median(samples.baseline);
  const extra = { runs };
  for (const name of Object.keys(also)) extra[`${name}_ms`] = round(median(samples[name]));
  // The fastest sample: on a busy machine, closer to what the code itself costs than the median.
  extra.min_ms = Object.fromEntries(
    Object.entries(samples).map(([name, list]) => [name, round(Math.min(...list))]),
  );
  extra.samples_ms = Object.fromEntries(
    Object.entries(samples).map(([name, list]) => [name, list.map(round)]),
  );
  return {
    value: round(value),
    baseline: round(base),
    unit: 'ms',
    ratio: base > 0 ? Math.round((value / base) * 100) / 100 : null,
    extra,
  };
}
