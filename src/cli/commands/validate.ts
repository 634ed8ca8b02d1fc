/**
 * `vtr-wf validate [PATH…] [--strict]`: schema and graph checks, offline.
 * Light at top level: the loader (yaml, the precompiled schemas) and the
 * chosen formatter load only when the command runs; gRPC never does.
 */
import type { Command } from 'commander';
import type { CommonOptions } from '../common.js';
import { addCommonOptions, action, colors, err, EXIT_ERROR, EXIT_OK } from '../common.js';

interface ValidateOptions extends CommonOptions {
  strict: boolean;
}

export function defineValidate(program: Command): void {
  addCommonOptions(
    program
      .command('validate')
      .description(
        'check specs and vtr-wf.yaml offline: schema, ids, graph, model pins in every environment',
      )
      .argument('[paths...]', "spec files or folders (default: the config's `workflows`)")
      .option('--strict', 'warnings fail too (exit 1)', false),
    'validate',
  ).action(action(async (paths: string[], opts: ValidateOptions) => runValidate(paths, opts)));
}

async function runValidate(paths: string[], opts: ValidateOptions): Promise<number> {
  const { validateProject } = await import('../../commands/validate.js');
  const { hasErrors } = await import('../../diagnostic.js');
  const result = await validateProject({
    cwd: process.cwd(),
    ...(opts.config !== undefined ? { config: opts.config } : {}),
    paths,
  });
  if (opts.verbose) {
    for (const file of result.specFiles) err(`read ${file}`);
  }
  const { emit } = await import('../emit.js');
  await emit('validate', opts.format, result, colors(opts));
  return hasErrors(result.diagnostics, opts.strict) ? EXIT_ERROR : EXIT_OK;
}
