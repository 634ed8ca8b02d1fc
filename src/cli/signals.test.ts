import { afterEach, describe, expect, it } from 'vitest';
import { watchSignals, type SignalWatch } from './signals.js';

describe('watchSignals', () => {
  let watch: SignalWatch | undefined;
  afterEach(() => watch?.dispose());

  it('lets many queued calls listen on the one signal without a MaxListenersExceededWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      watch = watchSignals(() => undefined);
      // What an apply of 56 workflows does: one waiter per queued call.
      for (let i = 0; i < 56; i++) watch.signal.addEventListener('abort', () => undefined);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });
});
