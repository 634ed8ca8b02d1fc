/**
 * plan(): desired vs live → the one Plan object. Pure: the same inputs always
 * give the same plan, byte for byte. Content is compared in canonical form,
 * never by hash, so an out-of-band edit to a managed workflow shows as a change.
 */
import type { UnplacedDiagnostic } from '../diagnostic.js';
import { diffWorkflows, liveAsCompared, sortDiffs, withoutModelOwners } from './diff.js';
import { isLockWorkflowId } from './lock-id.js';
import { compareStrings, sortedBy } from './order.js';
import {
  MARK_KEY,
  PLAN_FORMAT_VERSION,
  type DesiredState,
  type DesiredWorkflow,
  type Diff,
  type LiveState,
  type LiveWorkflow,
  type Plan,
  type PlanChange,
  type PlanOptions,
} from './types.js';

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
  const inScope = (id: string) => only.size === 0 || only.has(id);

  const adopt = new Set(options.adopt ?? []);
  checkAdoptions(adopt, specById, liveById, desired, diagnostics);

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
  const fingerprints: Record<string, string | null> = {};
  let unchanged = 0;

  for (const [id, spec] of specById) {
    if (!inScope(id)) continue;
    const current = liveById.get(id);
    if (!current) {
      changes.push({ action: 'create', id, workflow: spec.workflow, metadata: {} });
      fingerprints[id] = null;
      continue;
    }
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
    const adopting = current.mark === null;
    const contentDiffs = diffWorkflows(spec.workflow, current.workflow);
    const markDiff: Diff = {
      path: `/metadata/${MARK_KEY}`,
      before: current.metadata[MARK_KEY] ?? null,
      after: { project: desired.project, spec_hash: spec.spec_hash },
    };
    const diffs = adopting ? sortDiffs([...contentDiffs, markDiff]) : contentDiffs;
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
    fingerprints[id] = current.fingerprint;
    if (current.unsupported.length > 0) diagnostics.push(unsupportedWarning(spec, current));
  }

  if (prune) {
    for (const [id, current] of liveById) {
      if (!inScope(id) || specById.has(id) || current.mark?.project !== desired.project) continue;
      // Shown as deleted: the server-filled model owners would only be noise.
      changes.push({ action: 'delete', id, before: withoutModelOwners(current.workflow) });
      fingerprints[id] = current.fingerprint;
    }
  }

  const ordered = changes.sort(
    (a, b) =>
      Number(b.action === 'delete') - Number(a.action === 'delete') || compareStrings(a.id, b.id),
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
        unchanged,
      },
      changes: ordered,
      unmanaged: unmanaged.sort(compareStrings),
      foreign: foreign.sort(compareStrings),
      fingerprints: sortedRecord(fingerprints),
      api_calls: live.api_calls,
    },
    diagnostics,
  };
}

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
  desired: DesiredState,
  diagnostics: UnplacedDiagnostic[],
): void {
  const env = desired.environment;
  for (const id of [...adopt].sort(compareStrings)) {
    const current = liveById.get(id);
    if (!specById.has(id)) {
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

function foreignConflict(spec: DesiredWorkflow, owner: string, where: string): UnplacedDiagnostic {
  const id = spec.workflow.id;
  return specDiagnostic(
    spec,
    'foreign-conflict',
    `workflow \`${id}\` in ${where} is managed by project \`${owner}\`; this project will not touch it. ` +
      `Rename the spec, or manage the workflow from one project only`,
  );
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

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort(compareStrings)) out[key] = record[key] as T;
  return out;
}
