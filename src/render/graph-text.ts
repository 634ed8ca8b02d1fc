/**
 * `vtr-wf graph --format text`: each workflow as an indented list in
 * topological order, every node with its model, role and inputs — readable in
 * a terminal without a diagram viewer.
 */
import { graphTitle, type WorkflowGraph } from '../graph/diagram.js';

export function renderGraphText(graphs: readonly WorkflowGraph[]): string {
  const blocks = graphs.map((graph) => {
    const width = Math.max(...graph.nodes.map((n) => n.id.length));
    const modelWidth = Math.max(...graph.nodes.map((n) => modelLabel(n).length));
    const lines = graph.nodes.map((node) => {
      const inputs = graph.edges.filter((e) => e.to === node.id).map((e) => e.from);
      const from = inputs.length > 0 ? `  ← ${inputs.join(', ')}` : '';
      return `  ${node.id.padEnd(width)}  ${modelLabel(node).padEnd(modelWidth)}${from}`.trimEnd();
    });
    return [graphTitle(graph), ...lines].join('\n');
  });
  return blocks.join('\n\n') + '\n';
}

function modelLabel(node: WorkflowGraph['nodes'][number]): string {
  return node.role ? `${node.model} (${node.role})` : node.model;
}
