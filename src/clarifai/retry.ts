/**
 * When to retry a failed call and how long to wait — pure, with the clock and
 * the random source passed in, so the policy is tested without sleeping.
 *
 * Transient: gRPC UNAVAILABLE, DEADLINE_EXCEEDED; Clarifai 40031, 40032.
 * Throttled (a slower backoff): gRPC RESOURCE_EXHAUSTED, Clarifai 11003, 11005,
 * 40030. Message-size errors come as RESOURCE_EXHAUSTED too but will fail the
 * same way every time, so they are permanent, like everything else.
 */
import { GrpcCode } from './grpc-codes.js';
import { THROTTLE_CODES, TRANSIENT_CODES } from './status-codes.js';

export type FailureClass = 'transient' | 'throttled' | 'permanent';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Backoff for transient failures: full jitter in [0, min(max, base·2^(n-1))). */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * Backoff for throttling: equal jitter in [cap/2, cap) with cap =
   * min(max, base·2^(n-1)), so a throttled client always waits a real while.
   */
  throttleBaseDelayMs: number;
  throttleMaxDelayMs: number;
  /** No retry starts once this much time (calls and waits) has passed. */
  maxTotalMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxAttempts: 6,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  throttleBaseDelayMs: 2_000,
  throttleMaxDelayMs: 30_000,
  maxTotalMs: 120_000,
};

/** "Received message larger than max (…)", "Sent message larger than max", and kin. */
const MESSAGE_SIZE = /message larger than max|message size|max(imum)?[ _-]?message|too large/i;

export function classifyGrpcFailure(code: number, details: string): FailureClass {
  if (code === GrpcCode.UNAVAILABLE || code === GrpcCode.DEADLINE_EXCEEDED) return 'transient';
  if (code === GrpcCode.RESOURCE_EXHAUSTED)
    return MESSAGE_SIZE.test(details) ? 'permanent' : 'throttled';
  return 'permanent';
}

export function classifyStatus(code: number): FailureClass {
  if (THROTTLE_CODES.has(code)) return 'throttled';
  if (TRANSIENT_CODES.has(code)) return 'transient';
  return 'permanent';
}

/** Wait before retry number `retry` (1 = the first retry). */
export function backoffMs(
  policy: RetryPolicy,
  retry: number,
  failure: Exclude<FailureClass, 'permanent'>,
  random: () => number,
): number {
  const exponent = Math.max(0, retry - 1);
  if (failure === 'throttled') {
    const cap = Math.min(policy.throttleMaxDelayMs, policy.throttleBaseDelayMs * 2 ** exponent);
    return Math.floor(cap / 2 + random() * (cap / 2));
  }
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return Math.floor(random() * cap);
}

export type RetryDecision =
  { retry: true; delayMs: number } | { retry: false; reason: 'permanent' | 'attempts' | 'time' };

/**
 * @param attempt attempts made so far (1 after the first call failed)
 * @param elapsedMs time since the first attempt started
 */
export function decideRetry(
  policy: RetryPolicy,
  state: { attempt: number; elapsedMs: number; failure: FailureClass },
  random: () => number,
): RetryDecision {
  if (state.failure === 'permanent') return { retry: false, reason: 'permanent' };
  if (state.attempt >= policy.maxAttempts) return { retry: false, reason: 'attempts' };
  const delayMs = backoffMs(policy, state.attempt, state.failure, random);
  if (state.elapsedMs + delayMs >= policy.maxTotalMs) return { retry: false, reason: 'time' };
  return { retry: true, delayMs };
}
