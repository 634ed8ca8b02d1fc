/**
 * Runs async tasks one at a time, in arrival order. The emulator passes every
 * call through it so a write is durable before anyone — the writer or a
 * reader — sees its result, and state-file writes never interleave.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves when everything queued so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
