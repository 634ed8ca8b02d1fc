/**
 * `apply PLANFILE`: a saved plan is applied exactly, or not at all. Reading
 * checks it is a plan this version understands; targeting checks it was made
 * for this environment, app and project. Pure except readPlanFile.
 */
import { UserError } from '../user-error.js';
import { readFile } from 'node:fs/promises';
import { isJsonObject } from '../json.js';
import { PLAN_FORMAT_VERSION, type Plan } from '../plan/types.js';
import type { Config } from '../spec/types.js';

export class PlanFileError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'PlanFileError';
  }
}

export async function readPlanFile(path: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new PlanFileError(`cannot read the plan file ${path}: ${(e as Error).message}`);
  }
  return parsePlan(text, path);
}

export function parsePlan(text: string, file: string): Plan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new PlanFileError(`${file} is not a plan file (not JSON: ${(e as Error).message})`);
  }
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
  for (const key of ['environment', 'user_id', 'app_id', 'project'] as const) {
    if (typeof data[key] !== 'string')
      throw new PlanFileError(`${file} is not a valid plan: \`${key}\` is missing`);
  }
  if (!Array.isArray(data.changes) || !isJsonObject(data.fingerprints)) {
    throw new PlanFileError(
      `${file} is not a valid plan: \`changes\` or \`fingerprints\` is missing`,
    );
  }
  const ids = new Set<string>();
  for (const change of data.changes) {
    if (!isJsonObject(change) || typeof change.id !== 'string' || ids.has(change.id)) {
      throw new PlanFileError(
        `${file} is not a valid plan: a change has no id, or an id appears twice`,
      );
    }
    ids.add(change.id);
    const actions = data.format_version === 1 ? V1_ACTIONS : ACTIONS;
    if (typeof change.action !== 'string' || !actions.includes(change.action)) {
      throw new PlanFileError(
        `${file} is not a valid plan: \`${change.id}\` has an unknown action`,
      );
    }
    if (change.action === 'rename') {
      if (typeof change.from !== 'string' || !Object.hasOwn(data.fingerprints, change.from)) {
        throw new PlanFileError(
          `${file} is not a valid plan: the rename to \`${change.id}\` has no \`from\` id with a fingerprint`,
        );
      }
    }
    if (change.action !== 'delete' && !isJsonObject(change.workflow)) {
      throw new PlanFileError(
        `${file} is not a valid plan: the ${change.action} of \`${change.id}\` has no workflow`,
      );
    }
    // The drift check must cover every change, or the plan could write blind.
    if (!Object.hasOwn(data.fingerprints, change.id)) {
      throw new PlanFileError(`${file} is not a valid plan: no fingerprint for \`${change.id}\``);
    }
  }
  const plan = data as unknown as Plan;
  if (data.format_version === 1) {
    return {
      ...plan,
      format_version: PLAN_FORMAT_VERSION,
      summary: { ...plan.summary, rename: 0 },
      versions: {},
    };
  }
  return plan;
}

const ACTIONS: readonly string[] = ['create', 'update', 'delete', 'rename'];
const V1_ACTIONS: readonly string[] = ['create', 'update', 'delete'];

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
