/** `vtr-wf history -e ENV ID`: flags → the history use case → a renderer. */
import type { Command } from 'commander';
import { underSignals } from '../signals.js';
import { addCommonOptions, action, colors, err, UserError, EXIT_OK } from '../common.js';
import type { CommonOptions, TimeoutOption } from '../common.js';
import { addTimeoutOption, timeoutPart } from '../common.js';

interface HistoryFlags extends CommonOptions, TimeoutOption {
  env?: string;
}

export function defineHistory(program: Command): void {
  addCommonOptions(
    addTimeoutOption(
      program
        .command('history')
        .description(
          "a workflow's versions, newest first: which is live, which vtr-wf made (spec hash, revision), what changed",
        )
        .argument('<id>', 'the workflow id')
        .option('-e, --env <name>', 'the environment to read'),
    ),
    'history',
  ).action(action(runHistory));
}

async function runHistory(id: string, flags: HistoryFlags): Promise<number> {
  if (!flags.env) throw new UserError('which environment? give -e ENV');
  const env = flags.env;
  const { history } = await import('../../commands/history.js');
  // Read-only, but Ctrl-C/SIGTERM/SIGHUP still end it like every API command: 128+signal.
  return underSignals(err, async (watch) => {
    const result = await history({
      signal: watch.signal,
      cwd: process.cwd(),
      env,
      id,
      ...(flags.config ? { config: flags.config } : {}),
      ...timeoutPart(flags),
      verbose: flags.verbose,
      log: (line) => err(line),
    });
    const { emit } = await import('../emit.js');
    await emit('history', flags.format, result, colors(flags));
    return EXIT_OK;
  });
}
