/** `vtr-wf test -e ENV [ID…]`: thin: flags → use case → renderer → exit code. */
import type { Command } from 'commander';
import { underSignals } from '../signals.js';
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
import { redactValues } from '../../secrets.js';

interface TestFlags extends CommonOptions, TimeoutOption {
  env?: string;
}

export function defineTest(program: Command): void {
  addCommonOptions(
    addTimeoutOption(
      program
        .command('test')
        .description("run the specs' tests: cases through the live workflows")
        .argument('[ids...]', 'only these workflows (default: all)')
        .option('-e, --env <name>', 'the environment whose workflows to test'),
    ),
    'test',
  ).action(action(runTest));
}

async function runTest(ids: string[], flags: TestFlags): Promise<number> {
  if (!flags.env) throw new UserError('which environment? give -e ENV');
  const environment = flags.env;
  const { test } = await import('../../commands/test.js');
  // Ctrl-C/SIGTERM/SIGHUP like every API command: nothing new is sent, exit 128+signal.
  return underSignals(err, async (watch) => {
    const report = await test({
      cwd: process.cwd(),
      environment,
      signal: watch.signal,
      ids,
      ...(flags.config ? { config: flags.config } : {}),
      ...timeoutPart(flags),
      verbose: flags.verbose,
      log: (line) => err(line),
    }).then(redactValues); // on the values: JUnit's XML escaping would hide the key from the text net
    for (const warning of report.warnings ?? []) err(`warning: ${warning}`);
    const { emit } = await import('../emit.js');
    await emit('test', flags.format, report, colors(flags));
    return report.failed === 0 ? EXIT_OK : EXIT_ERROR;
  });
}
