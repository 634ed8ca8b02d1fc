import type { Command } from 'commander';
import { addCommonOptions, action, err, EXIT_ERROR } from '../common.js';

// Placeholder: implemented by its issue.
export function defineValidate(program: Command): void {
  addCommonOptions(program.command('validate').description('validate (not implemented yet)')).action(
    action(async () => {
      err('vtr-wf validate: not implemented yet');
      return EXIT_ERROR;
    }),
  );
}
