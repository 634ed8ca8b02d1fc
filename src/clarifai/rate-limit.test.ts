import { describe, expect, it } from 'vitest';
import { InterruptedError } from '../interrupt.js';
import { CallGate, parseRateLimit, realClock, Semaphore, TokenBucket } from './rate-limit.js';

function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    advance: (ms: number) => (now += ms),
    clock: {
      now: () => now,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
    },
  };
}

describe('TokenBucket', () => {
  it('allows a burst, then one token per interval', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 2, () => now);
    expect(bucket.reserve()).toBe(0);
    expect(bucket.reserve()).toBe(0);
    expect(bucket.reserve()).toBeCloseTo(100);
    expect(bucket.reserve()).toBeCloseTo(200);
    now = 1000; // idle long enough: the burst is available again
    expect(bucket.reserve()).toBe(0);
    expect(bucket.reserve()).toBe(0);
  });

  it('never lets a one-second window exceed rate + burst', () => {
    const now = 0;
    const bucket = new TokenBucket(12, 2, () => now);
    const starts: number[] = [];
    for (let i = 0; i < 100; i++) starts.push(now + bucket.reserve());
    for (const t of starts) {
      expect(starts.filter((s) => s >= t && s < t + 1000).length).toBeLessThanOrEqual(14);
    }
    expect(starts.at(-1)).toBeGreaterThan(7000);
  });

  it('0 means unlimited, but a hold-off still holds', () => {
    let now = 0;
    const bucket = new TokenBucket(0, 2, () => now);
    for (let i = 0; i < 1000; i++) expect(bucket.reserve()).toBe(0);
    bucket.holdOff(500);
    expect(bucket.reserve()).toBe(500);
    now = 600;
    expect(bucket.reserve()).toBe(0);
  });

  it('a hold-off delays everyone behind it', () => {
    const now = 0;
    const bucket = new TokenBucket(10, 2, () => now);
    bucket.holdOff(1000);
    expect(bucket.reserve()).toBe(1000);
    expect(bucket.reserve()).toBe(1000);
    expect(bucket.reserve()).toBeCloseTo(1100);
  });
});

describe('Semaphore and CallGate', () => {
  it('bounds concurrency', async () => {
    const slots = new Semaphore(3);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const release = await slots.acquire();
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 1));
        active--;
        release();
      }),
    );
    expect(peak).toBe(3);
    expect(slots.inFlight).toBe(0);
  });

  it('paces calls through the injected clock', async () => {
    const fake = fakeClock();
    const gate = new CallGate({ ratePerSecond: 5, concurrency: 2, burst: 1 }, fake.clock);
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await gate.run(async () => i));
    expect(results).toEqual([0, 1, 2, 3, 4]);
    expect(fake.sleeps.map(Math.round)).toEqual([200, 200, 200, 200]);
  });

  it('releases its slot when the call throws', async () => {
    const gate = new CallGate({ ratePerSecond: 0, concurrency: 1 });
    await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run(async () => 'ok')).toBe('ok');
  });
});

describe('a signal at the gate', () => {
  const aborted = () => {
    const controller = new AbortController();
    return { controller, signal: controller.signal };
  };

  it('cancels a call waiting for the rate limiter: it never runs', async () => {
    const gate = new CallGate({ ratePerSecond: 0.5, concurrency: 4, burst: 1 }, realClock);
    const { controller, signal } = aborted();
    let ran = 0;
    await gate.run(async () => ran++, signal);
    const waiting = gate.run(async () => ran++, signal);
    controller.abort(new InterruptedError('SIGTERM'));
    await expect(waiting).rejects.toMatchObject({
      name: 'InterruptedError',
      signalName: 'SIGTERM',
    });
    expect(ran).toBe(1);
    expect(gate.inFlight).toBe(0);
  });

  it('cancels a call waiting for a slot, leaving the slots intact', async () => {
    const slots = new Semaphore(1);
    const release = await slots.acquire();
    const { controller, signal } = aborted();
    const waiting = slots.acquire(signal);
    controller.abort(new InterruptedError('SIGHUP'));
    await expect(waiting).rejects.toMatchObject({ signalName: 'SIGHUP' });
    release();
    expect(slots.inFlight).toBe(0);
    const again = await slots.acquire();
    expect(slots.inFlight).toBe(1);
    again();
  });

  it('sends nothing once aborted, even with a token free', async () => {
    const gate = new CallGate({ ratePerSecond: 0, concurrency: 1 });
    const { controller, signal } = aborted();
    controller.abort(new InterruptedError('SIGINT'));
    let ran = false;
    await expect(gate.run(async () => (ran = true), signal)).rejects.toBeInstanceOf(
      InterruptedError,
    );
    expect(ran).toBe(false);
  });
});

describe('parseRateLimit', () => {
  it('reads VTR_WF_RATE_LIMIT: 0 (off) or 0.5–1000 requests a second', () => {
    expect(parseRateLimit(undefined)).toBeUndefined();
    expect(parseRateLimit('')).toBeUndefined();
    expect(parseRateLimit('0')).toBe(0);
    expect(parseRateLimit('2.5')).toBe(2.5);
    expect(parseRateLimit('0.5')).toBe(0.5);
    expect(parseRateLimit('1000')).toBe(1000);
    expect(() => parseRateLimit('-1')).toThrow(/VTR_WF_RATE_LIMIT/);
    expect(() => parseRateLimit('fast')).toThrow(/VTR_WF_RATE_LIMIT/);
    expect(() => parseRateLimit('0.0001')).toThrow(/0 \(off\) or from 0.5 to 1000/);
    expect(() => parseRateLimit('1001')).toThrow(/0 \(off\) or from 0.5 to 1000/);
    expect(() => parseRateLimit('Infinity')).toThrow(/VTR_WF_RATE_LIMIT/);
  });
});
