/**
 * A node's concepts are keyed by id: the API stores one value per concept of
 * a node's output override, so a second entry with the same id is either a
 * copy-paste slip or two values of which one is silently lost — and the plan,
 * comparing the list the spec declares with the one read back, would never
 * converge. An error, at the repeated entry: node `concepts` and the
 * `select_concepts` of `output_config` alike.
 */
import { pointerOf } from '../../json-pointer.js';
import { isJsonObject } from '../../json.js';
import type { Problem } from '../problem.js';
import type { WorkflowSpec } from '../types.js';

export function checkConcepts(spec: WorkflowSpec): Problem[] {
  const problems: Problem[] = [];
  spec.nodes.forEach((node, index) => {
    if (node.concepts)
      problems.push(...repeated(node.concepts, node.id, ['nodes', String(index), 'concepts']));
    const selected = isJsonObject(node.output_config)
      ? node.output_config.select_concepts
      : undefined;
    if (Array.isArray(selected))
      problems.push(
        ...repeated(selected, node.id, [
          'nodes',
          String(index),
          'output_config',
          'select_concepts',
        ]),
      );
  });
  return problems;
}

function repeated(entries: readonly unknown[], nodeId: string, at: string[]): Problem[] {
  const problems: Problem[] = [];
  const first = new Map<string, number>();
  entries.forEach((entry, i) => {
    const id = isJsonObject(entry) && typeof entry.id === 'string' ? entry.id : undefined;
    if (id === undefined) return; // the schema reports a concept without an id
    const earlier = first.get(id);
    if (earlier === undefined) {
      first.set(id, i);
      return;
    }
    const list = at[at.length - 1] as string;
    problems.push({
      code: 'duplicate-concept',
      severity: 'error',
      message: `node \`${nodeId}\` lists concept \`${id}\` twice in \`${list}\` (entries ${earlier + 1} and ${i + 1}); the API keeps one value per concept id`,
      pointer: pointerOf([...at, String(i), 'id']),
      suggestion: 'keep one entry per concept id',
    });
  });
  return problems;
}
