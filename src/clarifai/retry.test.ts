import { describe, expect, it } from 'vitest';
import { GrpcCode } from './grpc-codes.js';
import {
  backoffMs,
  classifyGrpcFailure,
  classifyStatus,
  decideRetry,
  DEFAULT_RETRY_POLICY,
} from './retry.js';

const policy = { ...DEFAULT_RETRY_POLICY };

describe('classification', () => {
  it('retries the transport failures the contract lists', () => {
    expect(classifyGrpcFailure(GrpcCode.UNAVAILABLE, 'No connection established')).toBe(
      'transient',
    );
    expect(classifyGrpcFailure(GrpcCode.DEADLINE_EXCEEDED, 'Deadline exceeded')).toBe('transient');
    expect(classifyGrpcFailure(GrpcCode.RESOURCE_EXHAUSTED, 'quota')).toBe('throttled');
  });

  it('never retries message-size errors', () => {
    expect(
      classifyGrpcFailure(
        GrpcCode.RESOURCE_EXHAUSTED,
        'Received message larger than max (5000000 vs. 4194304)',
      ),
    ).toBe('permanent');
    expect(
      classifyGrpcFailure(GrpcCode.RESOURCE_EXHAUSTED, 'Sent message larger than max (9 vs. 8)'),
    ).toBe('permanent');
  });

  it('treats everything else as permanent', () => {
    for (const code of [
      GrpcCode.INVALID_ARGUMENT,
      GrpcCode.INTERNAL,
      GrpcCode.UNIMPLEMENTED,
      GrpcCode.NOT_FOUND,
    ]) {
      expect(classifyGrpcFailure(code, '')).toBe('permanent');
    }
  });

  it('classifies Clarifai statuses', () => {
    expect(classifyStatus(11005)).toBe('throttled');
    expect(classifyStatus(11003)).toBe('throttled');
    expect(classifyStatus(40030)).toBe('throttled');
    expect(classifyStatus(40031)).toBe('transient');
    expect(classifyStatus(40032)).toBe('transient');
    for (const code of [22100, 22102, 22104, 22107, 21200, 11008, 40033, 10020]) {
      expect(classifyStatus(code)).toBe('permanent');
    }
  });
});

describe('backoff', () => {
  it('grows exponentially with full jitter, capped', () => {
    const top = () => 0.999999;
    expect(backoffMs(policy, 1, 'transient', top)).toBe(policy.baseDelayMs - 1);
    expect(backoffMs(policy, 2, 'transient', top)).toBe(2 * policy.baseDelayMs - 1);
    expect(backoffMs(policy, 3, 'transient', top)).toBe(4 * policy.baseDelayMs - 1);
    expect(backoffMs(policy, 30, 'transient', top)).toBe(policy.maxDelayMs - 1);
    expect(backoffMs(policy, 3, 'transient', () => 0)).toBe(0);
  });

  it('backs off longer when throttled, never close to zero', () => {
    const zero = () => 0;
    expect(backoffMs(policy, 1, 'throttled', zero)).toBe(policy.throttleBaseDelayMs / 2);
    expect(backoffMs(policy, 2, 'throttled', zero)).toBe(policy.throttleBaseDelayMs);
    expect(backoffMs(policy, 50, 'throttled', zero)).toBe(policy.throttleMaxDelayMs / 2);
    for (let retry = 1; retry < 8; retry++) {
      expect(backoffMs(policy, retry, 'throttled', zero)).toBeGreaterThan(
        backoffMs(policy, retry, 'transient', () => 0.99),
      );
    }
  });
});

describe('decideRetry', () => {
  const half = () => 0.5;

  it('gives up at once on a permanent failure', () => {
    expect(decideRetry(policy, { attempt: 1, elapsedMs: 0, failure: 'permanent' }, half)).toEqual({
      retry: false,
      reason: 'permanent',
    });
  });

  it('is bounded by attempts', () => {
    const p = { ...policy, maxAttempts: 3 };
    expect(decideRetry(p, { attempt: 2, elapsedMs: 0, failure: 'transient' }, half).retry).toBe(
      true,
    );
    expect(decideRetry(p, { attempt: 3, elapsedMs: 0, failure: 'transient' }, half)).toEqual({
      retry: false,
      reason: 'attempts',
    });
  });

  it('is bounded by total time, counting the wait', () => {
    const p = { ...policy, maxTotalMs: 1000 };
    expect(decideRetry(p, { attempt: 1, elapsedMs: 100, failure: 'transient' }, half)).toEqual({
      retry: true,
      delayMs: 125,
    });
    expect(decideRetry(p, { attempt: 1, elapsedMs: 900, failure: 'throttled' }, half)).toEqual({
      retry: false,
      reason: 'time',
    });
  });

  it('a whole retry sequence stays within its budget (simulated clock)', () => {
    let now = 0;
    let attempts = 0;
    const random = () => 0.999;
    for (;;) {
      attempts++;
      now += 40; // each failing attempt takes 40 ms
      const d = decideRetry(
        policy,
        { attempt: attempts, elapsedMs: now, failure: 'throttled' },
        random,
      );
      if (!d.retry) break;
      now += d.delayMs;
    }
    expect(attempts).toBeLessThanOrEqual(policy.maxAttempts);
    expect(now).toBeLessThan(policy.maxTotalMs + 40);
  });
});
