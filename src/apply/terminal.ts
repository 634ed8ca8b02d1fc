/**
 * apply's conversation with a person at a terminal: the approval prompt,
 * and progress (signals: cli/signals.ts). Everything here writes to stderr — stdout carries
 * only results.
 */
import { createInterface } from 'node:readline';

export const APPROVAL_QUESTION = "Apply these changes? Only 'yes' will be accepted: ";

export type Approval = 'approved' | 'declined' | 'interrupted';

/**
 * Asks on stderr, reads one line from stdin; only `yes` approves. Ctrl-C at
 * the prompt, or `signal` aborting (SIGTERM, SIGHUP), is 'interrupted'.
 */
export function askApproval(
  question: string = APPROVAL_QUESTION,
  signal?: AbortSignal,
): Promise<Approval> {
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
    signal?.addEventListener('abort', () => finish('interrupted'), { once: true });
    if (signal?.aborted) finish('interrupted');
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
