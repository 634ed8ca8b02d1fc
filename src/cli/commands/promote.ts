/**
 * `vtr-wf promote --from A --to B [--models a,b] [--dry-run]`: copy A's
 * effective model pins into B's overrides in vtr-wf.yaml, editing the file in
 * place (comments and layout kept), and print the file's unified diff.
 */
import type { Command } from 'commander';
import { addCommonOptions, action, colors, EXIT_ERROR, EXIT_OK, UserError } from '../common.js';
import type { CommonOptions } from '../common.js';

interface PromoteFlags extends CommonOptions {
  from?: string;
  to?: string;
  models?: string[];
  dryRun: boolean;
}

export function definePromote(program: Command): void {
  addCommonOptions(
    program
      .command('promote')
      .description(
        "copy one environment's effective model pins into another's overrides in vtr-wf.yaml",
      )
      .option('--from <env>', 'the environment whose pins are promoted')
      .option('--to <env>', 'the environment whose overrides are rewritten')
      .option('--models <aliases...>', 'only these catalog aliases (comma-separated or repeated)')
      .option('--dry-run', 'print the diff, change nothing', false),
    'promote',
  ).action(action(runPromoteCommand));
}

async function runPromoteCommand(flags: PromoteFlags): Promise<number> {
  if (!flags.from || !flags.to) throw new UserError('give both --from ENV and --to ENV');
  const cwd = process.cwd();
  const models = (flags.models ?? [])
    .flatMap((m) => m.split(','))
    .map((m) => m.trim())
    .filter(Boolean);
  // Given but empty (an unset CI variable, say) must not widen to every alias.
  if (flags.models !== undefined && models.length === 0)
    throw new UserError('--models names no model alias; leave it out to promote every pin');
  const { runPromote } = await import('../../commands/promote.js');
  const result = await runPromote({
    cwd,
    from: flags.from,
    to: flags.to,
    models,
    dryRun: flags.dryRun,
    ...(flags.config ? { config: flags.config } : {}),
  });
  const { printDiagnostics } = await import('../print-diagnostics.js');
  const shown = colors(flags);
  if (printDiagnostics(result.diagnostics, { color: shown.stderrColor, cwd })) return EXIT_ERROR;
  const { emit } = await import('../emit.js');
  await emit('promote', flags.format, result, {
    ...shown,
    from: flags.from,
    to: flags.to,
    dryRun: flags.dryRun,
  });
  return EXIT_OK;
}
