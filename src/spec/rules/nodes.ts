/**
 * Node-list rules of one workflow: 1 to 20 nodes (Clarifai's limit), node ids
 * valid and unique within the workflow.
 */
import type { Problem } from '../problem.js';
import { pointerOf } from '../../json-pointer.js';
import type { WorkflowSpec } from '../types.js';
import { MAX_NODES } from '../../model/clarifai-ids.js';
import { checkId } from './ids.js';

export function checkNodes(spec: WorkflowSpec): Problem[] {
  const problems: Problem[] = [];
  if (spec.nodes.length === 0) {
    problems.push({
      code: 'no-nodes',
      severity: 'error',
      message: `workflow \`${spec.id}\` has no nodes; a workflow needs at least one`,
      pointer: '/nodes',
    });
  } else if (spec.nodes.length > MAX_NODES) {
    problems.push({
      code: 'too-many-nodes',
      severity: 'error',
      message: `workflow \`${spec.id}\` has ${spec.nodes.length} nodes; Clarifai allows at most ${MAX_NODES}`,
      pointer: '/nodes',
      suggestion: 'split it into several workflows',
    });
  }
  const firstIndex = new Map<string, number>();
  spec.nodes.forEach((node, i) => {
    const pointer = pointerOf(['nodes', i, 'id']);
    problems.push(...checkId(node.id, pointer, 'node'));
    const first = firstIndex.get(node.id);
    if (first === undefined) {
      firstIndex.set(node.id, i);
    } else {
      problems.push({
        code: 'duplicate-node-id',
        severity: 'error',
        message: `node id \`${node.id}\` is already used by nodes[${first}] of workflow \`${spec.id}\``,
        pointer,
        suggestion: 'give each node of a workflow its own id',
      });
    }
  });
  return problems;
}
