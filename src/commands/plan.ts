/**
 * The library's `plan`: one environment's plan, the use case `vtr-wf plan -e
 * ENV` runs (commands/plan-environment.ts), with the library's defaults.
 */
import type { ConnectionOptions } from './shared/connect-environment.js';
import { planEnvironment, type EnvironmentPlan, type PlanSelection } from './plan-environment.js';
import type { ProjectOptions } from './validate.js';

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
