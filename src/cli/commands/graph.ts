/**
 * `vtr-wf graph [ID…]`: each workflow's graph — nodes with their model and
 * role, edges from inputs — as Mermaid (default), Graphviz DOT, JSON or text.
 * Specs are validated first: warnings are shown and the graph drawn; errors
 * are shown and nothing is drawn (a broken graph would mislead).
 */
import type { Command } from 'commander';
import { action, colors, err, EXIT_ERROR, EXIT_OK, formatOption } from '../common.js';

interface GraphCliOptions {
  config?: string;
  env?: string;
  format: string;
  verbose: boolean;
  color: boolean;
}

export function defineGraph(program: Command): void {
  program
    .command('graph')
    .description('the workflow graph of each spec (nodes with model and role, edges from inputs)')
    .argument('[ids...]', 'workflow ids to draw (default: all)')
    .option('-e, --env <name>', "resolve models with this environment's overrides")
    .option('-c, --config <path>', 'path of vtr-wf.yaml (default: ./vtr-wf.yaml)')
    .addOption(formatOption('graph'))
    .option('-v, --verbose', 'more detail on stderr', false)
    .option('--no-color', 'no ANSI colours (also NO_COLOR)')
    .action(action(async (ids: string[], opts: GraphCliOptions) => runGraph(ids, opts)));
}

async function runGraph(ids: string[], opts: GraphCliOptions): Promise<number> {
  const { graphWorkflows } = await import('../../commands/graph.js');
  const { renderValidateText } = await import('../../render/validate-text.js');
  const shown = colors(opts);
  const result = await graphWorkflows({
    cwd: process.cwd(),
    ids,
    ...(opts.config !== undefined ? { config: opts.config } : {}),
    ...(opts.env !== undefined ? { env: opts.env } : {}),
    onDiagnostics: (diagnostics) =>
      err(renderValidateText(diagnostics, { color: shown.stderrColor })),
  });
  if (result.diagnostics.some((d) => d.severity === 'error')) return EXIT_ERROR;
  if (result.graphs.length === 0) err('no workflow specs found');
  const { emit } = await import('../emit.js');
  await emit('graph', opts.format, result.graphs, shown);
  return EXIT_OK;
}
