import type { Command } from 'commander';
import { addCommonOptions, action, err, EXIT_ERROR } from '../common.js';

// Placeholder: implemented by its issue.
export function defineImport(program: Command): void {
  addCommonOptions(program.command('import').description('import (not implemented yet)')).action(
    action(async () => {
      err('vtr-wf import: not implemented yet');
      return EXIT_ERROR;
    }),
  );
}
