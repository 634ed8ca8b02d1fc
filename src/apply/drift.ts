/**
 * The stale-plan check: every workflow a plan touches must still look exactly
 * as it did when the plan was made (null: must still not exist). Pure.
 */
import type { ApiWorkflow } from '../clarifai/types.js';
import { liveFingerprint } from '../plan/fingerprint.js';
import type { Plan } from '../plan/types.js';
import { sameValue } from './same-value.js';

export interface Drift {
  id: string;
  expected: string | null;
  actual: string | null;
}

export function findDrift(
  fingerprints: Plan['fingerprints'],
  live: ReadonlyMap<string, ApiWorkflow | null>,
  /**
   * The workflows the plan's fingerprints were computed from (a plan made
   * moments ago in this process): a re-read workflow identical to its planned
   * one (sameValue) has that fingerprint without hashing it again.
   */
  planned?: ReadonlyMap<string, ApiWorkflow>,
): Drift[] {
  const drifted: Drift[] = [];
  for (const id of Object.keys(fingerprints).sort()) {
    const workflow = live.get(id) ?? null;
    // The same workflow the plan hashed (a plan's fingerprint is hashed when first read, so
    // this reads none): unchanged. Only a workflow the plan saw is in `planned`.
    const plannedAs = planned?.get(id);
    if (workflow !== null && plannedAs !== undefined && sameValue(plannedAs, workflow)) continue;
    const expected = fingerprints[id] ?? null;
    const actual = workflow === null ? null : liveFingerprint(workflow);
    if (actual !== expected) drifted.push({ id, expected, actual });
  }
  return drifted;
}

export function describeDrift(drift: readonly Drift[]): string {
  return drift
    .map((d) =>
      d.expected === null
        ? `  ${d.id}: now exists (the plan expected it not to)`
        : d.actual === null
          ? `  ${d.id}: no longer exists`
          : `  ${d.id}: changed since the plan was made`,
    )
    .join('\n');
}
