/**
 * A workflow as a directed graph over node indices: an edge u → v when node v
 * reads node u's output (`v.inputs` names u). Inputs that name no node, or
 * the node itself, are left out here (the rules report them).
 */

export interface WorkflowGraph {
  ids: string[];
  /** feeds[u]: the nodes that read u, in node order. */
  feeds: number[][];
  /** reads[v]: the nodes v reads, in the order its inputs list them. */
  reads: number[][];
}

/** Any node list with ids and input ids: a spec's, or a request's (the emulator). */
export function buildGraph(spec: {
  nodes: readonly { id: string; inputs: readonly string[] }[];
}): WorkflowGraph {
  const ids = spec.nodes.map((n) => n.id);
  // First node with an id wins: a duplicate id is its own error.
  const indexOf = new Map<string, number>();
  ids.forEach((id, i) => {
    if (!indexOf.has(id)) indexOf.set(id, i);
  });
  const feeds: number[][] = ids.map(() => []);
  const reads: number[][] = ids.map(() => []);
  spec.nodes.forEach((node, v) => {
    for (const input of new Set(node.inputs)) {
      const u = indexOf.get(input);
      if (u === undefined || u === v) continue;
      reads[v]!.push(u);
      feeds[u]!.push(v);
    }
  });
  return { ids, feeds, reads };
}
