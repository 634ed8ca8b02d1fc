/**
 * `vtr-wf import FILE… [--out DIR] [--force]`: the Clarifai Python SDK's
 * workflow YAML as vtr-wf specs. Light at the top: the converter loads inside
 * the action.
 */
import type { Command } from 'commander';
import { addCommonOptions, action, out, useColor, EXIT_ERROR, EXIT_OK } from '../common.js';
import type { CommonOptions } from '../common.js';

interface ImportFlags extends CommonOptions {
  out?: string;
  force: boolean;
}

export function defineImport(program: Command): void {
  addCommonOptions(
    program
      .command('import')
      .description(
        "convert Clarifai Python SDK workflow YAML into specs (catalog aliases where vtr-wf.yaml's catalog matches)",
      )
      .argument('<files...>', 'SDK workflow files (`workflow: {id, nodes: [...]}`)')
      .option('-o, --out <dir>', 'write <dir>/<id>.yaml for each workflow instead of printing')
      .option('--force', 'overwrite files that already exist in --out', false),
  ).action(action(runImportCommand));
}

async function runImportCommand(files: string[], flags: ImportFlags): Promise<number> {
  const cwd = process.cwd();
  const { runImport } = await import('../../import/run-import.js');
  const result = await runImport({
    cwd,
    files,
    force: flags.force,
    ...(flags.config ? { config: flags.config } : {}),
    ...(flags.out !== undefined ? { outDir: flags.out } : {}),
  });
  const failed = result.diagnostics.some((d) => d.severity === 'error');
  if (flags.format === 'json') {
    out(
      JSON.stringify(
        {
          diagnostics: result.diagnostics,
          ...(flags.out !== undefined ? { written: result.written } : { workflows: result.specs }),
        },
        null,
        2,
      ),
    );
    return failed ? EXIT_ERROR : EXIT_OK;
  }
  const { printDiagnostics } = await import('../../apply/diagnostics-output.js');
  printDiagnostics(result.diagnostics, {
    color: useColor(flags, process.stderr),
    cwd,
    stopped: 'nothing was imported',
  });
  if (failed) return EXIT_ERROR;
  if (flags.out !== undefined) for (const file of result.written) out(`wrote ${file}`);
  else process.stdout.write(result.stream ?? '');
  return EXIT_OK;
}
