/**
 * Lock (lease) workflows: `apply` holds `vtr-wf-lock-<project>` while it writes.
 * They are machinery, not content: plans, exports and prune never see them.
 */
export const LOCK_ID_PREFIX = 'vtr-wf-lock-';

export function isLockWorkflowId(id: string): boolean {
  return id.startsWith(LOCK_ID_PREFIX);
}
