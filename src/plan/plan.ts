/**
 * plan(): desired vs live → the one Plan object. Pure: the same inputs always
 * give the same plan, byte for byte. Content is compared in canonical form,
 * never by hash, so an out-of-band edit to a managed workflow shows as a change.
 */
import type { UnplacedDiagnostic } from '../diagnostic.js';
import { diffWorkflows, liveAsCompared, sortDiffs, withoutModelOwners } from './diff.js';
import { defineLazy } from './lazy-property.js';
import { isLockWorkflowId } from './lock-id.js';
import { compareStrings, sortedBy } from './order.js';
import {
  MARK_KEY,
  PLAN_FORMAT_VERSION,
  type DesiredState,
  type DesiredWorkflow,
  type LiveState,
  type LiveWorkflow,
  type Plan,
  type PlanChange,
  type PlanOptions,
} from './types.js';

// Over 80 lines: one pass over the specs and the live app reading top to bottom (index, renames, scope, per-spec decision, prune, order, summary); the steps share the id maps and the diagnostics, and the per-spec decision is the one place the actions are chosen.
export function plan(
  desired: DesiredState,
  live: LiveState,
  options: PlanOptions,
): { plan: Plan; diagnostics: UnplacedDiagnostic[] } {
  const diagnostics: UnplacedDiagnostic[] = [];
  const where = `${desired.environment} (${desired.user_id}/${desired.app_id})`;

  const liveById = new Map<string, LiveWorkflow>();
  for (const w of live.workflows) {
    if (!isLockWorkflowId(w.workflow.id)) liveById.set(w.workflow.id, w);
  }
  const specById = collectSpecs(desired.workflows, diagnostics);

  const only = new Set(options.ids ?? []);
  for (const id of [...only].sort(compareStrings)) {
    if (!specById.has(id) && !liveById.has(id)) {
      diagnostics.push(
        cliDiagnostic('unknown-id', `\`${id}\` is neither a spec nor a live workflow in ${where}`),
      );
    }
  }

  // Previous ids (renames): which spec claims each (validate refuses double claims).
  const claimedBy = new Map<string, DesiredWorkflow>();
  for (const spec of specById.values()) {
    for (const previous of spec.previous_ids ?? []) {
      if (!specById.has(previous) && !claimedBy.has(previous)) claimedBy.set(previous, spec);
    }
  }
  const inScope = (id: string) =>
    only.size === 0 ||
    only.has(id) ||
    (specById.get(id)?.previous_ids ?? []).some((previous) => only.has(previous));

  const adopt = new Set(options.adopt ?? []);
  checkAdoptions(adopt, specById, liveById, claimedBy, desired, diagnostics);

  let prune = options.prune;
  if (prune && desired.workflows.length === 0 && !options.allow_empty) {
    prune = false;
    diagnostics.push(
      cliDiagnostic(
        'prune-empty',
        `--prune with no specs at all would delete every workflow of project \`${desired.project}\` in ${where}; refusing`,
        'check the `workflows` path in vtr-wf.yaml, or pass --allow-empty if that is really what you want',
      ),
    );
  }

  const changes: PlanChange[] = [];
  const unmanaged: string[] = [];
  const foreign: string[] = [];
  /** What each touched id's fingerprint is hashed from (null: must not exist). */
  const fingerprints = new Map<string, LiveWorkflow | null>();
  const versions: Record<string, string> = {};
  const renamedFrom = new Set<string>();
  let unchanged = 0;
  const noteVersion = (id: string, w: LiveWorkflow) => {
    if (w.version !== null) versions[id] = w.version;
  };

  for (const [id, spec] of specById) {
    if (!inScope(id)) continue;
    let current = liveById.get(id);
    const previousLive = (spec.previous_ids ?? [])
      .filter((previous) => previous !== id && claimedBy.get(previous) === spec)
      .flatMap((previous) => liveById.get(previous) ?? []);
    let from: string | undefined;
    if (current) {
      const ours = previousLive.filter((w) => w.mark?.project === desired.project);
      if (ours.length > 0) {
        for (const old of ours) {
          noteVersion(old.workflow.id, old);
          diagnostics.push(renameBothLive(spec, old.workflow.id, desired.environment, where));
        }
        continue;
      }
    } else if (previousLive.length > 1) {
      diagnostics.push(
        specDiagnostic(
          spec,
          'rename-ambiguous',
          `several previous ids of \`${id}\` are live in ${where} (${previousLive.map((w) => `\`${w.workflow.id}\``).join(', ')}); ` +
            'a workflow can be renamed from one of them only: keep that one in previous_ids and delete or rename the others',
        ),
      );
      continue;
    } else if (previousLive.length === 1) {
      const old = previousLive[0] as LiveWorkflow;
      const oldId = old.workflow.id;
      noteVersion(oldId, old);
      if (old.mark === null && !adopt.has(oldId)) {
        unmanaged.push(oldId);
        diagnostics.push(renameUnmanaged(spec, oldId, desired.environment, where));
        continue;
      }
      if (old.mark !== null && old.mark.project !== desired.project) {
        foreign.push(oldId);
        diagnostics.push(foreignConflict(spec, old.mark.project, where, oldId));
        continue;
      }
      current = old;
      from = oldId;
    }
    if (!current) {
      changes.push({ action: 'create', id, workflow: spec.workflow, metadata: {} });
      fingerprints.set(id, null);
      continue;
    }
    if (from === undefined) {
      if (current.mark === null && !adopt.has(id)) {
        unmanaged.push(id);
        diagnostics.push(unmanagedConflict(spec, desired.environment, where));
        continue;
      }
      if (current.mark !== null && current.mark.project !== desired.project) {
        foreign.push(id);
        diagnostics.push(foreignConflict(spec, current.mark.project, where));
        continue;
      }
      noteVersion(id, current);
    }
    const adopting = current.mark === null;
    const contentDiffs = diffWorkflows(spec.workflow, current.workflow);
    // Only adopting adds the mark (and so reads spec_hash, which is hashed when first read).
    const diffs = adopting
      ? sortDiffs([
          ...contentDiffs,
          {
            path: `/metadata/${MARK_KEY}`,
            before: current.metadata[MARK_KEY] ?? null,
            after: { project: desired.project, spec_hash: spec.spec_hash },
          },
        ])
      : contentDiffs;
    if (from !== undefined) {
      const rename: PlanChange = { action: 'rename', id, from };
      if (diffs.length > 0) rename.diffs = diffs;
      rename.workflow = spec.workflow;
      rename.metadata = current.metadata;
      rename.before = { ...liveAsCompared(spec.workflow, current.workflow), id: from };
      if (adopting) rename.adopt = true;
      if (current.kept) rename.kept = current.kept;
      changes.push(rename);
      renamedFrom.add(from);
      fingerprints.set(from, current);
      fingerprints.set(id, null);
      if (diffs.length > 0 && current.mark?.rolled_back_from)
        diagnostics.push(undoesRollback(spec, from, current.mark.rolled_back_from));
      continue;
    }
    if (diffs.length === 0) {
      unchanged++;
      continue;
    }
    const change: PlanChange = {
      action: 'update',
      id,
      diffs,
      workflow: spec.workflow,
      metadata: current.metadata,
      ...(current.kept ? { kept: current.kept } : {}),
      before: liveAsCompared(spec.workflow, current.workflow),
    };
    if (adopting) change.adopt = true;
    changes.push(change);
    fingerprints.set(id, current);
    if (current.unsupported.length > 0) diagnostics.push(unsupportedWarning(spec, current));
    if (current.mark?.rolled_back_from)
      diagnostics.push(undoesRollback(spec, id, current.mark.rolled_back_from));
  }

  if (prune) {
    for (const [id, current] of liveById) {
      if (!inScope(id) || specById.has(id) || current.mark?.project !== desired.project) continue;
      // A workflow being renamed into a spec is kept, under its new id.
      if (renamedFrom.has(id) || claimedBy.has(id)) continue;
      // Shown as deleted: the server-filled model owners would only be noise.
      changes.push({ action: 'delete', id, before: withoutModelOwners(current.workflow) });
      fingerprints.set(id, current);
      noteVersion(id, current);
    }
  }

  const ordered = changes.sort(
    (a, b) => ORDER[a.action] - ORDER[b.action] || compareStrings(a.id, b.id),
  );
  const count = (action: PlanChange['action']) => ordered.filter((c) => c.action === action).length;
  return {
    plan: {
      format_version: PLAN_FORMAT_VERSION,
      environment: desired.environment,
      user_id: desired.user_id,
      app_id: desired.app_id,
      project: desired.project,
      summary: {
        create: count('create'),
        update: count('update'),
        delete: count('delete'),
        rename: count('rename'),
        unchanged,
      },
      changes: ordered,
      unmanaged: unmanaged.sort(compareStrings),
      foreign: foreign.sort(compareStrings),
      fingerprints: lazyFingerprints(fingerprints),
      versions: sortedRecord(versions),
      ...(options.revision ? { revision: options.revision } : {}),
      api_calls: live.api_calls,
    },
    diagnostics,
  };
}

/** Deletions first, then renames (applied before any other write), then the rest by id. */
const ORDER: Record<PlanChange['action'], number> = { delete: 0, rename: 1, create: 2, update: 2 };

/** Specs by id, sorted; lock ids and duplicates are refused (validate reports those too). */
function collectSpecs(
  workflows: readonly DesiredWorkflow[],
  diagnostics: UnplacedDiagnostic[],
): Map<string, DesiredWorkflow> {
  const byId = new Map<string, DesiredWorkflow>();
  for (const spec of sortedBy(workflows, (w) => w.workflow.id)) {
    const id = spec.workflow.id;
    if (isLockWorkflowId(id)) {
      diagnostics.push(
        specDiagnostic(spec, 'reserved-id', `workflow id \`${id}\` is reserved for vtr-wf's lease`),
      );
    } else if (byId.has(id)) {
      const first = byId.get(id) as DesiredWorkflow;
      diagnostics.push(
        specDiagnostic(
          spec,
          'duplicate-workflow-id',
          `workflow id \`${id}\` is also declared in ${first.source.file}`,
        ),
      );
    } else {
      byId.set(id, spec);
    }
  }
  return byId;
}

