import { describe, expect, it } from 'vitest';
import type { Report } from '../apply/types.js';
import { renderReportJson } from './report-json.js';
import { renderReportText } from './report-text.js';

const report: Report = {
  applied: [
    { id: 'a', action: 'create' },
    { id: 'b', action: 'update' },
  ],
  failed: [{ id: 'c', action: 'create', code: 21200, description: 'Model does not exist' }],
  not_attempted: [{ id: 'd', action: 'delete' }],
  summary: { planned: 4, applied: 2, failed: 1, not_attempted: 1 },
  warnings: ['w'],
  api_calls: 7,
};

describe('apply report renderers', () => {
  it('text: the exact count, then failures with code and description, then what was not attempted', () => {
    expect(renderReportText(report, { color: false })).toBe(
      [
        'Apply failed: applied 2 of 4.',
        '',
        'Failed (1):',
        '  + c: MODEL_DOES_NOT_EXIST 21200: Model does not exist',
        '',
        'Not attempted (1):',
        '  - d',
        '',
        'Run `vtr-wf plan` to see what is left, and `vtr-wf apply` again to finish.',
        '',
      ].join('\n'),
    );
    const ok = {
      ...report,
      failed: [],
      not_attempted: [],
      summary: { ...report.summary, planned: 2, failed: 0, not_attempted: 0 },
    };
    expect(renderReportText(ok, { color: false })).toBe('Apply complete: applied 2 of 2.\n');
    expect(renderReportText({ ...ok, interrupted: true }, { color: false })).toMatch(
      /^Apply interrupted: applied 2 of 2\./,
    );
  });

  it('json: exactly applied, failed, not_attempted and summary', () => {
    const parsed = JSON.parse(renderReportJson(report));
    expect(Object.keys(parsed)).toEqual(['applied', 'failed', 'not_attempted', 'summary']);
    expect(parsed.failed).toEqual([
      { id: 'c', action: 'create', code: 21200, description: 'Model does not exist' },
    ]);
    expect(parsed.summary).toEqual(report.summary);
  });
});
