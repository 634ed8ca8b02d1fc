import type { Command } from 'commander';
import { addCommonOptions, action, err, EXIT_ERROR } from '../common.js';

// Placeholder: implemented by its issue.
export function defineEmulator(program: Command): void {
  addCommonOptions(program.command('emulator').description('emulator (not implemented yet)')).action(
    action(async () => {
      err('vtr-wf emulator: not implemented yet');
      return EXIT_ERROR;
    }),
  );
}