function checkAdoptions(
  adopt: ReadonlySet<string>,
  specById: ReadonlyMap<string, DesiredWorkflow>,
  liveById: ReadonlyMap<string, LiveWorkflow>,
  claimedBy: ReadonlyMap<string, DesiredWorkflow>,
  desired: DesiredState,
  diagnostics: UnplacedDiagnostic[],
): void {
  const env = desired.environment;
  for (const id of [...adopt].sort(compareStrings)) {
    const current = liveById.get(id);
    // `--adopt OLD` for a previous id: adopt it and rename it into its spec.
    const renamed = !specById.has(id) && claimedBy.has(id) && current !== undefined;
    if (!specById.has(id) && !renamed) {
      diagnostics.push(
        cliDiagnostic(
          'adopt-without-spec',
          `--adopt ${id}: no spec declares \`${id}\``,
          `export it first: vtr-wf export -e ${env} ${id} --out workflows/`,
        ),
      );
    } else if (!current) {
      diagnostics.push(
        cliDiagnostic(
          'adopt-not-found',
          `--adopt ${id}: \`${id}\` does not exist in ${env}, so there is nothing to adopt (apply without --adopt creates it)`,
        ),
      );
    } else if (current.mark?.project === desired.project) {
      diagnostics.push({
        ...cliDiagnostic(
          'already-managed',
          `--adopt ${id}: \`${id}\` already carries this project's mark`,
        ),
        severity: 'warning',
      });
    }
  }
}

