import type { Command } from 'commander';
import { addCommonOptions, action, err, EXIT_ERROR } from '../common.js';

// Placeholder: implemented by its issue.
export function defineGraph(program: Command): void {
  addCommonOptions(program.command('graph').description('graph (not implemented yet)')).action(
    action(async () => {
      err('vtr-wf graph: not implemented yet');
      return EXIT_ERROR;
    }),
  );
}
