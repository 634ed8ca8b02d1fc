import type { Command } from 'commander';
import { addCommonOptions, action, err, EXIT_ERROR } from '../common.js';

// Placeholder: implemented by its issue.
export function defineInit(program: Command): void {
  addCommonOptions(program.command('init').description('init (not implemented yet)')).action(
    action(async () => {
      err('vtr-wf init: not implemented yet');
      return EXIT_ERROR;
    }),
  );
}
