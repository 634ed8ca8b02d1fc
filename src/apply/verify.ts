/**
 * After writing: re-read what was touched and confirm the live app matches the
 * plan. A difference on an applied change becomes a warning naming the
 * workflow and paths; a failure whose outcome was unknown (the client gave up
 * waiting) is settled by what is actually live.
 */
import type { ClarifaiApi } from '../clarifai/types.js';
import type { PlanChange } from '../plan/types.js';
import { describeFailure } from './failure.js';
import { readWorkflows } from './read-workflows.js';
import type { Outcome } from './report.js';
import { liveMismatch } from './write-request.js';

export interface Verification {
  outcomes: (Outcome | undefined)[];
  warnings: string[];
}

export async function verifyApplied(
  api: ClarifaiApi,
  changes: readonly PlanChange[],
  outcomes: readonly (Outcome | undefined)[],
  project: string,
  revision?: string,
  /** Told once the live workflows are read (or the read failed, or nothing needs reading). */
  onRead?: () => void,
): Promise<Verification> {
  try {
    return await verify(api, changes, outcomes, project, revision, onRead);
  } finally {
    onRead?.();
  }
}

async function verify(
  api: ClarifaiApi,
  changes: readonly PlanChange[],
  outcomes: readonly (Outcome | undefined)[],
  project: string,
  revision: string | undefined,
  onRead: (() => void) | undefined,
): Promise<Verification> {
  const settled = [...outcomes];
  const toCheck = changes.flatMap((change, i) => {
    const outcome = outcomes[i];
    const unknown = outcome?.kind === 'failed' && outcome.failure.outcomeUnknown;
    return outcome?.kind === 'applied' || unknown ? [i] : [];
  });
  if (toCheck.length === 0) return { outcomes: settled, warnings: [] };

  let live;
  try {
    live = await readWorkflows(
      api,
      toCheck.map((i) => (changes[i] as PlanChange).id),
    );
  } catch (error) {
    onRead?.();
    const { code, description } = describeFailure(error);
    return {
      outcomes: settled,
      warnings: [
        `could not re-read the live workflows to confirm the result (${code}: ${description})`,
      ],
    };
  }

  onRead?.();
  const warnings: string[] = [];
  for (const i of toCheck) {
    const change = changes[i] as PlanChange;
    const mismatch = liveMismatch(live.get(change.id) ?? null, change, project, revision);
    if (settled[i]?.kind === 'applied') {
      if (mismatch.length > 0) {
        warnings.push(
          `after apply, live \`${change.id}\` does not match the plan: ${mismatch.join(', ')}`,
        );
      }
    } else if (mismatch.length === 0) {
      settled[i] = { kind: 'applied' };
    }
  }
  return { outcomes: settled, warnings };
}
