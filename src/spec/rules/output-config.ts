/**
 * `output_config` on a node: the proto says the API ignores a node override's
 * output_config (only `params` and `data.concepts` take effect). vtr-wf keeps
 * it on round trips so nothing live is dropped, but a user writing it expects
 * an effect it will not have — so validate says so.
 */
import { pointerOf } from '../../json-pointer.js';
import type { Problem } from '../problem.js';
import type { WorkflowSpec } from '../types.js';

export function checkOutputConfig(spec: WorkflowSpec): Problem[] {
  const problems: Problem[] = [];
  spec.nodes.forEach((node, index) => {
    if (node.output_config === undefined) return;
    problems.push({
      code: 'output-config-ignored',
      severity: 'warning',
      message: `node \`${node.id}\`: the API ignores \`output_config\` in a node's output_info_override; it is kept on round trips but changes nothing`,
      pointer: pointerOf(['nodes', String(index), 'output_config']),
      suggestion: 'use `params` (output_info_override.params) or `concepts` for an effect',
    });
  });
  return problems;
}
