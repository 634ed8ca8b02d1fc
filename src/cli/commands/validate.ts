/**
 * `vtr-wf validate [PATH…] [--strict]`: schema and graph checks, offline.
 * Light at top level: the loader (yaml, the precompiled schemas) and the
 * chosen formatter load only when the command runs; gRPC never does.
 */
import type { Command } from 'commander';
import type { CommonOptions } from '../common.js';
import { addCommonOptions, action, err, out, useColor, EXIT_ERROR, EXIT_OK } from '../common.js';

export const VALIDATE_FORMATS = ['text', 'json', 'github', 'sarif'];

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
    VALIDATE_FORMATS,
  ).action(action(async (paths: string[], opts: ValidateOptions) => runValidate(paths, opts)));
}

async function runValidate(paths: string[], opts: ValidateOptions): Promise<number> {
  const { loadProject } = await import('../../spec/project.js');
  const { hasErrors } = await import('../../diagnostic.js');
  const project = await loadProject({
    cwd: process.cwd(),
    ...(opts.config !== undefined ? { config: opts.config } : {}),
    paths,
  });
  const { diagnostics } = project;
  if (opts.verbose) {
    for (const file of project.specFiles) err(`read ${file}`);
  }
  switch (opts.format) {
    case 'json': {
      const { renderValidateJson } = await import('../../render/validate-json.js');
      out(renderValidateJson(diagnostics));
      break;
    }
    case 'github': {
      const { renderValidateGithub } = await import('../../render/validate-github.js');
      out(renderValidateGithub(diagnostics));
      break;
    }
    case 'sarif': {
      const { renderValidateSarif } = await import('../../render/validate-sarif.js');
      const { VERSION } = await import('../../version.js');
      out(renderValidateSarif(diagnostics, { toolVersion: VERSION }));
      break;
    }
    default: {
      const { renderValidateText, renderValidateSummary } =
        await import('../../render/validate-text.js');
      out(renderValidateText(diagnostics, { color: useColor(opts) }));
      const counts = { files: project.specFiles.length, workflows: project.specs.length };
      err(renderValidateSummary(diagnostics, counts, { color: useColor(opts, process.stderr) }));
    }
  }
  return hasErrors(diagnostics, opts.strict) ? EXIT_ERROR : EXIT_OK;
}
