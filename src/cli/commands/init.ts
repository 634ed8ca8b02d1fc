/**
 * `vtr-wf init [DIR]`: scaffolds a project — vtr-wf.yaml, an example spec, the
 * .gitignore entry and a CI workflow — never overwriting a file. Created files
 * are the result (stdout); skipped ones are notices (stderr).
 */
import type { Command } from 'commander';
import { action, colors, err, EXIT_OK, formatOption } from '../common.js';

interface InitCliOptions {
  project?: string;
  ci: boolean;
  format: string;
  verbose: boolean;
  color: boolean;
}

export function defineInit(program: Command): void {
  program
    .command('init')
    .description(
      'scaffold vtr-wf.yaml, an example spec, a .gitignore entry and a CI workflow (never overwrites)',
    )
    .argument('[dir]', 'the project folder (created when missing)', '.')
    .option('--project <name>', 'project name (default: the folder name, sanitised)')
    .option('--no-ci', 'skip the GitHub Actions workflow')
    .addOption(formatOption('init'))
    .option('-v, --verbose', 'more detail on stderr', false)
    .option('--no-color', 'no ANSI colours (also NO_COLOR)')
    .action(
      action(async (dir: string, opts: InitCliOptions) => {
        const { runInit } = await import('../../commands/init.js');
        const result = await runInit({
          dir,
          ci: opts.ci,
          ...(opts.project !== undefined ? { project: opts.project } : {}),
        });
        const { renderInitSkips } = await import('../../render/init-text.js');
        err(renderInitSkips(result));
        if (opts.verbose) err(`schema headers point at ${result.schemaDir}`);
        const { emit } = await import('../emit.js');
        await emit('init', opts.format, result, { ...colors(opts), dirArg: dir });
        return EXIT_OK;
      }),
    );
}
