/**
 * How planned changes become write calls: one kind of call per job (creates →
 * PostWorkflows, updates → PatchWorkflows overwrite, deletes → DeleteWorkflows),
 * many workflows a call. Pure.
 */
import type { ChangeAction, PlanChange } from '../plan/types.js';

/** Workflows per write call: the contract's goal is at most one call per 50 changes. */
export const DEFAULT_BATCH_SIZE = 50;

export interface WriteJob {
  action: ChangeAction;
  /** Indexes into the plan's changes, so the report can keep the plan's order. */
  indexes: number[];
}

/** Creates first, then updates, then deletions: destructive work last, so Ctrl-C spares it. */
const ACTION_ORDER: readonly ChangeAction[] = ['create', 'update', 'delete'];

export function planJobs(
  changes: readonly PlanChange[],
  batchSize = DEFAULT_BATCH_SIZE,
): WriteJob[] {
  const size = Math.max(1, Math.floor(batchSize));
  const jobs: WriteJob[] = [];
  for (const action of ACTION_ORDER) {
    const indexes = changes.flatMap((c, i) => (c.action === action ? [i] : []));
    for (const chunk of chunks(indexes, size)) jobs.push({ action, indexes: chunk });
  }
  return jobs;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
