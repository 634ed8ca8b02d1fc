import { describe, expect, it } from 'vitest';
import { vtrWorkflow } from '../plan/fake-server.test-support.js';
import { applied, makePlan, mixedPlan } from './plan-render.test-support.js';
import { renderPlansSummaryMarkdown, renderPlansSummaryText } from './plans-summary.js';

const w = vtrWorkflow();
const plans = { dev: mixedPlan(), 'production-eu': makePlan([w], [applied(w)]) };

describe('plans summary', () => {
  it('aligns a text table, environments in the given order', () => {
    expect(renderPlansSummaryText(plans)).toBe(
      [
        'ENVIRONMENT    RENAME  CREATE  UPDATE  DELETE  UNCHANGED',
        'dev                 0       1       1       1          0',
        'production-eu       0       0       0       0          1',
        '',
      ].join('\n'),
    );
  });

  it('renders a markdown table', () => {
    expect(renderPlansSummaryMarkdown(plans)).toBe(
      [
        '| environment | rename | create | update | delete | unchanged |',
        '|---|---:|---:|---:|---:|---:|',
        '| `dev` | 0 | 1 | 1 | 1 | 0 |',
        '| `production-eu` | 0 | 0 | 0 | 0 | 1 |',
        '',
      ].join('\n'),
    );
  });
});