function unmanagedConflict(spec: DesiredWorkflow, env: string, where: string): UnplacedDiagnostic {
  const id = spec.workflow.id;
  const adoptCommands = `vtr-wf export -e ${env} ${id} --out workflows/ then vtr-wf apply -e ${env} --adopt ${id}`;
  return {
    ...specDiagnostic(
      spec,
      'unmanaged-conflict',
      `workflow \`${id}\` already exists in ${where} without the vtr-wf mark; vtr-wf will not change it. ` +
        `To manage it, adopt it: ${adoptCommands}`,
    ),
    suggestion: adoptCommands,
  };
}

function foreignConflict(
  spec: DesiredWorkflow,
  owner: string,
  where: string,
  liveId = spec.workflow.id,
): UnplacedDiagnostic {
  return specDiagnostic(
    spec,
    'foreign-conflict',
    `workflow \`${liveId}\` in ${where} is managed by project \`${owner}\`; this project will not touch it. ` +
      (liveId === spec.workflow.id
        ? `Rename the spec, or manage the workflow from one project only`
        : `Remove \`${liveId}\` from previous_ids of \`${spec.workflow.id}\`, or manage the workflow from one project only`),
  );
}

/** Both the spec's id and a previous id of it are live and ours: renaming would overwrite one. */
function renameBothLive(
  spec: DesiredWorkflow,
  oldId: string,
  env: string,
  where: string,
): UnplacedDiagnostic {
  const id = spec.workflow.id;
  return {
    ...specDiagnostic(
      spec,
      'rename-conflict',
      `both \`${oldId}\` (a previous id of \`${id}\`) and \`${id}\` exist in ${where}; vtr-wf will not rename one over the other. ` +
        `To keep \`${id}\` and delete \`${oldId}\`: remove \`${oldId}\` from previous_ids and run vtr-wf apply -e ${env} --prune. ` +
        `To keep \`${oldId}\`'s versions instead: delete \`${id}\` first (vtr-wf versions and history stay with \`${oldId}\`), then apply to rename`,
    ),
    pointer: '/previous_ids',
  };
}

