/** `vtr-wf run -e ENV WORKFLOW_ID IMAGE… [--workflow-version ID]`: thin: flags → use case → renderer. */
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

interface RunFlags extends CommonOptions, TimeoutOption {
  env?: string;
  workflowVersion?: string;
}

export function defineRun(program: Command): void {
  addCommonOptions(
    addTimeoutOption(
      program
        .command('run')
        .description('run a live workflow on images: the text read and what each node produced')
        .argument('<workflow-id>', 'the workflow to run')
        .argument(
          '<image...>',
          'PNG, JPEG or WebP files (or URLs, where the target can fetch them)',
        )
        .option('-e, --env <name>', 'the environment whose workflow to run')
        .option('--workflow-version <id>', 'run this workflow version instead of the latest'),
    ),
    'run',
  ).action(action(runRun));
}

async function runRun(workflow: string, images: string[], flags: RunFlags): Promise<number> {
  if (!flags.env) throw new UserError('which environment? give -e ENV');
  const environment = flags.env;
  const { run } = await import('../../commands/run.js');
  // Ctrl-C/SIGTERM/SIGHUP like every API command: nothing new is sent, exit 128+signal.
  return underSignals(err, async (watch) => {
    const result = await run({
      cwd: process.cwd(),
      environment,
      signal: watch.signal,
      workflow,
      images,
      ...(flags.config ? { config: flags.config } : {}),
      ...timeoutPart(flags),
      ...(flags.workflowVersion ? { workflowVersion: flags.workflowVersion } : {}),
      verbose: flags.verbose,
      log: (line) => err(line),
    });
    const { emit } = await import('../emit.js');
    await emit('run', flags.format, result, colors(flags));
    return result.results.every((r) => r.status.code === 10000) ? EXIT_OK : EXIT_ERROR;
  });
}
