/**
 * `vtr-wf unlock -e ENV`: removes a stale lease — the lock workflow a crashed
 * or killed `apply` left behind. A lease whose holder still runs on this host,
 * or that has not expired, is refused without --force (removing it would let
 * a second apply write beside the first); the refusal says who holds it.
 */
import type { Command } from 'commander';
import { addCommonOptions, action, err, out, UserError, EXIT_OK } from '../common.js';
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
  ).action(action(runUnlock));
}

async function runUnlock(flags: UnlockFlags): Promise<number> {
  const envName = flags.env;
  if (!envName) throw new UserError('which environment? give -e ENV');
  const cwd = process.cwd();
  const log = (line: string) => err(line);
  return underSignals(log, async (signals) => {
    const { loadProjectFor, environmentNamed, configDiagnostics } =
      await import('../../commands/shared/project.js');
    const { printDiagnostics } = await import('../../apply/diagnostics-output.js');
    const project = await loadProjectFor({
      cwd,
      ...(flags.config ? { config: flags.config } : {}),
    });
    if (printDiagnostics(configDiagnostics(project, cwd), { color: false, cwd })) return 1;
    const env = environmentNamed(project, envName);
    const { connectEnvironment } = await import('../../commands/shared/connect-environment.js');
    const { removeLease, leaseId } = await import('../../apply/lease.js');
    const api = await connectEnvironment(project, env, {
      verbose: flags.verbose,
      log,
      signal: signals.signal,
      ...timeoutPart(flags),
    });
    try {
      const removed = await removeLease(api, project.config.project, {
        envName,
        force: flags.force,
      });
      const result = removed
        ? { removed: true, id: removed.id, holder: removed.holder, expires_at: removed.expires_at }
        : { removed: false, id: leaseId(project.config.project) };
      if (flags.format === 'json') out(JSON.stringify(result, null, 2));
      else if (removed)
        out(
          `Removed the lease ${removed.id} held by ${removed.holder} (expiry ${removed.expires_at}).`,
        );
      else out(`No lease held on environment \`${envName}\` (${result.id} does not exist).`);
      return EXIT_OK;
    } finally {
      await api.close();
    }
  });
}