function renameUnmanaged(
  spec: DesiredWorkflow,
  oldId: string,
  env: string,
  where: string,
): UnplacedDiagnostic {
  const id = spec.workflow.id;
  return {
    ...specDiagnostic(
      spec,
      'rename-unmanaged',
      `\`${oldId}\` (a previous id of \`${id}\`) exists in ${where} without the vtr-wf mark; vtr-wf will not rename it. ` +
        `To adopt it and rename it to \`${id}\`: vtr-wf apply -e ${env} --adopt ${oldId}. To leave it alone, remove it from previous_ids`,
    ),
    pointer: '/previous_ids',
    suggestion: `vtr-wf apply -e ${env} --adopt ${oldId}`,
  };
}

/** The live workflow was rolled back; applying the spec writes over the rollback. */
function undoesRollback(
  spec: DesiredWorkflow,
  liveId: string,
  rolledBackFrom: string,
): UnplacedDiagnostic {
  return {
    ...specDiagnostic(
      spec,
      'undoes-rollback',
      `live \`${liveId}\` was rolled back (away from version ${rolledBackFrom}); applying the specs will undo the rollback. ` +
        'Fix the spec first if the rollback should stay',
    ),
    severity: 'warning',
  };
}

function unsupportedWarning(spec: DesiredWorkflow, current: LiveWorkflow): UnplacedDiagnostic {
  return {
    ...specDiagnostic(
      spec,
      'unsupported-fields',
      `live workflow \`${spec.workflow.id}\` has fields vtr-wf does not model ` +
        `(${current.unsupported.join(', ')}); updates keep them as they are`,
    ),
    severity: 'warning',
  };
}

function specDiagnostic(spec: DesiredWorkflow, code: string, message: string): UnplacedDiagnostic {
  return {
    code,
    severity: 'error',
    message,
    file: spec.source.file,
    document: spec.source.document,
    pointer: '/id',
  };
}

/** About a command-line argument, not a file. */
function cliDiagnostic(code: string, message: string, suggestion?: string): UnplacedDiagnostic {
  return {
    code,
    severity: 'error',
    message,
    file: '',
    document: 0,
    pointer: '',
    ...(suggestion ? { suggestion } : {}),
  };
}

/**
 * The plan's fingerprints by id, sorted, each hashed only when first read: a
 * plan applied moments after it was made (apply -e ENV) compares the re-read
 * workflows with the ones it planned from by value (apply/drift.ts) and never
 * reads them (1000 updates: ~35 ms of hashing).
 */
function lazyFingerprints(
  sources: ReadonlyMap<string, LiveWorkflow | null>,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const id of [...sources.keys()].sort(compareStrings)) {
    const live = sources.get(id) ?? null;
    if (live === null) out[id] = null;
    else defineLazy(out, id, () => live.fingerprint);
  }
  return out;
}

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort(compareStrings)) out[key] = record[key] as T;
  return out;
}
