/**
 * Role rules, where roles are known: a cropper takes exactly one input, and
 * that input is a detector (it crops the regions the detector found). Roles
 * come from the catalog, an environment's override, or an inline model, so
 * the check runs for the catalog and for each environment.
 */
import { effectiveModel } from '../effective-model.js';
import type { Problem } from '../problem.js';
import { pointerOf } from '../../json-pointer.js';
import type { Config, Role, WorkflowSpec } from '../types.js';

export function checkRoles(spec: WorkflowSpec, config: Config): Problem[] {
  const problems: Problem[] = [];
  const reported = new Set<string>();
  const indexOf = new Map<string, number>();
  spec.nodes.forEach((n, i) => {
    if (!indexOf.has(n.id)) indexOf.set(n.id, i);
  });
  for (const env of [null, ...Object.keys(config.environments)]) {
    const role = (i: number): Role | undefined => {
      const effective = effectiveModel(config, env, spec.nodes[i]!);
      return effective.ok ? effective.model.role : undefined;
    };
    const inEnv = env === null ? '' : ` (in environment \`${env}\`)`;
    const add = (problem: Problem) => {
      const key = `${problem.code}\u0000${problem.pointer}`;
      if (reported.has(key)) return;
      reported.add(key);
      problems.push(problem);
    };
    spec.nodes.forEach((node, v) => {
      if (role(v) !== 'cropper') return;
      if (node.inputs.length !== 1) {
        add({
          code: 'cropper-inputs',
          severity: 'error',
          message: `cropper node \`${node.id}\` has ${node.inputs.length} inputs${inEnv}; a cropper takes exactly one: the detector whose regions it crops`,
          pointer: pointerOf(['nodes', v, 'inputs']),
        });
        return;
      }
      const u = indexOf.get(node.inputs[0]!);
      if (u === undefined || u === v) return;
      const inputRole = role(u);
      if (inputRole === undefined || inputRole === 'detector') return;
      add({
        code: 'cropper-input-role',
        severity: 'error',
        message: `cropper node \`${node.id}\` reads from \`${spec.nodes[u]!.id}\`, a ${inputRole}${inEnv}; a cropper's input must be a detector`,
        pointer: pointerOf(['nodes', v, 'inputs', 0]),
      });
    });
  }
  return problems;
}
