/**
 * Lock (lease) workflows: `apply` holds `vtr-wf-lock-<project>` while it writes.
 * They are machinery, not content: plans, exports and prune never see them.
 */
export const LOCK_ID_PREFIX = 'vtr-wf-lock-';

/** Workflow ids allow at most 48 characters. */
const MAX_WORKFLOW_ID_LENGTH = 48;

export function isLockWorkflowId(id: string): boolean {
  return id.startsWith(LOCK_ID_PREFIX);
}

/**
 * The lease id for a project: `vtr-wf-lock-<project>` cut to 48 characters.
 * Characters a workflow id may not hold become `-`, and a cut never leaves a
 * trailing separator, so the id always passes the API's id rule.
 */
export function lockWorkflowId(project: string): string {
  const safe = project.replace(/[^0-9A-Za-z]+/g, '-').replace(/^-+|-+$/g, '') || 'default';
  return (LOCK_ID_PREFIX + safe).slice(0, MAX_WORKFLOW_ID_LENGTH).replace(/[-_]+$/, '');
}
