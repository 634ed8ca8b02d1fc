import { describe, expect, it } from 'vitest';
import { mixedPlan } from './plan-render.test-support.js';
import { renderPlanJson, renderPlansJson } from './plan-json.js';

describe('plan json', () => {
  it("is the contract's shape, round-trips, ends in a newline", () => {
    const plan = mixedPlan();
    const text = renderPlanJson(plan);
    expect(text.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(parsed).toEqual(JSON.parse(JSON.stringify(plan)));
    expect(Object.keys(parsed).slice(0, 10)).toEqual([
      'format_version',
      'environment',
      'user_id',
      'app_id',
      'project',
      'summary',
      'changes',
      'unmanaged',
      'foreign',
      'fingerprints',
    ]);
    expect(parsed.summary).toEqual({ create: 1, update: 1, delete: 1, rename: 0, unchanged: 0 });
    expect(
      (parsed.changes as { action: string; id: string }[]).map((c) => [c.action, c.id]),
    ).toEqual([
      ['delete', 'old-flow'],
      ['create', 'new-flow'],
      ['update', 'vtr'],
    ]);
  });

  it('wraps all environments', () => {
    const parsed = JSON.parse(renderPlansJson({ dev: mixedPlan() })) as {
      environments: Record<string, unknown>;
    };
    expect(Object.keys(parsed)).toEqual(['environments']);
    expect(Object.keys(parsed.environments)).toEqual(['dev']);
  });
});
