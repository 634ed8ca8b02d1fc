import type { TestReport } from '../run/types.js';

/** The contract's `test` JSON object: exactly these keys (warnings go to stderr). */
export function testJson(report: TestReport): Omit<TestReport, 'warnings'> {
  const { format_version, environment, passed, failed, cases } = report;
  return { format_version, environment, passed, failed, cases };
}

/** `test --format json`. */
export function renderTestJson(report: TestReport): string {
  return JSON.stringify(testJson(report), null, 2) + '\n';
}
