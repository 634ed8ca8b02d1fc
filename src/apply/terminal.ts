/**
 * apply's conversation with a person at a terminal: the approval prompt,
 * progress, and Ctrl-C. Everything here writes to stderr — stdout carries
 * only results.
 */
import { createInterface } from 'node:readline';

export const APPROVAL_QUESTION = "Apply these changes? Only 'yes' will be accepted: ";

export type Approval = 'approved' | 'declined' | 'interrupted';

/** Asks on stderr, reads one line from stdin; only `yes` approves. */
export function askApproval(question: string = APPROVAL_QUESTION): Promise<Approval> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    let settled = false;
    const finish = (answer: Approval) => {
      if (settled) return;
      settled = true;
      rl.close();
      resolve(answer);
    };
    rl.on('SIGINT', () => {
      process.stderr.write('\n');
      finish('interrupted');
    });
    rl.on('close', () => finish('declined'));
    rl.question(question, (answer) => finish(answer.trim() === 'yes' ? 'approved' : 'declined'));
  });
}

/** A one-line counter redrawn in place — only on a terminal, where redrawing works. */
export function progressOnTerminal(
  stream: NodeJS.WriteStream = process.stderr,
): ((settled: number, total: number) => void) | undefined {
  if (!stream.isTTY) return undefined;
  let last = 0;
  return (settled, total) => {
    const now = Date.now();
    if (settled < total && now - last < 100) return;
    last = now;
    stream.write(`\r\u001b[2KApplying: ${settled} of ${total}${settled === total ? '\n' : ''}`);
  };
}

/**
 * First Ctrl-C: abort the signal (no new calls; calls in flight finish, then
 * the report). A second Ctrl-C quits at once with 130.
 */
export function stopOnCtrlC(note: (line: string) => void): {
  signal: AbortSignal;
  dispose(): void;
} {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    note(
      'Interrupted: finishing the calls in flight, then reporting (Ctrl-C again to quit at once).',
    );
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}
