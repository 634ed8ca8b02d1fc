/**
 * Id rules for workflows and nodes: Clarifai's id alphabet and length limit
 * (the API rejects others with WORKFLOW_INVALID_ARGUMENT), a readability
 * warning for long workflow ids, and the id prefix the apply lease reserves.
 */
import { idPattern, MAX_ID_LENGTH } from '../../model/clarifai-ids.js';
import type { Problem } from '../problem.js';

/** vtr-wf's own readability threshold, not an API limit. */
export const LONG_ID_LENGTH = 32;
export const LOCK_ID_PREFIX = 'vtr-wf-lock-';

export function checkId(id: string, pointer: string, what: 'workflow' | 'node'): Problem[] {
  const problems: Problem[] = [];
  if (!idPattern(what).test(id)) {
    const fixed = sanitizeId(id);
    problems.push({
      code: 'invalid-id',
      severity: 'error',
      message:
        id === ''
          ? `${what} id is empty`
          : `${what} id \`${id}\` is not valid: use letters and digits, joined by single \`-\` or \`_\``,
      pointer,
      ...(fixed && fixed !== id ? { suggestion: `did you mean \`${fixed}\`?` } : {}),
    });
  }
  if (id.length > MAX_ID_LENGTH) {
    problems.push({
      code: 'id-too-long',
      severity: 'error',
      message: `${what} id is ${id.length} characters long; the limit is ${MAX_ID_LENGTH}`,
      pointer,
    });
  } else if (what === 'workflow' && id.length > LONG_ID_LENGTH) {
    problems.push({
      code: 'id-long',
      severity: 'warning',
      message: `workflow id is ${id.length} characters long; ids above ${LONG_ID_LENGTH} are hard to read in the Clarifai portal and in plans`,
      pointer,
    });
  }
  if (what === 'workflow' && id.startsWith(LOCK_ID_PREFIX)) {
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
