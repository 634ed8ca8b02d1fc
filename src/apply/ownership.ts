/**
 * Every change of a plan held to the rules a fresh plan follows, against the
 * live workflows as re-read just before writing: a plan file can be edited,
 * so what it says about ownership is never taken on trust.
 *
 *  - update, and a rename's `from`: the live workflow carries this project's
 *    mark, or is unmarked and the plan recorded `--adopt` for it (`adopt`);
 *  - delete: the live workflow carries this project's mark (never adopted);
 *  - create, and a rename's new id: nothing live there;
 *  - never the lease workflow, never another project's workflow.
 *
 * Pure: live workflows in, the refused ids with why out.
 */
import type { JsonObject } from '../json.js';
import { isLockWorkflowId } from '../plan/lock-id.js';
import { parseMark } from '../plan/mark.js';
import type { PlanChange } from '../plan/types.js';

export interface OwnershipRefusal {
  /** The live id that must not be touched. */
  id: string;
  reason: string;
}

/** What ownership needs of a live workflow. */
export interface LiveMetadata {
  metadata?: JsonObject;
}

export function refusedTargets(
  changes: readonly PlanChange[],
  live: ReadonlyMap<string, LiveMetadata | null>,
  project: string,
): OwnershipRefusal[] {
  const refusals: OwnershipRefusal[] = [];
  const refuse = (id: string, reason: string) => refusals.push({ id, reason });

  /** May this change write over or delete the live workflow at `id`? */
  const mayOverwrite = (change: PlanChange, id: string, adoptable: boolean) => {
    const current = live.get(id) ?? null;
    if (current === null)
      return refuse(id, `does not exist, so the ${change.action} has no target`);
    if (adoptable && parseMark(current.metadata) === null) {
      if (change.adopt !== true)
        refuse(id, 'has no vtr-wf mark and the plan was not made with --adopt for it');
      return;
    }
    const reason = deleteRefusal(current, project);
    if (reason !== null) refuse(id, reason);
  };
  const mustBeAbsent = (id: string, what: string) => {
    const current = live.get(id) ?? null;
    if (current === null) return;
    const mark = parseMark(current.metadata);
    refuse(
      id,
      `already exists (${mark === null ? 'without the vtr-wf mark' : `managed by project \`${mark.project}\``}), so it cannot be ${what}`,
    );
  };

  for (const change of changes) {
    const lockId = [change.id, change.from ?? ''].find(isLockWorkflowId);
    if (lockId !== undefined) {
      refuse(lockId, "is vtr-wf's lease, never a plan's to change");
      continue;
    }
    switch (change.action) {
      case 'create':
        mustBeAbsent(change.id, 'created');
        break;
      case 'update':
        mayOverwrite(change, change.id, true);
        break;
      case 'delete':
        mayOverwrite(change, change.id, false);
        break;
      case 'rename':
        mayOverwrite(change, change.from ?? change.id, true);
        mustBeAbsent(change.id, 'the new id of a rename');
        break;
    }
  }
  return refusals;
}

/**
 * Why vtr-wf must not delete this live workflow (or its versions: `versions
 * prune`), or null when it may: only a workflow carrying this project's mark.
 */
export function deleteRefusal(current: LiveMetadata, project: string): string | null {
  const mark = parseMark(current.metadata);
  if (mark === null) return 'has no vtr-wf mark: vtr-wf deletes only the workflows it manages';
  return mark.project !== project ? `is managed by project \`${mark.project}\`` : null;
}

/**
 * A plan file is not signed, so `"adopt": true` in it proves nothing: anyone
 * who can edit the file could add it to take over an unmarked workflow. The
 * adoptions of a saved plan are honoured only when `apply PLANFILE --adopt ID…`
 * names exactly the same ids — the person or CI job running apply confirms
 * them, and cannot add new ones (adopting is `plan`'s to decide). Null when
 * they agree; else why not. Pure.
 */
export function unconfirmedAdoption(
  changes: readonly PlanChange[],
  confirmed: readonly string[],
): string | null {
  const adopted = [...new Set(changes.filter((c) => c.adopt === true).map((c) => c.from ?? c.id))];
  const given = new Set(confirmed);
  const missing = adopted.filter((id) => !given.has(id)).sort();
  const extra = [...given].filter((id) => !adopted.includes(id)).sort();
  if (missing.length > 0) {
    const ids = missing.join(' ');
    return `it adopts unmarked workflow${missing.length === 1 ? '' : 's'} ${missing.map((id) => `\`${id}\``).join(', ')}; a plan file is not trusted to adopt on its own — confirm with \`--adopt ${ids}\``;
  }
  if (extra.length > 0) {
    return `--adopt ${extra.join(' ')}: the plan does not adopt ${extra.length === 1 ? 'it' : 'them'}; adopting is decided by \`vtr-wf plan --adopt\``;
  }
  return null;
}

/** One line for the error: `a (has no vtr-wf mark …); b (…)`. */
export function describeRefusals(refusals: readonly OwnershipRefusal[]): string {
  return refusals.map((r) => `\`${r.id}\` ${r.reason}`).join('; ');
}
