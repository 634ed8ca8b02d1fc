/**
 * The invariants every faulted apply must keep, checked against the live app
 * as a healthy client reads it afterwards:
 *  - the report is exact: each planned change is applied, failed or not
 *    attempted, once;
 *  - applied changes are live as planned; not-attempted ones are untouched;
 *    a failure left its workflow untouched — or, only when the report says
 *    the outcome is unknown, possibly as planned;
 *  - nothing outside the plan changed, nothing appeared, nothing was lost;
 *  - every workflow apply attempted to overwrite or delete was backed up, as it was before;
 *  - a lease left behind was reported.
 * Failures are collected as sentences, so one assertion shows them all.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { liveMismatch } from '../../../src/apply/write-request.js';
import type { ApiWorkflow } from '../../../src/clarifai/types.js';
import type { Plan, PlanChange } from '../../../src/plan/types.js';
import type { ApplyRun } from './fleet.js';

export interface RunEvidence {
  plan: Plan;
  run: ApplyRun;
  before: ReadonlyMap<string, ApiWorkflow>;
  after: ReadonlyMap<string, ApiWorkflow>;
  leaseId: string;
  backupDir: string;
}

const UNKNOWN_OUTCOME = 'the outcome is unknown';

export async function brokenInvariants(evidence: RunEvidence): Promise<string[]> {
  const { plan, run, before, leaseId } = evidence;
  const problems: string[] = [];
  const after = new Map(evidence.after);
  const leaseLeft = after.delete(leaseId);
  const changes = new Map(plan.changes.map((c) => [c.id, c]));
  const same = (id: string) => isDeepStrictEqual(before.get(id), after.get(id));
  const asPlanned = (change: PlanChange) =>
    liveMismatch(after.get(change.id) ?? null, change, plan.project).length === 0;

  // Nothing outside the plan changed, appeared or vanished.
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    if (!changes.has(id) && !same(id)) problems.push(`${id} is not in the plan but changed`);
  }

  const report = run.result?.report;
  if (!report) {
    // apply refused or failed before writing: nothing of the plan may have changed.
    for (const change of plan.changes)
      if (!same(change.id)) problems.push(`${change.id} changed though apply threw`);
  } else {
    const listed = [
      ...report.applied.map((a) => ['applied', a.id, a.action] as const),
      ...report.failed.map((f) => ['failed', f.id, f.action] as const),
      ...report.not_attempted.map((n) => ['not_attempted', n.id, n.action] as const),
    ];
    const { summary } = report;
    if (summary.planned !== plan.changes.length)
      problems.push(`summary.planned ${summary.planned} ≠ ${plan.changes.length} changes`);
    if (summary.applied + summary.failed + summary.not_attempted !== summary.planned)
      problems.push(`applied + failed + not_attempted ≠ planned: ${JSON.stringify(summary)}`);
    const seen = new Map<string, string>();
    for (const [kind, id, action] of listed) {
      if (seen.has(id)) problems.push(`${id} is reported as ${seen.get(id)} and as ${kind}`);
      seen.set(id, kind);
      if (changes.get(id)?.action !== action)
        problems.push(`${id} reported as a ${action}, planned as ${changes.get(id)?.action}`);
    }
    for (const change of plan.changes)
      if (!seen.has(change.id)) problems.push(`${change.id} is missing from the report`);

    for (const a of report.applied) {
      const change = changes.get(a.id);
      if (change && !asPlanned(change))
        problems.push(`${a.id} reported applied but is not live as planned`);
    }
    for (const n of report.not_attempted)
      if (!same(n.id)) problems.push(`${n.id} reported not attempted but changed`);
    for (const f of report.failed) {
      const change = changes.get(f.id);
      if (same(f.id) || !change) continue;
      const unknown = f.description.includes(UNKNOWN_OUTCOME);
      if (!unknown || !asPlanned(change))
        problems.push(`${f.id} reported failed (${f.code}: ${f.description}) but changed`);
    }

    // Backups: each batch's backups are durable before that batch is sent, so every
    // change that was attempted (applied or failed) and overwrote or deleted has one;
    // a change never attempted may have none.
    const backups = await readBackups(evidence.backupDir);
    const notAttempted = new Set(report.not_attempted.map((n) => n.id));
    for (const change of plan.changes) {
      if (change.action === 'create' || notAttempted.has(change.id)) continue;
      const saved = backups.get(change.id) ?? [];
      if (!saved.some((b) => isDeepStrictEqual(b, before.get(change.id))))
        problems.push(`no backup of ${change.id} as it was before the ${change.action}`);
    }
  }

  if (leaseLeft) {
    // Either the release failed and said so, or taking it failed with a lost answer and said
    // the lease may still land.
    const warned =
      run.error?.message.includes('the lease itself may still land') ??
      [...run.log, ...(report?.warnings ?? [])].some(
        (l) => l.includes(leaseId) && /could not remove the lease/.test(l),
      );
    if (!warned) problems.push(`the lease ${leaseId} was left behind without a word`);
  }
  return problems;
}

/** Backup files by workflow id (a folder that does not exist holds none). */
export async function readBackups(dir: string): Promise<Map<string, ApiWorkflow[]>> {
  const byId = new Map<string, ApiWorkflow[]>();
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    const workflow = JSON.parse(await readFile(join(dir, name), 'utf8')) as ApiWorkflow;
    byId.set(workflow.id, [...(byId.get(workflow.id) ?? []), workflow]);
  }
  return byId;
}
