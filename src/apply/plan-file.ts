/**
 * `apply PLANFILE`: a saved plan is applied exactly, or not at all. Reading
 * checks it is a plan this version understands (schemas/plan.schema.json, then
 * ids consistent: plan-shape.ts) and counts its summary from its changes, never
 * from the file; targeting checks it was made
 * for this environment, app and project. Pure except readPlanFile.
 */
import { UserError } from '../user-error.js';
import { readBoundedOrThrow } from '../fs/read-bounded.js';
import { isJsonObject } from '../json.js';
import { PLAN_FORMAT_VERSION, type Plan } from '../plan/types.js';
import {
  planConsistencyProblem,
  planShapeProblem,
  summariseChanges,
  type PlanProblem,
} from './plan-shape.js';
import type { Config } from '../spec/types.js';
import { REDACTED, redactionMarkerAt } from '../secrets.js';

export class PlanFileError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'PlanFileError';
  }
}

/**
 * A saved plan of 10,000 workflows is ~30 MB; anything far beyond is not a
 * plan vtr-wf wrote, and must not cost the memory to find that out.
 */
export const MAX_PLAN_FILE_BYTES = 256 * 1024 * 1024;

export function readPlanFile(path: string): Promise<Plan> {
  const text = readBoundedOrThrow(path, 'plan', {
    maxBytes: MAX_PLAN_FILE_BYTES,
  }).toString('utf8');
  return Promise.resolve(parsePlan(text, path));
}

export function parsePlan(text: string, file: string): Plan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new PlanFileError(`${file} is not a plan file (not JSON: ${(e as Error).message})`);
  }
  return checkPlan(data, file);
}

/**
 * A plan as data (a parsed file, or an object handed to the library's
 * `apply`): checked like a plan file, returned as version 2 with its summary
 * counted from its changes. `file` names it in errors.
 */
export function checkPlan(data: unknown, file: string): Plan {
  if (!isJsonObject(data))
    throw new PlanFileError(`${file} is not a plan file (not a JSON object)`);
  if ('environments' in data && !('format_version' in data)) {
    throw new PlanFileError(
      `${file} holds plans for several environments (plan --all-envs); save one environment's plan with \`vtr-wf plan -e ENV --out FILE\``,
    );
  }
  // Version 1 (before renames and versions) is a subset of 2: read it as 2 with none of either.
  if (data.format_version !== PLAN_FORMAT_VERSION && data.format_version !== 1) {
    throw new PlanFileError(
      `${file} has plan format_version ${JSON.stringify(data.format_version ?? null)}; this vtr-wf reads versions 1 and ${PLAN_FORMAT_VERSION} — make the plan again with this version`,
    );
  }
  const shape = planShapeProblem(data);
  if (shape) throw invalid(file, shape);
  const plan = data as unknown as Plan;
  const consistency = planConsistencyProblem(plan);
  if (consistency) throw invalid(file, consistency);
  const redacted = redactedWrite(plan);
  if (redacted !== null) throw redactedPlan(file, redacted);
  // The file's summary is for people; what is printed and trusted is counted from the changes.
  const summary = summariseChanges(plan.changes, plan.summary?.unchanged ?? 0);
  if (data.format_version === 1) {
    return { ...plan, format_version: PLAN_FORMAT_VERSION, summary, versions: {} };
  }
  return { ...plan, summary };
}

/**
 * Where a plan would write the redaction marker, or null. A saved plan has
 * every key inside its data replaced by the marker (plan --out redacts values),
 * so a marker in what a change writes — the spec's workflow, the live metadata
 * and fields kept, the revision going into the mark — may stand for the key:
 * applying it would write the marker over the real value. What is only shown
 * (`before`, `diffs`) may hold it.
 */
export function redactedWrite(plan: Plan): string | null {
  if (plan.revision !== undefined && plan.revision.includes(REDACTED)) return '/revision';
  for (const [i, change] of plan.changes.entries()) {
    if (change.action === 'delete') continue;
    const written = {
      workflow: change.workflow,
      metadata: change.metadata,
      kept: change.kept,
      rollback: change.rollback,
    };
    const at = redactionMarkerAt(written, `/changes/${i}`);
    if (at !== null) return at;
  }
  return null;
}

function redactedPlan(file: string, pointer: string): PlanFileError {
  return new PlanFileError(
    `refusing to apply ${file}: it holds ${REDACTED} at ${pointer}, where a key was hidden when the plan was saved — ` +
      `applying it would write ${REDACTED} over the real value; nothing was written. ` +
      'Take the key out of the spec or the live workflow, or apply from the specs (`vtr-wf apply -e ENV`)',
  );
}

function invalid(file: string, problem: PlanProblem): PlanFileError {
  return new PlanFileError(
    `${file} is not a valid plan, at ${problem.pointer || '/'}: ${problem.message}; nothing was written`,
  );
}

/** Why this plan must not be applied here, or null when it may. */
export function planTargetMismatch(
  plan: Plan,
  target: { config: Pick<Config, 'project' | 'environments'>; envName?: string },
): string | null {
  if (target.envName !== undefined && target.envName !== plan.environment) {
    return `the plan was made for environment \`${plan.environment}\`, not \`${target.envName}\``;
  }
  const env = Object.hasOwn(target.config.environments, plan.environment)
    ? target.config.environments[plan.environment]
    : undefined;
  if (!env)
    return `the plan was made for environment \`${plan.environment}\`, which the config does not define`;
  if (env.user_id !== plan.user_id || env.app_id !== plan.app_id) {
    return `the plan was made for app ${plan.user_id}/${plan.app_id}, but environment \`${plan.environment}\` is now ${env.user_id}/${env.app_id}`;
  }
  if (target.config.project !== plan.project) {
    return `the plan was made for project \`${plan.project}\`, but the config's project is \`${target.config.project}\``;
  }
  return null;
}
