/**
 * The plan as JSON: the contract's shape, and byte for byte what `plan --out`
 * saves and `apply PLANFILE` reads. Pure.
 */
import type { Plan } from '../plan/types.js';

export function renderPlanJson(plan: Plan): string {
  return JSON.stringify(plan, null, 2) + '\n';
}

/** `plan --all-envs --format json`: `{"environments": {"<env>": <plan>}}`, in the given order. */
export function renderPlansJson(plans: Record<string, Plan>): string {
  return JSON.stringify({ environments: plans }, null, 2) + '\n';
}
