import { describe, expect, it } from 'vitest';
import { appliedForTests } from './applied-for-tests.js';
import type { Report } from './types.js';

const report = (over: Partial<Report>): Report => ({
  applied: [],
  failed: [],
  not_attempted: [],
  summary: { planned: 0, applied: 0, failed: 0, not_attempted: 0 },
  api_calls: 0,
  ...over,
});

describe('appliedForTests', () => {
  it('tests what was created, updated or renamed, not what was deleted', () => {
    const r = report({
      applied: [
        { id: 'b', action: 'update' },
        { id: 'a', action: 'create' },
        { id: 'c', action: 'rename', from: 'old' },
        { id: 'd', action: 'delete' },
      ],
    });
    expect(appliedForTests(r)).toEqual({ run: true, ids: ['a', 'b', 'c'] });
  });

  it('runs nothing when nothing was created or updated, or the apply did not complete', () => {
    expect(appliedForTests(report({ applied: [{ id: 'd', action: 'delete' }] }))).toEqual({
      run: false,
      why: 'nothing-created-or-updated',
    });
    const failed = report({
      applied: [{ id: 'a', action: 'create' }],
      failed: [{ id: 'b', action: 'update', code: 21200, description: 'x' }],
    });
    expect(appliedForTests(failed)).toEqual({ run: false, why: 'apply-failed' });
    expect(
      appliedForTests(report({ applied: [{ id: 'a', action: 'create' }], interrupted: true })),
    ).toEqual({ run: false, why: 'apply-failed' });
  });
});
