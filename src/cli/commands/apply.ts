import type { Command } from 'commander';
import { addCommonOptions, action, err, EXIT_ERROR } from '../common.js';

// Placeholder: implemented by its issue.
export function defineApply(program: Command): void {
  addCommonOptions(program.command('apply').description('apply (not implemented yet)')).action(
    action(async () => {
      err('vtr-wf apply: not implemented yet');
      return EXIT_ERROR;
    }),
  );
}
