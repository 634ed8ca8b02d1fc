/**
 * Saving and showing one plan — `plan -e ENV` and `rollback` alike: the key
 * redacted on the values first (before a renderer escapes or reshapes them —
 * markdown's mermaid labels, JSON pointers), then `--out FILE` written (the
 * JSON `plan --format json` prints), then the chosen format through the
 * renderer table. Returns the plan as shown.
 */
import type { Plan } from '../plan/types.js';
import { redactValues } from '../secrets.js';
import { err } from './common.js';
import { emit } from './emit.js';

export interface EmitPlanOptions {
  format: string;
  out: string | undefined;
  cwd: string;
  color: boolean;
  stderrColor: boolean;
}

export async function emitPlan(
  command: 'plan' | 'rollback',
  planned: Plan,
  options: EmitPlanOptions,
): Promise<Plan> {
  const plan = redactValues(planned);
  if (options.out) {
    const { renderPlanJson } = await import('../render/plan-json.js');
    const { writeOutputFile } = await import('../fs/write-output.js');
    await writeOutputFile(options.out, renderPlanJson(plan), options.cwd);
    // Said now, not first when `apply FILE` refuses it (perhaps in another CI job).
    const { redactedWrite } = await import('../apply/plan-file.js');
    const at = plan === planned ? null : redactedWrite(plan);
    if (at !== null)
      err(
        `warning: ${options.out} holds [REDACTED] at ${at} in place of the key, so \`vtr-wf apply ${options.out}\` will refuse it; take the key out of the spec or the live workflow, or apply from the specs`,
      );
  }
  const shown = {
    color: options.color,
    stderrColor: options.stderrColor,
    ...(options.out ? { planFile: options.out } : {}),
  };
  if (command === 'rollback') await emit('rollback', options.format, plan, shown);
  else await emit('plan', options.format, { plan }, shown);
  return plan;
}
