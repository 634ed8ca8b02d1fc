/**
 * Id rules as diagnostics: Clarifai's facts come from model/clarifai-ids.ts
 * (workflow ids: the id alphabet and 48 characters; node ids: any non-empty
 * string), plus vtr-wf's readability warning for long workflow ids and the id
 * prefix the apply lease reserves.
 */
import { isValidId, MAX_ID_LENGTH, WORKFLOW_ID_PATTERN } from '../../model/clarifai-ids.js';
import type { Problem } from '../problem.js';

/** vtr-wf's own readability threshold, not an API limit. */
export const LONG_ID_LENGTH = 32;
export const LOCK_ID_PREFIX = 'vtr-wf-lock-';

/** Whether the API accepts `id` as a workflow id (alphabet and length). */
export function isValidWorkflowId(id: string): boolean {
  return isValidId('workflow', id);
}

export function checkId(id: string, pointer: string, what: 'workflow' | 'node'): Problem[] {
  return what === 'node' ? checkNodeId(id, pointer) : checkWorkflowId(id, pointer);
}

function checkNodeId(id: string, pointer: string): Problem[] {
  if (isValidId('node', id)) return [];
  return [{ code: 'invalid-id', severity: 'error', message: 'node id is empty', pointer }];
}

function checkWorkflowId(id: string, pointer: string): Problem[] {
  const problems: Problem[] = [];
  if (!WORKFLOW_ID_PATTERN.test(id)) {
    const fixed = sanitizeId(id);
    problems.push({
      code: 'invalid-id',
      severity: 'error',
      message:
        id === ''
          ? `workflow id is empty`
          : `workflow id \`${id}\` is not valid: use letters and digits, joined by single \`-\` or \`_\``,
      pointer,
      ...(fixed && fixed !== id ? { suggestion: `did you mean \`${fixed}\`?` } : {}),
    });
  }
  if (id.length > MAX_ID_LENGTH) {
    problems.push({
      code: 'id-too-long',
      severity: 'error',
      message: `workflow id is ${id.length} characters long; the limit is ${MAX_ID_LENGTH}`,
      pointer,
    });
  } else if (id.length > LONG_ID_LENGTH) {
    problems.push({
      code: 'id-long',
      severity: 'warning',
      message: `workflow id is ${id.length} characters long; ids above ${LONG_ID_LENGTH} are hard to read in the Clarifai portal and in plans`,
      pointer,
    });
  }
  if (id.startsWith(LOCK_ID_PREFIX)) {
    problems.push({
      code: 'reserved-id',
      severity: 'error',
      message: `workflow ids starting with \`${LOCK_ID_PREFIX}\` are reserved for vtr-wf's apply lease`,
      pointer,
    });
  }
  return problems;
}

/** The nearest valid id: runs of other characters become one `-`. */
export function sanitizeId(id: string): string {
  return id
    .replace(/[^0-9A-Za-z_-]+/g, '-')
    .replace(/[-_]{2,}/g, (run) => run[0]!)
    .replace(/^[-_]+|[-_]+$/g, '');
}
