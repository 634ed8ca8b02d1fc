/**
 * `vtr-wf graph [ID…]`: each workflow's graph — nodes with their model and
 * role, edges from inputs — as Mermaid (default), Graphviz DOT, JSON or text.
 * Specs are validated first: warnings are shown and the graph drawn; errors
 * are shown and nothing is drawn (a broken graph would mislead).
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import type { WorkflowGraph } from '../../render/graph-model.js';
import { action, err, EXIT_ERROR, EXIT_OK, out, UserError, useColor } from '../common.js';

const GRAPH_FORMATS = ['mermaid', 'dot', 'json', 'text'] as const;
type GraphFormat = (typeof GRAPH_FORMATS)[number];

interface GraphCliOptions {
  config?: string;
  env?: string;
  format: GraphFormat;
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
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(GRAPH_FORMATS)
        .default('mermaid'),
    )
    .option('-v, --verbose', 'more detail on stderr', false)
    .option('--no-color', 'no ANSI colours (also NO_COLOR)')
    .action(action(async (ids: string[], opts: GraphCliOptions) => runGraph(ids, opts)));
}

async function runGraph(ids: string[], opts: GraphCliOptions): Promise<number> {
  const { loadProject } = await import('../../spec/project.js');
  const project = await loadProject({
    cwd: process.cwd(),
    ...(opts.config !== undefined ? { config: opts.config } : {}),
  });
  if (project.diagnostics.length > 0) {
    const { renderValidateText } = await import('../../render/validate-text.js');
    err(renderValidateText(project.diagnostics, { color: useColor(opts, process.stderr) }));
    if (project.diagnostics.some((d) => d.severity === 'error')) return EXIT_ERROR;
  }

  const envName = opts.env ?? null;
  if (envName !== null && !Object.hasOwn(project.config.environments, envName)) {
    const known = Object.keys(project.config.environments);
    throw new UserError(
      `unknown environment "${envName}"${await hint(envName, known)}; environments: ${known.join(', ') || '(none)'}`,
    );
  }

  const byId = new Map(project.specs.map((s) => [s.spec.id, s.spec]));
  for (const id of ids) {
    if (!byId.has(id)) throw new UserError(`no workflow "${id}"${await hint(id, byId.keys())}`);
  }
  const specs = ids.length > 0 ? [...new Set(ids)].map((id) => byId.get(id)!) : [...byId.values()];
  if (specs.length === 0) err('no workflow specs found');

  const { buildWorkflowGraph } = await import('../../render/graph-model.js');
  const graphs = specs.map((spec) => buildWorkflowGraph(spec, project.config, envName));
  out(await render(opts.format, graphs));
  return EXIT_OK;
}

async function render(format: GraphFormat, graphs: WorkflowGraph[]): Promise<string> {
  switch (format) {
    case 'dot':
      return (await import('../../render/graph-dot.js')).renderGraphDot(graphs);
    case 'json':
      return (await import('../../render/graph-json.js')).renderGraphJson(graphs);
    case 'text':
      return (await import('../../render/graph-text.js')).renderGraphText(graphs);
    case 'mermaid':
      return (await import('../../render/graph-mermaid.js')).renderGraphMermaid(graphs);
  }
}

async function hint(word: string, candidates: Iterable<string>): Promise<string> {
  const { didYouMean } = await import('../../spec/suggest.js');
  const suggestion = didYouMean(word, candidates);
  return suggestion ? ` (${suggestion})` : '';
}
