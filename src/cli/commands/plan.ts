import type { Command } from 'commander';
import { addCommonOptions, action, err, EXIT_ERROR } from '../common.js';

// Placeholder: implemented by its issue.
export function definePlan(program: Command): void {
  addCommonOptions(program.command('plan').description('plan (not implemented yet)')).action(
    action(async () => {
      err('vtr-wf plan: not implemented yet');
      return EXIT_ERROR;
    }),
  );
}
