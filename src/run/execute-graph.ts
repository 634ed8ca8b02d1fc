/**
 * The order a workflow's nodes run in, and what each reads — pure, used by
 * the emulator's PostWorkflowResults. Nodes run in dependency order along
 * node_inputs (ties in declared order); a node without inputs reads the
 * input image, a node with inputs reads its first input's output (the VTR
 * graph is a chain; a second input is not read).
 */

export interface GraphNode {
  id: string;
  inputs: readonly string[];
}

export type NodeSource = { kind: 'image' } | { kind: 'node'; id: string };

/** The nodes that can run now: not done, every input done. */
export function readyNodes(nodes: readonly GraphNode[], done: ReadonlySet<string>): GraphNode[] {
  return nodes.filter((n) => !done.has(n.id) && n.inputs.every((i) => done.has(i)));
}

/**
 * Every node, each after its inputs. Nodes in a cycle or reading a missing
 * node never become ready: they are returned last, in declared order, so the
 * caller can report them (the store refuses such graphs anyway).
 */
export function executionOrder(nodes: readonly GraphNode[]): {
  order: GraphNode[];
  blocked: GraphNode[];
} {
  const done = new Set<string>();
  const order: GraphNode[] = [];
  // Bounded: each round runs at least one node, or stops.
  for (;;) {
    const ready = readyNodes(nodes, done);
    if (ready.length === 0) break;
    for (const n of ready) {
      done.add(n.id);
      order.push(n);
    }
  }
  return { order, blocked: nodes.filter((n) => !done.has(n.id)) };
}

export function sourceOf(node: GraphNode): NodeSource {
  const first = node.inputs[0];
  return first === undefined ? { kind: 'image' } : { kind: 'node', id: first };
}
