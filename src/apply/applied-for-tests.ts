/**
 * `apply --test`: which workflows to test after an apply — those it created or
 * updated (a rename too: the workflow under its new id is what is live now),
 * and only after a successful apply (nothing failed, nothing left, not
 * interrupted). Pure.
 */
import type { Report } from './types.js';

export type AppliedTests =
  { run: true; ids: string[] } | { run: false; why: 'apply-failed' | 'nothing-created-or-updated' };

export function appliedForTests(report: Report): AppliedTests {
  if (report.interrupted || report.failed.length > 0 || report.not_attempted.length > 0)
    return { run: false, why: 'apply-failed' };
  const ids = [
    ...new Set(report.applied.filter((a) => a.action !== 'delete').map((a) => a.id)),
  ].sort();
  return ids.length > 0 ? { run: true, ids } : { run: false, why: 'nothing-created-or-updated' };
}
