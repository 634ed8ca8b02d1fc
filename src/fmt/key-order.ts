/**
 * The canonical key order of a workflow spec, applied to a parsed YAML
 * Document in place so comments, anchors and flow/block style travel with
 * their keys. Unknown keys keep their original order after the known ones:
 * fmt orders, it does not judge (validate reports unknown keys).
 */
import type { Document, Pair, YAMLMap } from 'yaml';
import { isMap, isNode, isScalar, isSeq } from 'yaml';

export const WORKFLOW_KEY_ORDER: readonly string[] = [
  'id',
  'description',
  'notes',
  'visibility',
  'use_cases',
  'check_consents',
  'metadata',
  'image',
  'nodes',
];
export const NODE_KEY_ORDER: readonly string[] = [
  'id',
  'model',
  'inputs',
  'suppress_output',
  'params',
  'concepts',
  'output_config',
];

/** Orders the workflow's keys and every node's keys; other shapes are left alone. */
export function orderWorkflowKeys(doc: Document): void {
  const root = doc.contents;
  if (!isMap(root)) return;
  orderMapKeys(root, WORKFLOW_KEY_ORDER);
  const nodes = root.items.find((pair) => keyName(pair) === 'nodes')?.value;
  if (!isSeq(nodes)) return;
  for (const node of nodes.items) {
    if (isMap(node)) orderMapKeys(node, NODE_KEY_ORDER);
  }
}

/** Stable sort of the map's pairs by `order`; unknown keys last, as they were. */
export function orderMapKeys(map: YAMLMap, order: readonly string[]): void {
  const rank = (pair: Pair): number => {
    const name = keyName(pair);
    const index = name === undefined ? -1 : order.indexOf(name);
    return index === -1 ? order.length : index;
  };
  const sorted = map.items
    .map((pair, index) => ({ pair, index }))
    .sort((a, b) => rank(a.pair) - rank(b.pair) || a.index - b.index)
    .map(({ pair }) => pair);
  if (sorted.every((pair, index) => pair === map.items[index])) return;
  keepLeadingCommentInPlace(map.items[0], sorted[0]);
  map.items = sorted;
}

/**
 * yaml attaches the comment lines above a map's first key (a file's
 * `# yaml-language-server: $schema=…` header, say) to that key. They describe
 * the top of the map, not the key, so they stay at the top whichever key ends
 * up first.
 */
function keepLeadingCommentInPlace(oldFirst: Pair | undefined, newFirst: Pair | undefined): void {
  const from = oldFirst?.key;
  const to = newFirst?.key;
  if (!isNode(from) || !isNode(to) || from === to) return;
  const lead = from.commentBefore;
  const leadSpace = from.spaceBefore;
  from.commentBefore = undefined;
  from.spaceBefore = undefined;
  if (lead && to.commentBefore) {
    // Keep the blank line that separated the key's own comment from what came before it.
    to.commentBefore = `${lead}\n${to.spaceBefore ? '\n' : ''}${to.commentBefore}`;
  } else if (lead) {
    to.commentBefore = lead;
  }
  to.spaceBefore = leadSpace;
}

function keyName(pair: Pair): string | undefined {
  return isScalar(pair.key) && typeof pair.key.value === 'string' ? pair.key.value : undefined;
}
