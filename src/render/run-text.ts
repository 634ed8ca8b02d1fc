/**
 * `run` as text: per image its name, the text read (indented), and one line
 * per node saying what it produced.
 */
import type { NodeRun, WorkflowRun } from '../run/types.js';

export function renderRunText(run: WorkflowRun): string {
  const blocks = run.results.map((r) => {
    const lines = [
      r.status.code === 10000
        ? r.image
        : `${r.image}: failed: ${r.status.code} ${r.status.description}`,
    ];
    lines.push(...(r.text === '' ? ['  (no text read)'] : r.text.split('\n').map((l) => `  ${l}`)));
    lines.push(`  nodes: ${r.nodes.map(describeNode).join('; ') || 'none returned'}`);
    return lines.join('\n');
  });
  return blocks.join('\n\n') + '\n';
}

function describeNode(n: NodeRun): string {
  if (n.status.code !== 10000) return `${n.id} failed (${n.status.description})`;
  const texts = n.regions.filter((r) => r.text !== undefined).length;
  if (n.text !== undefined) return `${n.id} read the whole image`;
  if (texts > 0) return `${n.id} read ${texts} region${texts === 1 ? '' : 's'}`;
  return `${n.id} ${n.regions.length} region${n.regions.length === 1 ? '' : 's'}`;
}
