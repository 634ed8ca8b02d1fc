/**
 * `graph`: each chosen workflow as a graph to draw. Specs are validated first:
 * with an error nothing is drawn (a broken graph would mislead); warnings come
 * back beside the graphs.
 */
import { hasErrors, type Diagnostic } from '../diagnostic.js';
import { buildWorkflowGraph, type WorkflowGraph } from '../graph/diagram.js';
import { loadProject } from '../spec/project.js';
import { didYouMean } from '../spec/suggest.js';
import { UserError } from '../user-error.js';

export interface GraphOptions {
  cwd: string;
  config?: string;
  /** Resolve models with this environment's overrides (default: the catalog alone). */
  env?: string;
  /** Only these workflows (empty: all). */
  ids: string[];
  /** Shown the spec problems as soon as they are found (before an unknown id or environment fails). */
  onDiagnostics?: (diagnostics: Diagnostic[]) => void;
}

export interface GraphResult {
  diagnostics: Diagnostic[];
  /** Empty when a diagnostic is an error. */
  graphs: WorkflowGraph[];
}

export async function graphWorkflows(opts: GraphOptions): Promise<GraphResult> {
  const project = await loadProject({
    cwd: opts.cwd,
    ...(opts.config !== undefined ? { config: opts.config } : {}),
  });
  const { diagnostics } = project;
  if (diagnostics.length > 0) opts.onDiagnostics?.(diagnostics);
  if (hasErrors(diagnostics)) return { diagnostics, graphs: [] };

  const envName = opts.env ?? null;
  if (envName !== null && !Object.hasOwn(project.config.environments, envName)) {
    const known = Object.keys(project.config.environments);
    throw new UserError(
      `unknown environment "${envName}"${hint(envName, known)}; environments: ${known.join(', ') || '(none)'}`,
    );
  }
  const byId = new Map(project.specs.map((s) => [s.spec.id, s.spec]));
  for (const id of opts.ids) {
    if (!byId.has(id)) throw new UserError(`no workflow "${id}"${hint(id, byId.keys())}`);
  }
  const specs =
    opts.ids.length > 0 ? [...new Set(opts.ids)].map((id) => byId.get(id)!) : [...byId.values()];
  return {
    diagnostics,
    graphs: specs.map((spec) => buildWorkflowGraph(spec, project.config, envName)),
  };
}

function hint(word: string, candidates: Iterable<string>): string {
  const suggestion = didYouMean(word, candidates);
  return suggestion ? ` (${suggestion})` : '';
}
