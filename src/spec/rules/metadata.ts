/**
 * `metadata`: the user's own keys. `vtr-wf` is where vtr-wf keeps its mark
 * (project, spec hash); a spec writing it would forge or erase ownership.
 */
import { pointerOf } from '../../json-pointer.js';
import type { Problem } from '../problem.js';
import type { WorkflowSpec } from '../types.js';

const RESERVED_METADATA_KEY = 'vtr-wf';

export function checkMetadata(spec: WorkflowSpec): Problem[] {
  if (!spec.metadata || !Object.hasOwn(spec.metadata, RESERVED_METADATA_KEY)) return [];
  return [
    {
      code: 'metadata-reserved-key',
      severity: 'error',
      message: `metadata key \`${RESERVED_METADATA_KEY}\` is reserved: vtr-wf keeps its mark there`,
      pointer: pointerOf(['metadata', RESERVED_METADATA_KEY]),
      suggestion: 'rename the key; vtr-wf writes and keeps its own mark',
    },
  ];
}
