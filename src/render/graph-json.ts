/** `vtr-wf graph --format json`: the graph model as is, for other tools. */
import type { WorkflowGraph } from '../graph/diagram.js';

export function renderGraphJson(graphs: readonly WorkflowGraph[]): string {
  return JSON.stringify({ workflows: graphs }, null, 2) + '\n';
}
