import type { TestReport } from '../run/types.js';

/** One line a case (`PASS w › c` / `FAIL w › c: why (read: "…")`), then the summary. */
export function renderTestText(report: TestReport): string {
  if (report.cases.length === 0) return 'No test cases: none of the specs tested has `tests:`.\n';
  const lines = report.cases.map((c) =>
    c.passed
      ? `PASS ${c.workflow} › ${c.name}`
      : `FAIL ${c.workflow} › ${c.name}: ${c.failures.join('; ')} (read: ${JSON.stringify(c.text)})`,
  );
  lines.push(`Tests: ${report.passed} passed, ${report.failed} failed.`);
  return lines.join('\n') + '\n';
}
