/**
 * `vtr-wf rollback -e ENV ID [--to VERSION_ID] [--from-backup FILE] [--out FILE]`:
 * flags → the rollback use case (a Plan) → the plan renderers. Writes nothing
 * but the plan file; `vtr-wf apply FILE` applies it.
 */
import type { Command } from 'commander';
import { emitPlan } from '../emit-plan.js';
import { underSignals } from '../signals.js';
import { addCommonOptions, action, colors, err, UserError, EXIT_OK } from '../common.js';
import type { CommonOptions, TimeoutOption } from '../common.js';
import { addTimeoutOption, timeoutPart } from '../common.js';

interface RollbackFlags extends CommonOptions, TimeoutOption {
  env?: string;
  to?: string;
  fromBackup?: string;
  out?: string;
  revision?: string;
}

export function defineRollback(program: Command): void {
  addCommonOptions(
    addTimeoutOption(
      program
        .command('rollback')
        .description(
          'plan restoring an earlier version of a workflow (nodes, description, metadata, visibility); apply it with `apply FILE`',
        )
        .argument('<id>', 'the workflow id')
        .option('-e, --env <name>', 'the environment of the workflow')
        .option(
          '--to <version>',
          'the version to restore (default: the newest older than the live one that no later rollback rolled away from)',
        )
        .option(
          '--from-backup <file>',
          'restore a backup apply saved (.vtr-wf/backups/ENV/ID.*.json) instead of a version',
        )
        .option('--out <file>', 'save the plan (JSON) for `vtr-wf apply FILE`')
        .option(
          '--revision <rev>',
          'the source revision to record in the mark (default: $VTR_WF_REVISION, $GITHUB_SHA, or git HEAD)',
        ),
    ),
    'rollback',
  ).action(action(runRollback));
}

async function runRollback(id: string, flags: RollbackFlags): Promise<number> {
  if (!flags.env) throw new UserError('which environment? give -e ENV');
  const env = flags.env;
  const cwd = process.cwd();
  const { rollback } = await import('../../commands/rollback.js');
  // Read-only, but Ctrl-C/SIGTERM/SIGHUP still end it like every API command: 128+signal.
  return underSignals(err, async (watch) => {
    const plan = await rollback({
      cwd,
      signal: watch.signal,
      env,
      id,
      ...(flags.to !== undefined ? { to: flags.to } : {}),
      ...(flags.fromBackup !== undefined ? { fromBackup: flags.fromBackup } : {}),
      ...(flags.revision !== undefined ? { revision: flags.revision } : {}),
      ...(flags.config ? { config: flags.config } : {}),
      ...timeoutPart(flags),
      verbose: flags.verbose,
      log: (line) => err(line),
    });
    await emitPlan('rollback', plan, {
      format: flags.format,
      out: flags.out,
      cwd,
      ...colors(flags),
    });
    return EXIT_OK;
  });
}
