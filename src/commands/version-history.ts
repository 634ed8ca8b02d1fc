/**
 * A workflow's versions as vtr-wf reads them: newest first (sorted here, not
 * trusted to the server's order), which one is live, what each one's mark
 * says, and a node-level summary of what changed from the version before.
 * Pure: history, rollback and prune all build on it.
 */
import type { ApiWorkflowVersion } from '../clarifai/types.js';
import { pointerSegments } from '../json-pointer.js';
import { isJsonObject, type JsonObject } from '../json.js';
import { canonicaliseLive } from '../plan/canonical-live.js';
import { diffWorkflows } from '../plan/diff.js';
import { parseMark } from '../plan/mark.js';
import type { CanonicalWorkflow, Mark } from '../plan/types.js';

export interface VersionView {
  id: string;
  /** RFC 3339; '' when the server sent none. */
  created_at: string;
  live: boolean;
  deprecated: boolean;
  metadata: JsonObject;
  mark: Mark | null;
  workflow: CanonicalWorkflow;
  visibility: number | null;
}

/** Newest first: created_at descending, ties by id (stable whatever the server's order). */
export function sortVersions(
  versions: readonly ApiWorkflowVersion[],
  workflowId: string,
  liveVersionId: string | null,
): VersionView[] {
  const views = versions.map((v) => viewOf(v, workflowId));
  views.sort(
    (a, b) =>
      (Date.parse(b.created_at) || 0) - (Date.parse(a.created_at) || 0) ||
      (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
  );
  // Exactly one is live: the workflow's own version, or (if the server named none we hold) the newest.
  const live = views.find((v) => v.id === liveVersionId) ?? views[0];
  if (live) live.live = true;
  return views;
}

function viewOf(v: ApiWorkflowVersion, workflowId: string): VersionView {
  const metadata = isJsonObject(v.metadata) ? v.metadata : {};
  const gettable = v.visibility?.gettable;
  return {
    id: v.id,
    created_at: typeof v.created_at === 'string' ? v.created_at : '',
    live: false,
    deprecated: v.is_deprecated === true,
    metadata,
    mark: parseMark(metadata),
    workflow: canonicaliseLive({
      id: workflowId,
      description: v.description ?? '',
      nodes: v.nodes ?? [],
      metadata,
    }),
    visibility: typeof gettable === 'number' && gettable !== 0 ? gettable : null,
  };
}

/**
 * What changed from `older` to `newer`, a line a node (added, removed, or
 * which of its fields changed) plus description and metadata.
 */
export function changesBetween(newer: VersionView, older: VersionView): string[] {
  const lines: string[] = [];
  const byNode = new Map<string, Set<string>>();
  for (const diff of diffWorkflows(everyFieldManaged(newer.workflow), older.workflow)) {
    const [head, id, ...rest] = pointerSegments(diff.path);
    if (head !== 'nodes' || id === undefined) {
      lines.push(`changed ${diff.path.slice(1)}`);
      continue;
    }
    if (rest.length === 0) {
      lines.push(diff.before === null ? `added node ${id}` : `removed node ${id}`);
      continue;
    }
    const fields = byNode.get(id) ?? new Set<string>();
    fields.add(rest[0] === 'model' ? `model ${rest[1] ?? ''}`.trim() : (rest[0] as string));
    byNode.set(id, fields);
  }
  for (const [id, fields] of byNode) lines.push(`changed node ${id} (${[...fields].join(', ')})`);
  if (userMetadata(newer.metadata) !== userMetadata(older.metadata)) lines.push('changed metadata');
  if (newer.visibility !== older.visibility) lines.push('changed visibility');
  return lines.sort();
}

/**
 * A version as the desired side of a diff: a node field a read leaves out
 * when empty (concepts, output_config) means "none", not "not managed", so
 * a version that dropped them shows the change.
 */
function everyFieldManaged(workflow: CanonicalWorkflow): CanonicalWorkflow {
  return {
    ...workflow,
    nodes: workflow.nodes.map((node) => ({
      ...node,
      concepts: node.concepts ?? [],
      output_config: node.output_config ?? {},
    })),
  };
}

/** The metadata a person set (the mark left out), comparable as text. */
function userMetadata(metadata: JsonObject): string {
  const { ['vtr-wf']: _mark, ...rest } = metadata;
  return JSON.stringify(
    Object.keys(rest)
      .sort()
      .map((k) => [k, rest[k]]),
  );
}
