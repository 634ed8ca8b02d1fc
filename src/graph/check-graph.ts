/**
 * The graph rules of one workflow: every input names another node of the same
 * workflow, at most once, and the inputs form no cycle. Pure.
 */
import type { Problem } from '../spec/problem.js';
import { pointerOf } from '../json-pointer.js';
import { didYouMean } from '../spec/suggest.js';
import type { WorkflowSpec } from '../spec/types.js';
import { findCycles } from './cycles.js';
import { buildGraph } from './workflow-graph.js';

export function checkGraph(spec: WorkflowSpec): Problem[] {
  const problems: Problem[] = [];
  const ids = spec.nodes.map((n) => n.id);
  const known = new Set(ids);
  spec.nodes.forEach((node, v) => {
    const listed = new Set<string>();
    node.inputs.forEach((input, j) => {
      const pointer = pointerOf(['nodes', v, 'inputs', j]);
      if (input === node.id) {
        problems.push({
          code: 'self-input',
          severity: 'error',
          message: `node \`${node.id}\` lists itself as an input; a node cannot read its own output`,
          pointer,
        });
      } else if (listed.has(input)) {
        problems.push({
          code: 'duplicate-input',
          severity: 'error',
          message: `node \`${node.id}\` lists input \`${input}\` more than once`,
          pointer,
          suggestion: 'remove the repeated input',
        });
      } else if (!known.has(input)) {
        const suggestion = didYouMean(
          input,
          ids.filter((id) => id !== node.id),
        );
        problems.push({
          code: 'unknown-input',
          severity: 'error',
          message: `node \`${node.id}\` reads from \`${input}\`, which is not a node of workflow \`${spec.id}\``,
          pointer,
          ...(suggestion ? { suggestion } : {}),
        });
      }
      listed.add(input);
    });
  });

  const graph = buildGraph(spec);
  for (const cycle of findCycles(graph)) {
    const start = cycle[0]!;
    const closing = cycle[cycle.length - 2]!;
    const inputIndex = spec.nodes[start]!.inputs.indexOf(ids[closing]!);
    problems.push({
      code: 'cycle',
      severity: 'error',
      message: `workflow \`${spec.id}\` has a cycle: ${cycle.map((i) => ids[i]).join(' → ')}`,
      pointer: pointerOf(['nodes', start, 'inputs', inputIndex]),
      suggestion: `remove one of these inputs; a workflow's nodes must form a graph without cycles`,
    });
  }
  return problems;
}
