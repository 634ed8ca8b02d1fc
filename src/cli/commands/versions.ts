/**
 * `vtr-wf versions prune -e ENV [ID…] --keep N`: flags → the prune use case
 * (which asks through `approve` before any write) → a renderer. Asks like
 * apply: the plan on stderr, only `yes` approves; off a terminal it refuses
 * without --auto-approve.
 */
import type { Command } from 'commander';
import { underSignals } from '../signals.js';
import { Option } from 'commander';
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
import { splitIds } from './plan.js';
import { redactValues } from '../../secrets.js';

interface PruneFlags extends CommonOptions, TimeoutOption {
  env?: string;
  keep?: string;
  autoApprove: boolean;
  lock: boolean;
}

export function defineVersions(program: Command): void {
  const versions = program
    .command('versions')
    .description("manage the stored versions of this project's workflows");
  addCommonOptions(
    addTimeoutOption(
      versions
        .command('prune')
        .description(
          "delete all but the newest N versions of this project's workflows (never the live one); asks first",
        )
        .argument(
          '[ids...]',
          'workflow ids (default: every live workflow marked with this project)',
        )
        .option('-e, --env <name>', 'the environment whose workflows to prune')
        .option('--keep <n>', 'how many of the newest versions to keep per workflow (at least 1)')
        .option('--auto-approve', 'delete without asking (required off a terminal)', false)
        .addOption(
          new Option('--no-lock', 'do not take the lease (an apply may write at the same time)'),
        ),
    ),
    'versions prune',
  ).action(action(runPrune));
}

async function runPrune(ids: string[], flags: PruneFlags): Promise<number> {
  if (!flags.env) throw new UserError('which environment? give -e ENV');
  const env = flags.env;
  const { pruneVersions, parseKeep } = await import('../../commands/prune-versions.js');
  const keep = parseKeep(flags.keep);
  if (!flags.autoApprove && !process.stdin.isTTY) {
    throw new UserError(
      'not a terminal, so there is no one to ask: pass --auto-approve to delete the versions without asking',
    );
  }
  const { renderPruneText } = await import('../../render/prune-text.js');
  // Like apply: after a signal no new request leaves, the lease is released, exit 128+signal.
  return underSignals(err, async (watch) => {
    const result = await pruneVersions({
      signal: watch.signal,
      cwd: process.cwd(),
      env,
      ids: splitIds(ids),
      keep,
      lock: flags.lock,
      ...(flags.config ? { config: flags.config } : {}),
      ...timeoutPart(flags),
      verbose: flags.verbose,
      log: (line) => err(line),
      ...(flags.autoApprove
        ? {}
        : {
            approve: async (planned) => {
              err(renderPruneText(redactValues(planned), { planned: true }));
              const { askApproval } = await import('../../apply/terminal.js');
              const answer = await askApproval(
                "Delete these versions? Only 'yes' will be accepted: ",
                watch.signal,
              );
              return answer === 'approved';
            },
          }),
    });
    if (result.cancelled) {
      err('Prune cancelled; nothing was deleted.');
      return EXIT_ERROR;
    }
    const { emit } = await import('../emit.js');
    await emit('versions prune', flags.format, result, colors(flags));
    return EXIT_OK;
  });
}
