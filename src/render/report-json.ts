/**
 * The apply Report as the contract's JSON: exactly `applied`, `failed`
 * (`{id, action, code, description}`), `not_attempted` and `summary`. Pure.
 */
import type { Report } from '../apply/types.js';

export function renderReportJson(report: Report): string {
  const shape = {
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
  return JSON.stringify(shape, null, 2) + '\n';
}
