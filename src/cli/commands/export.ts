import type { Command } from 'commander';
import { addCommonOptions, action, err, EXIT_ERROR } from '../common.js';

// Placeholder: implemented by its issue.
export function defineExport(program: Command): void {
  addCommonOptions(program.command('export').description('export (not implemented yet)')).action(
    action(async () => {
      err('vtr-wf export: not implemented yet');
      return EXIT_ERROR;
    }),
  );
}
