/**
 * Workflow graphs in Graphviz DOT (`vtr-wf graph --format dot | dot -Tsvg`).
 * Each workflow is a cluster; node ids are qualified `workflow/node` so two
 * workflows may reuse a node id. Roles are fill colours.
 */
import { graphTitle, type WorkflowGraph } from '../graph/diagram.js';

const ROLE_COLOURS: Record<string, string> = {
  detector: '#e3f2fd',
  cropper: '#fff3e0',
  recognizer: '#e8f5e9',
};

export function renderGraphDot(graphs: readonly WorkflowGraph[]): string {
  const lines = [
    'digraph "vtr-wf" {',
    '  rankdir=LR;',
    '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica"];',
  ];
  for (const graph of graphs) {
    const ref = (nodeId: string) => quote(`${graph.id}/${nodeId}`);
    lines.push(
      `  subgraph ${quote(`cluster_${graph.id}`)} {`,
      `    label=${quote(graphTitle(graph))};`,
    );
    for (const node of graph.nodes) {
      const detail = node.role ? `${node.model} · ${node.role}` : node.model;
      const fill = node.role ? ROLE_COLOURS[node.role] : undefined;
      const attrs = [`label=${quote(`${node.id}\n${detail}`)}`];
      if (fill) attrs.push(`fillcolor=${quote(fill)}`);
      lines.push(`    ${ref(node.id)} [${attrs.join(', ')}];`);
    }
    for (const edge of graph.edges) lines.push(`    ${ref(edge.from)} -> ${ref(edge.to)};`);
    lines.push('  }');
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** A DOT quoted string: backslash and quote escaped, newlines as `\n`. */
function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n')}"`;
}
