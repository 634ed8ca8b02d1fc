/**
 * `apply --test` for people: after the apply report, the tests of the
 * workflows it created or updated — or why none ran — and, when one fails,
 * that the apply stands and how to go back. Pure.
 */
import type { AppliedTests } from '../apply/applied-for-tests.js';
import type { Report } from '../apply/types.js';
import type { TestReport } from '../run/types.js';
import { renderTestText } from './test-text.js';

export function renderApplyTestsText(
  environment: string,
  report: Report,
  selected: AppliedTests,
  tests: TestReport | null,
): string {
  if (!selected.run)
    return selected.why === 'apply-failed'
      ? 'Tests not run: the apply did not complete.\n'
      : 'Tests not run: no workflow was created or updated.\n';
  if (!tests) return '';
  const lines = ['Tests of the workflows this apply created or updated:'];
  if (tests.cases.length === 0) lines.push('No test cases: none of them has `tests:`.');
  else lines.push(renderTestText(tests).trimEnd());
  if (tests.failed > 0) {
    const created = new Set(report.applied.filter((a) => a.action === 'create').map((a) => a.id));
    const failing = [...new Set(tests.cases.filter((c) => !c.passed).map((c) => c.workflow))];
    const s = tests.failed === 1 ? '' : 's';
    lines.push('', `The apply stands: ${tests.failed} test${s} failed on what is now live.`);
    // A rename that changed no content made no version: a rollback (content, not ids) has nothing to restore.
    const renamedOnly = new Map(
      report.applied
        .filter((a) => a.action === 'rename' && a.version === undefined)
        .map((a) => [a.id, a.from ?? '']),
    );
    for (const id of failing) {
      lines.push(
        created.has(id)
          ? `  ${id} was created by this apply (no earlier version): fix its spec and apply again.`
          : renamedOnly.has(id)
            ? `  ${id} was only renamed by this apply (from ${renamedOnly.get(id)}; its content is unchanged, so a rollback has nothing to restore): fix its spec and apply again.`
            : `  To put back the previous ${id}: vtr-wf rollback -e ${environment} ${id} --out rollback.json, then vtr-wf apply rollback.json`,
      );
    }
  }
  return lines.join('\n') + '\n';
}
