/**
 * `vtr-wf fmt [PATH…] [--check]`: canonical form, comments kept. Thin: the
 * work is in fmt/ (loaded only when the command runs); this file parses flags,
 * prints and picks the exit code.
 */
import type { Command } from 'commander';
import type { CommonOptions } from '../common.js';
import { action, addCommonOptions, colors, EXIT_ERROR, EXIT_OK } from '../common.js';

interface FmtCommandOptions extends CommonOptions {
  check: boolean;
}

export function defineFmt(program: Command): void {
  addCommonOptions(
    program
      .command('fmt')
      .description(
        'rewrite workflow specs in canonical form (key order, 2-space indent), comments kept',
      )
      .argument('[paths...]', "spec files or folders (default: the config's workflows path)")
      .option(
        '--check',
        'write nothing; list the files that would change and exit 1 if any',
        false,
      ),
    'fmt',
  ).action(
    action(async (paths: string[], opts: FmtCommandOptions) => {
      const { runFmt } = await import('../../commands/fmt.js');
      const report = await runFmt({
        cwd: process.cwd(),
        config: opts.config,
        paths,
        check: opts.check,
      });
      const { emit } = await import('../emit.js');
      await emit('fmt', opts.format, report, { ...colors(opts), verbose: opts.verbose });
      const failed = report.problems.length > 0 || (report.check && report.changed.length > 0);
      return failed ? EXIT_ERROR : EXIT_OK;
    }),
  );
}
