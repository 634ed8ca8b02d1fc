/**
 * The high-level library API: what the CLI does, as functions that take plain
 * options and return plain data (no printing, no exit codes). The CLI's
 * plan/apply commands run the same ops underneath.
 */
import { UserError } from './user-error.js';
import { hasErrors, type Diagnostic } from './diagnostic.js';
import type { ApplyResult } from './commands/apply-plan.js';
import {
  connectEnvironment,
  type ConnectionOptions,
} from './commands/shared/connect-environment.js';
import {
  planEnvironment,
  type EnvironmentPlan,
  type PlanSelection,
} from './commands/plan-environment.js';
import { configDiagnostics, environmentNamed, loadProjectFor } from './commands/shared/project.js';
import { checkPlan, planTargetMismatch } from './apply/plan-file.js';
import { unconfirmedAdoption } from './apply/ownership.js';
import type { Plan } from './plan/types.js';
import { loadProject as loadProjectFiles, type Project } from './spec/project.js';

export interface ProjectOptions {
  /** Directory relative paths resolve from (default: process.cwd()). */
  cwd?: string;
  /** Path of vtr-wf.yaml (default: `<cwd>/vtr-wf.yaml`). */
  config?: string;
}

/** Reads vtr-wf.yaml and every spec, and checks them: `project.diagnostics` holds every problem. */
export async function loadProject(
  options: ProjectOptions & { paths?: string[] } = {},
): Promise<Project> {
  return loadProjectFiles({
    cwd: options.cwd ?? process.cwd(),
    ...(options.config ? { config: options.config } : {}),
    ...(options.paths ? { paths: options.paths } : {}),
  });
}

/**
 * Every problem in a loaded project (schema, graph, roles, pins in every
 * environment), positioned `file:line:col`. Loading already ran the checks;
 * this is the question "is it valid?" asked of the result.
 */
export function validate(
  project: Project,
  options: { strict?: boolean } = {},
): {
  diagnostics: Diagnostic[];
  ok: boolean;
} {
  return {
    diagnostics: project.diagnostics,
    ok: !hasErrors(project.diagnostics, options.strict ?? false),
  };
}

/** Reads the live app of one environment and plans what `apply` would change. */
export async function plan(
  options: ProjectOptions & PlanSelection & ConnectionOptions & { environment: string },
): Promise<EnvironmentPlan> {
  return planEnvironment({
    ...options,
    cwd: options.cwd ?? process.cwd(),
    env: options.environment,
  });
}

/**
 * Makes the live app match a plan (from `plan()` or a saved plan file): the
 * fingerprints are re-checked first (a stale plan is refused with nothing
 * written), then the lease, backups, batched writes and a confirming re-read.
 */
export async function apply(
  options: ProjectOptions &
    ConnectionOptions & {
      plan: Plan;
      /** Confirms the plan's adoptions, like `apply PLANFILE --adopt ID…`: exactly the ids it adopts. */
      adopt?: string[];
      lock?: boolean;
      signal?: AbortSignal;
    },
): Promise<ApplyResult> {
  // The CLI's own checks for a saved plan (apply PLANFILE), so both refuse alike.
  const cwd = options.cwd ?? process.cwd();
  const project = await loadProjectFor({
    cwd,
    ...(options.config ? { config: options.config } : {}),
  });
  const configProblems = configDiagnostics(project, cwd).filter((d) => d.severity === 'error');
  if (configProblems.length > 0) {
    throw new UserError(
      `${configProblems[0]?.file || 'the config'} has errors: ${configProblems.map((d) => d.message).join('; ')}`,
    );
  }
  // A plan object may come from anywhere (a file a script parsed): checked like `apply PLANFILE`.
  const plan = checkPlan(options.plan, 'the plan');
  const mismatch = planTargetMismatch(plan, { config: project.config });
  if (mismatch) throw new UserError(`refusing to apply the plan: ${mismatch}; nothing was written`);
  // A plan object may have been edited like a file: its `adopt` counts only when confirmed.
  const adoption = unconfirmedAdoption(plan.changes, options.adopt ?? []);
  if (adoption) throw new UserError(`refusing to apply the plan: ${adoption}; nothing was written`);
  const env = environmentNamed(project, plan.environment);
  const api = await connectEnvironment(project, env, options);
  try {
    const { applyPlan } = await import('./commands/apply-plan.js');
    return await applyPlan({
      config: project.config,
      plan,
      api,
      lock: options.lock ?? true,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
  } finally {
    await api.close();
  }
}
