/**
 * What every plan renderer shows for one change: the two sides as canonical
 * YAML, their line diff (hunks, see line-hunks.ts), and the field diffs as short
 * lines. Pure; colour and markup are the callers' business.
 */
import type { JsonValue } from '../json.js';
import { workflowYamlLines } from '../plan/canonical-yaml.js';
import type { CanonicalWorkflow, Diff, PlanChange } from '../plan/types.js';
import { lineHunks } from './line-hunks.js';

export interface ChangeSides {
  action: PlanChange['action'];
  /** null for a create, and for an update whose live side is unknown. */
  before: CanonicalWorkflow | null;
  after: CanonicalWorkflow | null;
}

/** Edits beyond which a YAML diff is shown as a whole replacement. */
const MAX_EDIT_LENGTH = 60;

/** Before and after of a change; `live` serves plans saved without `before`. */
export function changeSides(
  change: PlanChange,
  live?: Record<string, CanonicalWorkflow>,
): ChangeSides {
  const before =
    change.action === 'create'
      ? null
      : (change.before ??
        (live && Object.hasOwn(live, change.id) ? live[change.id] : undefined) ??
        null);
  const after = change.action === 'delete' ? null : (change.workflow ?? null);
  return { action: change.action, before, after };
}

/**
 * Unified-diff lines (`@@ …`, ` ctx`, `-old`, `+new`) of the two sides' YAML.
 * A create or delete is the whole text, one sign, no hunk header. An unknown
 * side of an update (an old plan file, no live given) yields [].
 */
export function yamlDiffLines(sides: ChangeSides, context = 3): string[] {
  const { before, after } = sides;
  if (
    (before === null && sides.action !== 'create') ||
    (after === null && sides.action !== 'delete')
  ) {
    return [];
  }
  if (before === null) return workflowYamlLines(after as CanonicalWorkflow).map((l) => '+' + l);
  if (after === null) return workflowYamlLines(before).map((l) => '-' + l);
  return lineHunks(workflowYamlLines(before), workflowYamlLines(after), context, MAX_EDIT_LENGTH);
}

/** `~ /nodes/x/model/version: "a" → "b"`, `+ /nodes/y`, `- /nodes/z`. */
export function describeDiff(diff: Diff): string {
  if (diff.before === null && isNodePath(diff.path)) return `+ ${diff.path}`;
  if (diff.after === null && isNodePath(diff.path)) return `- ${diff.path}`;
  return `~ ${diff.path}: ${formatValue(diff.before)} → ${formatValue(diff.after)}`;
}

function isNodePath(path: string): boolean {
  return /^\/nodes\/[^/]+$/.test(path);
}

function formatValue(value: JsonValue): string {
  return JSON.stringify(value);
}

/** Node ids this change removes from a workflow that stays: destructive, called out first. */
export function removedNodes(change: PlanChange): string[] {
  if (change.action !== 'update' && change.action !== 'rename') return [];
  return (change.diffs ?? [])
    .filter((d) => d.after === null && isNodePath(d.path))
    .map((d) => d.path.slice('/nodes/'.length).replace(/~1/g, '/').replace(/~0/g, '~'));
}
