/**
 * Stopping on a signal, as one mechanism: the CLI turns SIGINT, SIGTERM and
 * SIGHUP into an aborted AbortSignal whose reason is an InterruptedError; the
 * client refuses to send any attempt once it is aborted (a call waiting for
 * the rate limiter, a free slot or a retry back-off is cancelled, never sent),
 * while attempts already on the wire finish. Pure: no process handlers here.
 */
import { UserError } from './user-error.js';

/** The exit code a shell gives a process killed by each signal: 128 + its number. */
export const SIGNAL_EXIT_CODES: Readonly<Record<string, number>> = {
  SIGHUP: 129,
  SIGINT: 130,
  SIGTERM: 143,
};

export function exitCodeForSignal(signalName: string): number {
  return SIGNAL_EXIT_CODES[signalName] ?? 130;
}

/**
 * What an interrupted call throws, and the abort reason of the CLI's signal.
 * `attempts`: how many attempts of the call were sent before it was cancelled
 * (0 = it never left); `afterAmbiguousAttempt`: one of those ended without an
 * answer, so it may have taken effect.
 */
export class InterruptedError extends UserError {
  constructor(
    readonly signalName: string,
    message: string = `interrupted by ${signalName}`,
    readonly attempts = 0,
    readonly afterAmbiguousAttempt = false,
  ) {
    super(message, exitCodeForSignal(signalName));
  }
}

/** The signal behind an aborted AbortSignal (SIGINT when the reason says nothing). */
export function interruptionOf(signal: AbortSignal | undefined): InterruptedError | undefined {
  if (!signal?.aborted) return undefined;
  const reason: unknown = signal.reason;
  return reason instanceof InterruptedError ? reason : new InterruptedError('SIGINT');
}

export function isInterrupted(error: unknown): error is InterruptedError {
  return (
    error instanceof InterruptedError || (error as { name?: unknown })?.name === 'InterruptedError'
  );
}

/** Resolves after `ms`, or rejects with the signal's InterruptedError as soon as it aborts. */
export function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  const early = interruptionOf(signal);
  if (early) return Promise.reject(early);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(interruptionOf(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `promise`, or the signal's InterruptedError if it aborts first (the promise is left to settle). */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  const early = interruptionOf(signal);
  if (early) {
    promise.catch(() => undefined);
    return Promise.reject(early);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(interruptionOf(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}
