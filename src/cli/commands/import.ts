/**
 * `vtr-wf import FILE… [--out DIR] [--force] [--resolve-latest -e ENV]`: the
 * Clarifai SDKs' workflow YAML as vtr-wf specs. Light at the top: the
 * converter loads inside the action.
 */
import type { Command } from 'commander';
import {
  addCommonOptions,
  addTimeoutOption,
  action,
  err,
  out,
  timeoutPart,
  useColor,
  UserError,
  EXIT_ERROR,
  EXIT_OK,
} from '../common.js';
import type { CommonOptions, TimeoutOption } from '../common.js';

interface ImportFlags extends CommonOptions, TimeoutOption {
  out?: string;
  force: boolean;
  env?: string;
  resolveLatest: boolean;
}

export function defineImport(program: Command): void {
  addCommonOptions(
    addTimeoutOption(
      program
        .command('import')
        .description(
          "convert Clarifai SDK workflow YAML (Python snake_case or Node camelCase) into specs (catalog aliases where vtr-wf.yaml's catalog matches)",
        )
        .argument('<files...>', 'SDK workflow files (`workflow: {id, nodes: [...]}`)')
        .option('-o, --out <dir>', 'write <dir>/<id>.yaml for each workflow instead of printing')
        .option('--force', 'overwrite files that already exist in --out', false)
        .option(
          '--resolve-latest',
          'pin each model a node names without a version to its latest trained version in -e ENV (says which, per node, on stderr)',
          false,
        )
        .option('-e, --env <name>', 'the environment --resolve-latest reads versions from'),
    ),
  ).action(action(runImportCommand));
}

async function runImportCommand(files: string[], flags: ImportFlags): Promise<number> {
  if (flags.resolveLatest && !flags.env)
    throw new UserError('--resolve-latest reads versions from an environment: give -e ENV');
  if (flags.env && !flags.resolveLatest)
    throw new UserError(
      '-e names where --resolve-latest reads model versions; import reads no environment without it (add --resolve-latest)',
    );
  const cwd = process.cwd();
  const { runImport } = await import('../../commands/import.js');
  const result = await runImport({
    cwd,
    files,
    force: flags.force,
    ...(flags.config ? { config: flags.config } : {}),
    ...(flags.out !== undefined ? { outDir: flags.out } : {}),
    ...(flags.resolveLatest && flags.env ? { resolveLatestFrom: flags.env } : {}),
    ...timeoutPart(flags),
    verbose: flags.verbose,
    log: (line) => err(line),
  });
  const failed = result.diagnostics.some((d) => d.severity === 'error');
  if (flags.format === 'json') {
    out(
      JSON.stringify(
        {
          diagnostics: result.diagnostics,
          ...(flags.out !== undefined ? { written: result.written } : { workflows: result.specs }),
          ...(flags.resolveLatest ? { resolved: result.resolved } : {}),
        },
        null,
        2,
      ),
    );
    return failed ? EXIT_ERROR : EXIT_OK;
  }
  const { printDiagnostics } = await import('../print-diagnostics.js');
  printDiagnostics(result.diagnostics, {
    color: useColor(flags, process.stderr),
    cwd,
    stopped: 'nothing was imported',
  });
  if (failed) return EXIT_ERROR;
  for (const chosen of result.resolved)
    err(
      `${chosen.file}:${chosen.line}:${chosen.column}: node \`${chosen.node}\` of \`${chosen.workflow}\`: model \`${chosen.model}\` pinned to its latest version ${chosen.version} in \`${flags.env}\``,
    );
  if (flags.out !== undefined) for (const file of result.written) out(`wrote ${file}`);
  else process.stdout.write(result.stream ?? '');
  return EXIT_OK;
}
