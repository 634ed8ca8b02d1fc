/**
 * SIGINT, SIGTERM and SIGHUP, handled alike by every command that calls the
 * API (CI systems cancel a job with SIGTERM; a closed terminal sends SIGHUP).
 * The first aborts `signal` — the client then sends nothing new, calls on the
 * wire finish, the command reports and releases what it holds — and the
 * command exits 128+signal. A second signal quits at once with that code.
 */
import { setMaxListeners } from 'node:events';
import { exitCodeForSignal, InterruptedError, isInterrupted } from '../interrupt.js';

export const HANDLED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface SignalWatch {
  signal: AbortSignal;
  /** The first signal received, if any. */
  received(): string | undefined;
  /** 128 + the signal's number, or undefined when none arrived. */
  exitCode(): number | undefined;
  dispose(): void;
}

export function watchSignals(
  note: (line: string) => void,
  what = 'the calls in flight',
): SignalWatch {
  const controller = new AbortController();
  // Every call waiting for a slot, a token or a back-off listens on this one
  // signal; an apply of more than 10 workflows queues more than 10, which is
  // by design — not the leak Node's MaxListenersExceededWarning (printed on
  // stderr) suspects. 0: no limit.
  setMaxListeners(0, controller.signal);
  let first: string | undefined;
  const onSignal = (name: NodeJS.Signals) => {
    if (first !== undefined) process.exit(exitCodeForSignal(first));
    first = name;
    controller.abort(new InterruptedError(name));
    note(
      `Interrupted (${name}): finishing ${what}, then stopping (${name} again to quit at once).`,
    );
  };
  for (const name of HANDLED_SIGNALS) process.on(name, onSignal);
  return {
    signal: controller.signal,
    received: () => first,
    exitCode: () => (first === undefined ? undefined : exitCodeForSignal(first)),
    dispose: () => {
      for (const name of HANDLED_SIGNALS) process.off(name, onSignal);
    },
  };
}

/**
 * Runs a command body under watchSignals: the body's exit code, unless a
 * signal arrived — then 128+signal, also when the body stopped because the
 * client refused to send (InterruptedError: its message is printed, no stack).
 */
export async function underSignals(
  note: (line: string) => void,
  body: (watch: SignalWatch) => Promise<number>,
): Promise<number> {
  const watch = watchSignals(note);
  try {
    const code = await body(watch);
    return watch.exitCode() ?? code;
  } catch (error) {
    if (isInterrupted(error)) {
      note(error.message);
      return watch.exitCode() ?? error.exitCode;
    }
    throw error;
  } finally {
    watch.dispose();
  }
}
