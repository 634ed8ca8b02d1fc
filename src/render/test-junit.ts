import type { TestReport } from '../run/types.js';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JUnit XML: one testsuite per workflow, testcase classname=workflow name=case, failure with the reason. */
export function renderTestJunit(report: TestReport): string {
  const workflows = [...new Set(report.cases.map((c) => c.workflow))];
  const suites = workflows.map((w) => {
    const cases = report.cases.filter((c) => c.workflow === w);
    const failed = cases.filter((c) => !c.passed).length;
    const body = cases.map((c) => {
      const open = `    <testcase classname="${esc(w)}" name="${esc(c.name)}"`;
      if (c.passed) return `${open}/>`;
      const why = `${c.failures.join('; ')} (read: ${JSON.stringify(c.text)})`;
      return `${open}>\n      <failure message="${esc(why)}">${esc(why)}</failure>\n    </testcase>`;
    });
    return `  <testsuite name="${esc(w)}" tests="${cases.length}" failures="${failed}">\n${body.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="${report.cases.length}" failures="${report.failed}">\n${suites.join('\n')}${suites.length ? '\n' : ''}</testsuites>\n`;
}
