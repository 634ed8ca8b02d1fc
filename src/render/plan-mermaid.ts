/**
 * A changed workflow as a Mermaid graph for a pull request: added nodes and
 * edges green, removed ones red and dashed, changed nodes amber (a version
 * change reads `old → new` in the node). Generated node ids (`n0`): spec ids
 * may hold `-`, which Mermaid would read as part of an arrow. Pure.
 */
import type { CanonicalWorkflow, PlanChange } from '../plan/types.js';
import type { ChangeSides } from './plan-change-diff.js';

const ADDED = '#1a7f37';
const REMOVED = '#cf222e';

type Status = 'added' | 'removed' | 'changed' | 'same';

export function renderChangeMermaid(change: PlanChange, sides: ChangeSides): string {
  // An update whose live side is unknown (an old plan file) has no honest picture.
  if (sides.action === 'update' && sides.before === null) return '';
  const before = nodesById(sides.before);
  const after = nodesById(sides.after);
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  if (ids.length === 0) return '';
  const ref = new Map(ids.map((id, i) => [id, `n${i}`]));
  const changedNodes = new Set(
    (change.diffs ?? [])
      .map((d) => /^\/nodes\/([^/]+)\/./.exec(d.path)?.[1])
      .filter((id): id is string => id !== undefined)
      .map((id) => id.replace(/~1/g, '/').replace(/~0/g, '~')),
  );

  const lines = ['graph LR'];
  const byStatus = new Map<Status, string[]>();
  for (const id of ids) {
    const old = before.get(id);
    const now = after.get(id);
    const status: Status = !old
      ? 'added'
      : !now
        ? 'removed'
        : changedNodes.has(id)
          ? 'changed'
          : 'same';
    byStatus.set(status, [...(byStatus.get(status) ?? []), ref.get(id) as string]);
    let label = escapeLabel(id);
    if (old && now && old.model.version !== now.model.version) {
      label += `<br/>${escapeLabel(short(old.model.version))} → ${escapeLabel(short(now.model.version))}`;
    }
    lines.push(`  ${ref.get(id)}["${label}"]`);
  }

  const edgesBefore = edgeSet(sides.before);
  const edgesAfter = edgeSet(sides.after);
  const edges = [...new Set([...edgesBefore, ...edgesAfter])].sort();
  const linkStyles: string[] = [];
  // linkStyle addresses edges by the order they are drawn in.
  let index = 0;
  for (const edge of edges) {
    const [from, to] = edge.split('\u0000') as [string, string];
    const source = ref.get(from);
    const target = ref.get(to);
    if (!source || !target) continue;
    if (!edgesBefore.has(edge)) {
      lines.push(`  ${source} --> ${target}`);
      linkStyles.push(`  linkStyle ${index} stroke:${ADDED},stroke-width:2px`);
    } else if (!edgesAfter.has(edge)) {
      lines.push(`  ${source} -.-> ${target}`);
      linkStyles.push(`  linkStyle ${index} stroke:${REMOVED},stroke-dasharray:5 5`);
    } else {
      lines.push(`  ${source} --> ${target}`);
    }
    index++;
  }
  lines.push(...linkStyles);
  lines.push(`  classDef added fill:#dafbe1,stroke:${ADDED},color:${ADDED}`);
  lines.push(
    `  classDef removed fill:#ffebe9,stroke:${REMOVED},color:${REMOVED},stroke-dasharray:5 5`,
  );
  lines.push('  classDef changed fill:#fff8c5,stroke:#9a6700,color:#7d4e00');
  for (const status of ['added', 'removed', 'changed'] as const) {
    const members = byStatus.get(status);
    if (members) lines.push(`  class ${members.join(',')} ${status}`);
  }
  return lines.join('\n') + '\n';
}

function nodesById(workflow: CanonicalWorkflow | null) {
  return new Map((workflow?.nodes ?? []).map((n) => [n.id, n]));
}

/** `input\0node` for every edge; dangling inputs (refused by validate) are dropped. */
function edgeSet(workflow: CanonicalWorkflow | null): Set<string> {
  const ids = new Set((workflow?.nodes ?? []).map((n) => n.id));
  const edges = new Set<string>();
  for (const node of workflow?.nodes ?? []) {
    for (const input of node.inputs) if (ids.has(input)) edges.add(`${input}\u0000${node.id}`);
  }
  return edges;
}

function short(version: string): string {
  return version.length > 8 ? version.slice(0, 8) : version;
}

/** Mermaid entity codes, so a quote or markup character cannot close a label. */
function escapeLabel(text: string): string {
  return text.replace(/[&"<>#]/g, (c) => `#${c.charCodeAt(0)};`);
}
