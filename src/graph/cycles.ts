/**
 * Cycles in a workflow graph: one per strongly connected component, as the
 * path that closes it, so `validate` can print `a → b → a`. Iterative
 * throughout: a hostile spec with thousands of nodes must not blow the stack.
 */
import type { WorkflowGraph } from './workflow-graph.js';

/**
 * Each cycle as node indices in data-flow order, starting and ending at the
 * component's first-listed node (e.g. [0, 2, 0]). Components in node order.
 */
export function findCycles(graph: Pick<WorkflowGraph, 'feeds' | 'reads'>): number[][] {
  const components = stronglyConnected(graph);
  const cycles: number[][] = [];
  for (const component of components) {
    if (component.length < 2) continue;
    const members = new Set(component);
    const start = Math.min(...component);
    cycles.push(shortestCycleThrough(start, members, graph.feeds));
  }
  return cycles.sort((a, b) => a[0]! - b[0]!);
}

/** Kosaraju: finish order on `feeds`, then components on `reads` (the transpose). */
function stronglyConnected(graph: Pick<WorkflowGraph, 'feeds' | 'reads'>): number[][] {
  const n = graph.feeds.length;
  const visited = new Array<boolean>(n).fill(false);
  const order: number[] = [];
  for (let root = 0; root < n; root++) {
    if (visited[root]) continue;
    const stack: [number, number][] = [[root, 0]];
    visited[root] = true;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [u, next] = top;
      const edges = graph.feeds[u]!;
      if (next < edges.length) {
        top[1] = next + 1;
        const v = edges[next]!;
        if (!visited[v]) {
          visited[v] = true;
          stack.push([v, 0]);
        }
      } else {
        stack.pop();
        order.push(u);
      }
    }
  }
  const component = new Array<number>(n).fill(-1);
  const components: number[][] = [];
  for (let i = order.length - 1; i >= 0; i--) {
    const root = order[i]!;
    if (component[root] !== -1) continue;
    const members: number[] = [];
    const stack = [root];
    component[root] = components.length;
    while (stack.length > 0) {
      const u = stack.pop()!;
      members.push(u);
      for (const v of graph.reads[u]!) {
        if (component[v] === -1) {
          component[v] = components.length;
          stack.push(v);
        }
      }
    }
    components.push(members.sort((a, b) => a - b));
  }
  return components;
}

/** Breadth-first from `start` along `feeds` inside the component, back to `start`. */
function shortestCycleThrough(start: number, members: Set<number>, feeds: number[][]): number[] {
  const previous = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head]!;
    for (const v of feeds[u]!) {
      if (!members.has(v)) continue;
      if (v === start) {
        const path = [start];
        for (let w = u; w !== start; w = previous.get(w)!) path.push(w);
        path.push(start);
        // Built backwards from the closing edge; flip into flow order.
        return [start, ...path.slice(1, -1).reverse(), start];
      }
      if (!previous.has(v)) {
        previous.set(v, u);
        queue.push(v);
      }
    }
  }
  return [start, start];
}
