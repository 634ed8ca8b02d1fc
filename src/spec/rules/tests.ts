/**
 * Rules of a spec's `tests:` that need no files: every case expects
 * something, and case names (given, or the image's file name without
 * extension) are unique within the workflow. The image checks read files and
 * live in spec/test-images.ts.
 */
import { pointerOf } from '../../json-pointer.js';
import type { Problem } from '../problem.js';
import type { WorkflowSpec } from '../types.js';

export function checkTests(spec: WorkflowSpec): Problem[] {
  const problems: Problem[] = [];
  const firstIndex = new Map<string, number>();
  (spec.tests ?? []).forEach((test, i) => {
    const e = test.expect;
    if (
      (e.text ?? []).length === 0 &&
      (e.absent ?? []).length === 0 &&
      e.min_regions === undefined
    ) {
      problems.push({
        code: 'test-no-expectations',
        severity: 'error',
        message: `test \`${test.name}\` of workflow \`${spec.id}\` expects nothing; a case that cannot fail proves nothing`,
        pointer: pointerOf(['tests', i, 'expect']),
        suggestion: 'add `text: [...]`, `absent: [...]` or `min_regions: N`',
      });
    }
    // Matching folds whitespace away: a blank expectation is found in any text, so it cannot test anything.
    for (const key of ['text', 'absent'] as const)
      (e[key] ?? []).forEach((t, j) => {
        if (t !== '' && t.trim() === '')
          problems.push({
            code: 'invalid-value',
            severity: 'error',
            message: `\`${key}[${j}]\` of test \`${test.name}\` is only whitespace, which every text matches`,
            pointer: pointerOf(['tests', i, 'expect', key, j]),
          });
      });
    if (test.name === '') return;
    const first = firstIndex.get(test.name);
    if (first === undefined) {
      firstIndex.set(test.name, i);
    } else {
      problems.push({
        code: 'duplicate-test-name',
        severity: 'error',
        message: `test name \`${test.name}\` is already used by tests[${first}] of workflow \`${spec.id}\` (a case without \`name\` is named after its image file)`,
        pointer: pointerOf(['tests', i, test.nameGiven ? 'name' : 'image']),
        suggestion: 'give each case its own `name:`',
      });
    }
  });
  return problems;
}
