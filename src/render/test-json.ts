import type { TestReport } from '../run/types.js';

/** `test --format json`: the TestReport itself. */
export function renderTestJson(report: TestReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
