import type { Command } from 'commander';
import { addCommonOptions, action, err, EXIT_ERROR } from '../common.js';

// Placeholder: implemented by its issue.
export function defineFmt(program: Command): void {
  addCommonOptions(program.command('fmt').description('fmt (not implemented yet)')).action(
    action(async () => {
      err('vtr-wf fmt: not implemented yet');
      return EXIT_ERROR;
    }),
  );
}
