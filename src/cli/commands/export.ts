/**
 * `vtr-wf export -e ENV [ID…] [--out DIR] [--force]`: live workflows as specs.
 * How users adopt what already runs. Light at the top: the client and the
 * converter load inside the action.
 */
import type { Command } from 'commander';
import {
  addCommonOptions,
  action,
  colors,
  err,
  EXIT_ERROR,
  EXIT_OK,
  UserError,
} from '../common.js';
import type { CommonOptions, TimeoutOption } from '../common.js';
import { addTimeoutOption, timeoutPart } from '../common.js';
import { underSignals } from '../signals.js';

interface ExportFlags extends CommonOptions, TimeoutOption {
  env?: string;
  out?: string;
  force: boolean;
}

export function defineExport(program: Command): void {
  addCommonOptions(
    addTimeoutOption(
      program
        .command('export')
        .description('write live workflows as specs (stdout, or one file each with --out)')
        .argument('[ids...]', 'only these workflow ids (default: every workflow of the app)')
        .option('-e, --env <name>', 'the environment to read (see `environments:` in vtr-wf.yaml)')
        .option('-o, --out <dir>', 'write <dir>/<id>.yaml for each workflow instead of printing')
        .option('--force', 'overwrite files that already exist in --out', false),
    ),
    'export',
  ).action(action(runExportCommand));
}

async function runExportCommand(ids: string[], flags: ExportFlags): Promise<number> {
  if (!flags.env) throw new UserError('which environment? give -e ENV');
  return underSignals(
    (line) => err(line),
    (signals) => exportUnderSignals(ids, flags, signals.signal),
  );
}

async function exportUnderSignals(
  ids: string[],
  flags: ExportFlags,
  signal: AbortSignal,
): Promise<number> {
  const cwd = process.cwd();
  const { runExport } = await import('../../commands/export.js');
  const result = await runExport({
    cwd,
    env: flags.env as string,
    ids,
    force: flags.force,
    verbose: flags.verbose,
    signal,
    log: (line) => err(line),
    ...(flags.config ? { config: flags.config } : {}),
    ...(flags.out !== undefined ? { outDir: flags.out } : {}),
    ...timeoutPart(flags),
  });
  const { printDiagnostics } = await import('../print-diagnostics.js');
  const shown = colors(flags);
  if (printDiagnostics(result.diagnostics, { color: shown.stderrColor, cwd })) return EXIT_ERROR;
  // Also with --format json: a field that is not exported must never go unnoticed.
  for (const warning of result.warnings) err(`warning: ${warning}`);
  const { emit } = await import('../emit.js');
  await emit('export', flags.format, result, {
    ...shown,
    env: flags.env as string,
    toFiles: flags.out !== undefined,
  });
  return EXIT_OK;
}
