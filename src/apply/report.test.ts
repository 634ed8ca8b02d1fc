import { describe, expect, it } from 'vitest';
import { registerSecret } from '../secrets.js';
import { buildReport } from './report.js';

// A key holding `"` and `\`: JSON escapes it, so only redaction on the values finds it everywhere.
const KEY = 'report-key "quoted" \\ back 0123456789';

describe('buildReport', () => {
  it('counts every change exactly once', () => {
    const report = buildReport(
      [
        { action: 'create', id: 'a' },
        { action: 'delete', id: 'b' },
        { action: 'update', id: 'c' },
      ],
      [
        { kind: 'applied', version: 'v1' },
        {
          kind: 'failed',
          failure: { code: 5, description: 'gone', outcomeUnknown: false, stopsRun: false },
        },
        undefined,
      ],
      { api_calls: 3 },
    );
    expect(report.summary).toEqual({ planned: 3, applied: 1, failed: 1, not_attempted: 1 });
  });

  it('holds no key in its values: failure descriptions and warnings are redacted', () => {
    registerSecret(KEY);
    const report = buildReport(
      [{ action: 'update', id: 'a' }],
      [
        {
          kind: 'failed',
          failure: {
            code: 3,
            description: `node ${KEY} is invalid`,
            outcomeUnknown: false,
            stopsRun: false,
          },
        },
      ],
      { api_calls: 1, warnings: [`after apply, live \`a\` does not match: /nodes/${KEY}`] },
    );
    expect(JSON.stringify(report)).not.toContain('0123456789');
    expect(report.failed[0]?.description).toBe('node [REDACTED] is invalid');
    expect(report.warnings).toEqual(['after apply, live `a` does not match: /nodes/[REDACTED]']);
  });
});
