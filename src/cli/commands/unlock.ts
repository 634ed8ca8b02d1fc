/**
 * `vtr-wf unlock -e ENV`: removes a stale lease — the lock workflow a crashed
 * or killed `apply` left behind. A lease whose holder still runs on this host,
 * or that has not expired, is refused without --force (removing it would let
 * a second apply write beside the first); the refusal says who holds it.
 */
import type { Command } from 'commander';
import {
  addCommonOptions,
  action,
  colors,
  err,
  UserError,
  EXIT_ERROR,
  EXIT_OK,
} from '../common.js';
import type { CommonOptions, TimeoutOption } from '../common.js';
import { addTimeoutOption, timeoutPart } from '../common.js';
import { underSignals } from '../signals.js';

interface UnlockFlags extends CommonOptions, TimeoutOption {
  env?: string;
  force: boolean;
}

export function defineUnlock(program: Command): void {
  addCommonOptions(
    addTimeoutOption(
      program
        .command('unlock')
        .description(
          'remove a stale lease left by an apply that did not finish (a live one only with --force)',
        )
        .option('-e, --env <name>', 'the environment whose lease to remove')
        .option(
          '--force',
          'remove the lease even if its holder may still be running (it is then no longer protected)',
          false,
        ),
    ),
    'unlock',
  ).action(action(runUnlock));
}

async function runUnlock(flags: UnlockFlags): Promise<number> {
  const envName = flags.env;
  if (!envName) throw new UserError('which environment? give -e ENV');
  const cwd = process.cwd();
  const log = (line: string) => err(line);
  return underSignals(log, async (signals) => {
    const { unlock } = await import('../../commands/unlock.js');
    const { printDiagnostics } = await import('../print-diagnostics.js');
    const result = await unlock({
      cwd,
      ...(flags.config ? { config: flags.config } : {}),
      env: envName,
      force: flags.force,
      verbose: flags.verbose,
      log,
      signal: signals.signal,
      ...timeoutPart(flags),
      onDiagnostics: (diagnostics) => printDiagnostics(diagnostics, { color: false, cwd }),
    });
    if (result === null) return EXIT_ERROR;
    const { emit } = await import('../emit.js');
    await emit('unlock', flags.format, result, { ...colors(flags), env: envName });
    return EXIT_OK;
  });
}
