/**
 * Saving and printing one plan — `plan -e ENV` and `rollback` alike: the key
 * redacted on the values first (before a renderer escapes or reshapes them —
 * markdown's mermaid labels, JSON pointers), then `--out FILE` written, then
 * the chosen format on stdout. Returns the plan as shown.
 */
import type { Plan } from '../plan/types.js';
import { redactValues } from '../secrets.js';
import { err, out } from './common.js';

export interface EmitPlanOptions {
  format: string | undefined;
  out: string | undefined;
  cwd: string;
  color: boolean;
}

export async function emitPlan(planned: Plan, options: EmitPlanOptions): Promise<Plan> {
  const plan = redactValues(planned);
  const { renderPlanJson } = await import('../render/plan-json.js');
  if (options.out) {
    const { writeOutputFile } = await import('../commands/shared/write-output.js');
    await writeOutputFile(options.out, renderPlanJson(plan), options.cwd);
    // Said now, not first when `apply FILE` refuses it (perhaps in another CI job).
    const { redactedWrite } = await import('../apply/plan-file.js');
    const at = plan === planned ? null : redactedWrite(plan);
    if (at !== null)
      err(
        `warning: ${options.out} holds [REDACTED] at ${at} in place of the key, so \`vtr-wf apply ${options.out}\` will refuse it; take the key out of the spec or the live workflow, or apply from the specs`,
      );
  }
  if (options.format === 'json') out(renderPlanJson(plan));
  else if (options.format === 'markdown') {
    const { renderPlanMarkdown } = await import('../render/plan-markdown.js');
    out(renderPlanMarkdown(plan, options.out ? { planFile: options.out } : {}));
  } else {
    const { renderPlanText } = await import('../render/plan-text.js');
    out(renderPlanText(plan, { color: options.color }));
  }
  return plan;
}
