/**
 * Parses argv, runs the command, and maps every outcome to an exit code:
 * UserError → its message and code; anything else is a bug → stack trace plus
 * a request to report it. Signals (SIGINT, SIGTERM, SIGHUP) are handled by
 * every command that calls the API (cli/signals.ts); elsewhere they kill as usual.
 */
import type { Command } from 'commander';
import { CommanderError } from 'commander';
import { EXIT_ERROR, UserError, err } from './common.js';
import { isInterrupted } from '../interrupt.js';
import { redactSecrets } from '../secrets.js';

export async function runMain(program: Command, argv: string[]): Promise<void> {
  program.exitOverride();
  // `vtr-wf plan --format json | head -1`: the reader left; nothing more to say, so leave quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE')
        process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      throw error;
    });
  }
  try {
    await program.parseAsync(argv);
  } catch (e) {
    process.exitCode = exitCodeFor(e);
  }
}

function exitCodeFor(e: unknown): number {
  if (e instanceof CommanderError) {
    // --help and --version throw with exit code 0; usage errors with 1.
    return e.exitCode;
  }
  // A signal stopped a call from being sent (commands usually catch this themselves).
  if (isInterrupted(e)) {
    err(redactSecrets(e.message));
    return e.exitCode;
  }
  if (e instanceof UserError) {
    err(redactSecrets(`error: ${e.message}`));
    return e.exitCode;
  }
  const stack = e instanceof Error ? (e.stack ?? e.message) : String(e);
  err(redactSecrets(`internal error (a bug in vtr-wf): ${stack}`));
  err('Please report it with the command you ran: https://github.com/vtr-wf/vtr-wf/issues');
  return EXIT_ERROR;
}
