/**
 * A workflow as a graph to draw: nodes labelled with the model they run and its
 * role, edges from each input to the node reading it. Built from a spec and the
 * config (so catalog aliases resolve, optionally with an environment's
 * overrides); every graph renderer takes this and nothing else.
 */
import type { Config, Role, WorkflowSpec } from '../spec/types.js';
import { effectiveModel } from '../spec/effective-model.js';

export interface GraphNode {
  id: string;
  /** What to call the model: its catalog alias, else its model id. */
  model: string;
  /** The catalog alias, when the node names one. */
  alias?: string;
  model_id?: string;
  version?: string;
  role?: Role;
}

export interface GraphEdge {
  /** The input node. */
  from: string;
  /** The node that reads it. */
  to: string;
}

export interface WorkflowGraph {
  id: string;
  description?: string;
  /** The spec's `previous_ids`: ids this workflow is renamed from (shown in titles). */
  previous_ids?: string[];
  /** Topological order: every node after its inputs (spec order breaks ties). */
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/**
 * @param envName null for the catalog alone; an environment name lays its
 *   overrides over the catalog (the versions that environment would get).
 */
export function buildWorkflowGraph(
  spec: WorkflowSpec,
  config: Pick<Config, 'models' | 'environments'>,
  envName: string | null,
): WorkflowGraph {
  const known = new Set(spec.nodes.map((n) => n.id));
  const nodes = spec.nodes.map((node): GraphNode => {
    const resolved = effectiveModel(config, envName, node);
    const alias = typeof node.model === 'string' ? node.model : undefined;
    const model = resolved.ok ? resolved.model : {};
    return {
      id: node.id,
      model: alias ?? model.id ?? '(no model)',
      ...(alias !== undefined ? { alias } : {}),
      ...(model.id !== undefined ? { model_id: model.id } : {}),
      ...(model.version !== undefined ? { version: model.version } : {}),
      ...(model.role !== undefined ? { role: model.role } : {}),
    };
  });
  const edges = spec.nodes.flatMap((node) =>
    [...new Set(node.inputs)]
      .filter((input) => known.has(input))
      .map((input) => ({ from: input, to: node.id })),
  );
  const order = topologicalOrder(nodes, edges);
  return {
    id: spec.id,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.previous_ids?.length ? { previous_ids: [...spec.previous_ids] } : {}),
    nodes: order,
    edges: sortEdges(edges, order),
  };
}

/** A workflow's title in a drawing: its id, and the ids it is renamed from. */
export function graphTitle(graph: Pick<WorkflowGraph, 'id' | 'previous_ids'>): string {
  return graph.previous_ids?.length
    ? `${graph.id} (was ${graph.previous_ids.join(', ')})`
    : graph.id;
}

/** Kahn's algorithm, stable on spec order; nodes in a cycle (never valid) go last. */
function topologicalOrder(nodes: GraphNode[], edges: GraphEdge[]): GraphNode[] {
  const pending = new Map(nodes.map((n) => [n.id, 0]));
  for (const e of edges) pending.set(e.to, (pending.get(e.to) ?? 0) + 1);
  const ordered: GraphNode[] = [];
  const placed = new Set<string>();
  let progress = true;
  while (progress) {
    progress = false;
    for (const node of nodes) {
      if (placed.has(node.id) || pending.get(node.id) !== 0) continue;
      ordered.push(node);
      placed.add(node.id);
      for (const e of edges)
        if (e.from === node.id) pending.set(e.to, (pending.get(e.to) ?? 0) - 1);
      progress = true;
      break;
    }
  }
  return [...ordered, ...nodes.filter((n) => !placed.has(n.id))];
}

function sortEdges(edges: GraphEdge[], order: GraphNode[]): GraphEdge[] {
  const rank = new Map(order.map((n, i) => [n.id, i]));
  const at = (id: string) => rank.get(id) ?? 0;
  return [...edges].sort((a, b) => at(a.to) - at(b.to) || at(a.from) - at(b.from));
}
