/**
 * `vtr-wf unlock -e ENV`: removes a stale lease — the lock workflow a crashed
 * or killed `apply` left behind. Says so when there is none.
 */
import type { Command } from 'commander';
import { addCommonOptions, action, err, out, UserError, EXIT_OK } from '../common.js';
import type { CommonOptions } from '../common.js';

interface UnlockFlags extends CommonOptions {
  env?: string;
}

export function defineUnlock(program: Command): void {
  addCommonOptions(
    program
      .command('unlock')
      .description(
        'remove a stale lease left by an apply that did not finish (check that it is not still running)',
      )
      .option('-e, --env <name>', 'the environment whose lease to remove'),
  ).action(action(runUnlock));
}

async function runUnlock(flags: UnlockFlags): Promise<number> {
  if (!flags.env) throw new UserError('which environment? give -e ENV');
  const cwd = process.cwd();
  const log = (line: string) => err(line);
  const { loadProjectFor, environmentNamed, configDiagnostics } =
    await import('../../ops/project.js');
  const { printDiagnostics } = await import('../../apply/diagnostics-output.js');
  const project = await loadProjectFor({ cwd, ...(flags.config ? { config: flags.config } : {}) });
  if (printDiagnostics(configDiagnostics(project, cwd), { color: false, cwd })) return 1;
  const env = environmentNamed(project, flags.env);
  const { connectEnvironment } = await import('../../ops/connect-environment.js');
  const { removeLease, leaseId } = await import('../../apply/lease.js');
  const api = await connectEnvironment(project, env, { verbose: flags.verbose, log });
  try {
    const removed = await removeLease(api, project.config.project);
    const result = removed
      ? { removed: true, id: removed.id, holder: removed.holder, expires_at: removed.expires_at }
      : { removed: false, id: leaseId(project.config.project) };
    if (flags.format === 'json') out(JSON.stringify(result, null, 2));
    else if (removed)
      out(
        `Removed the lease ${removed.id} held by ${removed.holder} (expiry ${removed.expires_at}).`,
      );
    else out(`No lease held on environment \`${flags.env}\` (${result.id} does not exist).`);
    return EXIT_OK;
  } finally {
    await api.close();
  }
}
