/**
 * The apply Report as the contract's JSON: exactly `applied`, `failed`
 * (`{id, action, code, description}`), `not_attempted` and `summary`. Pure.
 */
import type { Report } from '../apply/types.js';

export function renderReportJson(report: Report): string {
  return JSON.stringify(reportJson(report), null, 2) + '\n';
}

/** The contract's object, for `apply --test --format json` to extend with `tests`. */
export function reportJson(
  report: Report,
): Pick<Report, 'applied' | 'failed' | 'not_attempted' | 'summary'> {
  return {
    applied: report.applied,
    failed: report.failed.map(({ id, action, from, code, description }) => ({
      id,
      action,
      ...(from !== undefined ? { from } : {}),
      code,
      description,
    })),
    not_attempted: report.not_attempted,
    summary: report.summary,
  };
}
