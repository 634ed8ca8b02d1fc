/**
 * `vtr-wf promote --from A --to B [--models a,b] [--dry-run]`: copy A's
 * effective model pins into B's overrides in vtr-wf.yaml, editing the file in
 * place (comments and layout kept), and print the file's unified diff.
 */
import type { Command } from 'commander';
import {
  addCommonOptions,
  action,
  err,
  out,
  useColor,
  EXIT_ERROR,
  EXIT_OK,
  UserError,
} from '../common.js';
import type { CommonOptions } from '../common.js';
import { painter, paintUnifiedDiff } from '../../render/color.js';

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
  if (printDiagnostics(result.diagnostics, { color: useColor(flags, process.stderr), cwd }))
    return EXIT_ERROR;

  const changes = result.promotions.flatMap((p) => p.edits);
  if (flags.format === 'json') {
    out(
      JSON.stringify(
        {
          from: flags.from,
          to: flags.to,
          file: result.file,
          changed: changes.length > 0,
          written: result.written,
          changes: changes.map((c) => ({
            alias: c.alias,
            field: c.field,
            before: c.before ?? null,
            after: c.after ?? null,
          })),
          diff: result.diff,
        },
        null,
        2,
      ),
    );
    return EXIT_OK;
  }
  if (changes.length === 0) {
    out(
      `Nothing to promote: \`${flags.to}\` already runs \`${flags.from}\`'s pins; ${result.file} left untouched.`,
    );
    return EXIT_OK;
  }
  for (const p of result.promotions) {
    const fields = ['id', 'version', 'user_id', 'app_id'] as const;
    const moved = fields
      .filter((f) => p.from[f] !== p.to[f])
      .map((f) => `${f} ${p.to[f] ?? '(none)'} → ${p.from[f] ?? '(none)'}`);
    err(`${p.alias}: ${moved.join(', ')}`);
  }
  process.stdout.write(colorDiff(result.diff, useColor(flags)));
  err(
    flags.dryRun
      ? `Dry run: ${result.file} not changed.`
      : `Promoted ${result.promotions.length} pin${result.promotions.length === 1 ? '' : 's'} from \`${flags.from}\` to \`${flags.to}\` in ${result.file}.`,
  );
  return EXIT_OK;
}

function colorDiff(diff: string, color: boolean): string {
  return color ? paintUnifiedDiff(diff, painter(true)) : diff;
}
