import type { Command } from 'commander';
import { addCommonOptions, action, err, EXIT_ERROR } from '../common.js';

// Placeholder: implemented by its issue.
export function defineUnlock(program: Command): void {
  addCommonOptions(program.command('unlock').description('unlock (not implemented yet)')).action(
    action(async () => {
      err('vtr-wf unlock: not implemented yet');
      return EXIT_ERROR;
    }),
  );
}
