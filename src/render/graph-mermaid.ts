/**
 * Workflow graphs as a Mermaid flowchart (renders on GitHub, GitLab, in
 * Markdown previews). One diagram; each workflow a subgraph titled with its
 * id; nodes get generated ids (`w0n1`) because spec ids may contain `-`, which
 * Mermaid reads as part of an arrow. Roles are colour classes.
 */
import { graphTitle, type WorkflowGraph } from '../graph/diagram.js';

const ROLE_STYLES: Record<string, string> = {
  detector: 'fill:#e3f2fd,stroke:#1e88e5,color:#0d47a1',
  cropper: 'fill:#fff3e0,stroke:#fb8c00,color:#e65100',
  recognizer: 'fill:#e8f5e9,stroke:#43a047,color:#1b5e20',
};

export function renderGraphMermaid(graphs: readonly WorkflowGraph[]): string {
  const lines = ['flowchart LR'];
  const classes = new Map<string, string[]>();
  graphs.forEach((graph, w) => {
    const ref = new Map(graph.nodes.map((n, i) => [n.id, `w${w}n${i}`]));
    lines.push(`  subgraph w${w}["${escapeLabel(graphTitle(graph))}"]`, '    direction LR');
    graph.nodes.forEach((node) => {
      const detail = node.role ? `${node.model} · ${node.role}` : node.model;
      lines.push(`    ${ref.get(node.id)}["${escapeLabel(node.id)}<br/>${escapeLabel(detail)}"]`);
      if (node.role) classes.set(node.role, [...(classes.get(node.role) ?? []), ref.get(node.id)!]);
    });
    for (const edge of graph.edges) lines.push(`    ${ref.get(edge.from)} --> ${ref.get(edge.to)}`);
    lines.push('  end');
  });
  for (const [role, ids] of [...classes].sort(([a], [b]) => a.localeCompare(b))) {
    const style = ROLE_STYLES[role];
    if (style) lines.push(`  classDef ${role} ${style}`);
    lines.push(`  class ${ids.join(',')} ${role}`);
  }
  return lines.join('\n') + '\n';
}

/** Mermaid's entity codes: quotes and markup characters can't close a label. */
function escapeLabel(text: string): string {
  return text.replace(/[&"<>#]/g, (c) => `#${c.charCodeAt(0)};`);
}
