import type { Command } from 'commander';
import { addCommonOptions, action, err, EXIT_ERROR } from '../common.js';

// Placeholder: implemented by its issue.
export function definePromote(program: Command): void {
  addCommonOptions(program.command('promote').description('promote (not implemented yet)')).action(
    action(async () => {
      err('vtr-wf promote: not implemented yet');
      return EXIT_ERROR;
    }),
  );
}
