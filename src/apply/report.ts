/**
 * Turns per-change outcomes into the exact Report: every planned change is
 * applied, failed or not attempted — never two, never none. The report is
 * redacted on its values (a failure's description, a warning naming a node id
 * can hold the key), so every renderer and the library's caller get it clean.
 * Pure apart from the registry of keys.
 */
import type { PlanChange } from '../plan/types.js';
import type { CallFailure } from './failure.js';
import type { AppliedChange, Report } from './types.js';
import { redactValues } from '../secrets.js';

export type Outcome =
  { kind: 'applied'; version?: string } | { kind: 'failed'; failure: CallFailure };

export function buildReport(
  changes: readonly PlanChange[],
  outcomes: readonly (Outcome | undefined)[],
  extras: { api_calls: number; interrupted?: boolean; warnings?: string[] },
): Report {
  const report: Report = {
    applied: [],
    failed: [],
    not_attempted: [],
    summary: { planned: changes.length, applied: 0, failed: 0, not_attempted: 0 },
    api_calls: extras.api_calls,
  };
  changes.forEach((change, i) => {
    const outcome = outcomes[i];
    const ref: AppliedChange = { id: change.id, action: change.action };
    if (change.from !== undefined) ref.from = change.from;
    if (outcome === undefined) report.not_attempted.push(ref);
    else if (outcome.kind === 'applied')
      report.applied.push(outcome.version ? { ...ref, version: outcome.version } : ref);
    else {
      const { code, description, outcomeUnknown } = outcome.failure;
      report.failed.push({
        ...ref,
        code,
        description: outcomeUnknown
          ? `${description} (the outcome is unknown: run \`vtr-wf plan\` to see the live state)`
          : description,
      });
    }
  });
  report.summary.applied = report.applied.length;
  report.summary.failed = report.failed.length;
  report.summary.not_attempted = report.not_attempted.length;
  if (extras.interrupted) report.interrupted = true;
  if (extras.warnings && extras.warnings.length > 0) report.warnings = [...extras.warnings];
  return redactValues(report);
}
