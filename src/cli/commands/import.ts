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
  colors,
  err,
  timeoutPart,
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
    'import',
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
  const { emit } = await import('../emit.js');
  await emit('import', flags.format, result, {
    ...colors(flags),
    toFiles: flags.out !== undefined,
    ...(flags.resolveLatest && flags.env ? { resolvedFrom: flags.env } : {}),
  });
  return result.diagnostics.some((d) => d.severity === 'error') ? EXIT_ERROR : EXIT_OK;
}
