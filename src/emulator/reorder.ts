/**
 * The order the emulator returns a workflow's nodes in: deliberately not the
 * request's, so clients can't come to rely on order (the API doesn't keep it
 * either). Reverse topological — consumers before their inputs — with ties
 * broken by descending id: deterministic, and different from the usual
 * "inputs first" way specs are written.
 */
import type { StoredNode } from './state-types.js';

export function reorderForResponse(nodes: readonly StoredNode[]): StoredNode[] {
  const consumers = new Map<string, number>(nodes.map((n) => [n.id, 0]));
  for (const node of nodes) {
    for (const input of node.node_inputs) consumers.set(input, (consumers.get(input) ?? 0) + 1);
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const ready = nodes.filter((n) => consumers.get(n.id) === 0);
  const ordered: StoredNode[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    const next = ready.shift() as StoredNode;
    ordered.push(next);
    for (const input of next.node_inputs) {
      const left = (consumers.get(input) ?? 0) - 1;
      consumers.set(input, left);
      const producer = byId.get(input);
      if (left === 0 && producer) ready.push(producer);
    }
  }
  // Stored workflows are acyclic; this only guards against a hand-edited state file.
  for (const node of nodes) if (!ordered.includes(node)) ordered.push(node);
  return ordered;
}
