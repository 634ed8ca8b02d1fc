/**
 * Client-side pacing: at most `concurrency` calls in flight, and a token
 * bucket so we stay under the API's limit (about 15 requests/s by default)
 * instead of learning it from CONN_THROTTLED. The clock is injectable so the
 * arithmetic is tested without waiting.
 */

import { abortableSleep, interruptionOf, raceAbort } from '../interrupt.js';

export interface Clock {
  now(): number;
  /** Rejects with the signal's InterruptedError when it aborts (a fake clock may ignore it). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => abortableSleep(ms, signal),
};

/** 12/s with a burst of 2: no one-second window ever sees more than 14 calls. */
export const DEFAULT_RATE_PER_SECOND = 12;
export const DEFAULT_BURST = 2;
/**
 * Calls in flight: room for apply's 20 write batches of 1000 workflows at
 * once. Against the real API the rate (above) is the bound that bites; over
 * loopback (unlimited rate) this is what keeps a thousand calls from opening
 * a thousand streams.
 */
export const DEFAULT_CONCURRENCY = 20;

/**
 * A token bucket kept as "theoretical arrival time" (GCRA): one number, no
 * timers. `ratePerSecond` 0 means unlimited.
 */
export class TokenBucket {
  private readonly intervalMs: number;
  /** When the next token is free (GCRA's theoretical arrival time). */
  private nextFreeAt = -Infinity;
  /** Set by holdOff; also honoured when the rate is unlimited. */
  private heldUntil = -Infinity;

  constructor(
    readonly ratePerSecond: number,
    private readonly burst: number = DEFAULT_BURST,
    private readonly now: () => number = Date.now,
  ) {
    this.intervalMs = ratePerSecond > 0 ? 1000 / ratePerSecond : 0;
  }

  /** Takes the next token; returns how many ms to wait before using it. */
  reserve(): number {
    const now = this.now();
    if (this.intervalMs === 0) return Math.max(0, this.heldUntil - now);
    const tat = Math.max(this.nextFreeAt, now, this.heldUntil);
    // Up to `burst` tokens may be taken at once; after that one per interval.
    const allowedAt = Math.max(
      this.heldUntil,
      tat - (Math.max(1, this.burst) - 1) * this.intervalMs,
    );
    this.nextFreeAt = tat + this.intervalMs;
    return Math.max(0, allowedAt - now);
  }

  /** A server said "slow down": no call starts for `ms` from now. */
  holdOff(ms: number): void {
    this.heldUntil = Math.max(this.heldUntil, this.now() + ms);
  }
}

/** Counting semaphore: `acquire` resolves with the function that releases. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  get inFlight(): number {
    return this.active;
  }

  /** Rejects with the signal's InterruptedError, holding nothing, if it aborts while waiting. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    const early = interruptionOf(signal);
    if (early) throw early;
    if (this.limit <= 0 || this.active < this.limit) {
      this.active++;
    } else {
      // The releaser hands its slot over directly, so `active` stays correct.
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          const at = this.waiting.indexOf(handOver);
          if (at >= 0) this.waiting.splice(at, 1);
          reject(interruptionOf(signal));
        };
        const handOver = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        this.waiting.push(handOver);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }
}

/** Both limits together: one slot and one token per attempt. */
export class CallGate {
  readonly bucket: TokenBucket;
  private readonly slots: Semaphore;

  constructor(
    opts: { ratePerSecond: number; concurrency: number; burst?: number },
    private readonly clock: Clock = realClock,
  ) {
    this.bucket = new TokenBucket(opts.ratePerSecond, opts.burst ?? DEFAULT_BURST, () =>
      clock.now(),
    );
    this.slots = new Semaphore(opts.concurrency);
  }

  get inFlight(): number {
    return this.slots.inFlight;
  }

  /**
   * Waits for a slot and a token, then makes the call — unless `signal` aborts
   * first: then it rejects with the InterruptedError and `call` never runs.
   */
  async run<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.slots.acquire(signal);
    try {
      const wait = this.bucket.reserve();
      if (wait > 0) await raceAbort(this.clock.sleep(wait, signal), signal);
      // The last moment before anything leaves: after the signal, nothing does.
      const interrupted = interruptionOf(signal);
      if (interrupted) throw interrupted;
      return await call();
    } finally {
      release();
    }
  }

  holdOff(ms: number): void {
    this.bucket.holdOff(ms);
  }
}

/** The rates VTR_WF_RATE_LIMIT may name: below, a call waits seconds silently; above, it is no limit. */
export const MIN_RATE_PER_SECOND = 0.5;
export const MAX_RATE_PER_SECOND = 1000;

/**
 * VTR_WF_RATE_LIMIT: requests per second, 0 for unlimited, else 0.5–1000.
 * Returns undefined when unset; throws a plain Error (the caller wraps it)
 * when malformed or out of range.
 */
export function parseRateLimit(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  if (
    !Number.isFinite(value) ||
    (value !== 0 && (value < MIN_RATE_PER_SECOND || value > MAX_RATE_PER_SECOND))
  ) {
    throw new Error(
      `VTR_WF_RATE_LIMIT must be 0 (off) or from ${MIN_RATE_PER_SECOND} to ${MAX_RATE_PER_SECOND} requests a second, got "${text}"`,
    );
  }
  return value;
}
