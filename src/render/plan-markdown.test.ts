import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { node, vtrWorkflow } from '../plan/fake-server.test-support.js';
import type { CanonicalWorkflow } from '../plan/types.js';
import { MARKDOWN_LIMIT, renderPlanMarkdown, renderPlansMarkdown } from './plan-markdown.js';
import { applied, makePlan, mixedPlan, unmarked } from './plan-render.test-support.js';

/** A workflow with a lot of params, so its diff is large. */
function bulky(id: string, version: string, paramsSize: number): CanonicalWorkflow {
  const w = vtrWorkflow(id, version);
  const params: Record<string, string> = {};
  for (let i = 0; i < paramsSize; i++) params[`param_${i}`] = `${version}-value-${i}`.repeat(3);
  w.nodes.push(node('tuning', version, ['image-to-text'], { params }));
  return w;
}

/** 200 changed workflows: 60 deletions, 90 updates with big diffs, 50 creates. */
function hugePlan() {
  const specs: CanonicalWorkflow[] = [];
  const live = [];
  for (let i = 0; i < 60; i++)
    live.push(applied(vtrWorkflow(`gone-${String(i).padStart(3, '0')}`)));
  for (let i = 0; i < 90; i++) {
    const id = `changed-${String(i).padStart(3, '0')}`;
    specs.push(bulky(id, 'v2', 40));
    live.push(applied(bulky(id, 'v1', 40)));
  }
  for (let i = 0; i < 50; i++) specs.push(bulky(`new-${String(i).padStart(3, '0')}`, 'v1', 10));
  return makePlan(specs, live);
}

describe('renderPlanMarkdown', () => {
  it('starts with the marker, then the summary table', () => {
    const text = renderPlanMarkdown(mixedPlan());
    expect(text.split('\n').slice(0, 9)).toEqual([
      '<!-- vtr-wf-plan:staging -->',
      '## vtr-wf plan: `staging` (`acme/vtr-staging`)',
      '',
      '**Plan: 0 to rename, 1 to create, 1 to update, 1 to delete.**',
      '',
      '| rename | create | update | delete | unchanged |',
      '|---:|---:|---:|---:|---:|',
      '| 0 | 1 | 1 | 1 | 0 |',
      '',
    ]);
  });

  it('calls out deletions and node removals before the details', () => {
    const text = renderPlanMarkdown(mixedPlan());
    const caution = text.indexOf('> [!CAUTION]');
    expect(caution).toBeGreaterThan(0);
    expect(text).toContain('> - **delete** `old-flow`\n> - `vtr`: removes node `extra`\n');
    expect(caution).toBeLessThan(text.indexOf('<details>'));
  });

  it('has one details block per workflow with a mermaid graph and a diff', () => {
    const text = renderPlanMarkdown(mixedPlan());
    expect(text.match(/<details>/g)).toHaveLength(3);
    expect(text.match(/<\/details>/g)).toHaveLength(3);
    expect(text).toContain(
      '<details><summary><b>~ update</b> <code>vtr</code> (2 changes)</summary>',
    );
    expect(text).toContain('```mermaid\ngraph LR\n');
    // The removed node: red and dashed, its edge dashed.
    expect(text).toMatch(/n2 -\.-> n1\n/);
    expect(text).toContain('class n1 removed');
    expect(text).toContain('```diff\n@@');
    expect(text).toContain(
      '-      version: d94413e582f341f68884cac72dbd2c7b\n+      version: newversion1234',
    );
    expect(text).not.toContain('Shortened');
  });

  it('says "No changes" and lists conflicts with the adoption commands', () => {
    const w = vtrWorkflow('hand');
    const text = renderPlanMarkdown(makePlan([w], [unmarked(w)]));
    expect(text).toContain('No changes. 0 workflows up to date.');
    expect(text).toContain('> [!WARNING]');
    expect(text).toContain(
      '`vtr-wf export -e staging hand --out workflows/` then `vtr-wf apply -e staging --adopt hand`',
    );
    expect(text).not.toContain('<details>');
  });

  it('keeps backticks in params from closing a fence', () => {
    const w = vtrWorkflow('w');
    w.nodes[0]!.params = { template: 'a ``` b ```` c' };
    const text = renderPlanMarkdown(makePlan([w], [applied(vtrWorkflow('w'))]));
    expect(text).toContain('`````diff\n');
  });

  it("stays under GitHub's limit for 200 changed workflows, showing every deletion", () => {
    const plan = hugePlan();
    expect(plan.changes).toHaveLength(200);
    const text = renderPlanMarkdown(plan, { planFile: 'plan.json' });
    expect(text.length).toBeLessThan(65_536);
    expect(text.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    for (let i = 0; i < 60; i++) {
      expect(text).toContain(`> - **delete** \`gone-${String(i).padStart(3, '0')}\``);
    }
    expect(text).toContain('> [!NOTE]\n> Shortened');
    expect(text).toContain('the full plan file `plan.json`');
    // Balanced markup: every section and fence that opens also closes.
    expect(text.match(/<details>/g)?.length).toBe(text.match(/<\/details>/g)?.length);
    expect((text.match(/^```/gm)?.length ?? 0) % 2).toBe(0);
  });

  it('cuts the largest sections first', () => {
    const small = vtrWorkflow('small', 'v2');
    const plan = makePlan(
      [small, bulky('big', 'v2', 300)],
      [applied(vtrWorkflow('small')), applied(bulky('big', 'v1', 300))],
    );
    const full = renderPlanMarkdown(plan, { limit: 1_000_000 });
    const text = renderPlanMarkdown(plan, { limit: Math.floor(full.length / 2) });
    const section = (id: string, t: string) =>
      t.slice(
        t.indexOf(`<code>${id}</code>`),
        t.indexOf('</details>', t.indexOf(`<code>${id}</code>`)),
      );
    expect(section('small', text)).toBe(section('small', full));
    expect(section('big', text).length).toBeLessThan(section('big', full).length);
    expect(text.length).toBeLessThanOrEqual(Math.floor(full.length / 2));
  });

  it('never exceeds the limit, whatever the plan (property)', () => {
    const plan = hugePlan();
    fc.assert(
      fc.property(
        fc.integer({ min: 500, max: 120_000 }),
        fc.integer({ min: 0, max: 200 }),
        (limit, count) => {
          const part = { ...plan, changes: plan.changes.slice(0, count) };
          const text = renderPlanMarkdown(part, { limit });
          expect(text.length).toBeLessThanOrEqual(limit);
          expect(text.startsWith('<!-- vtr-wf-plan:staging -->\n')).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('renderPlansMarkdown', () => {
  it('has one marker, the summary table and every environment, under the limit', () => {
    const plans = { dev: hugePlan(), staging: mixedPlan(), prod: hugePlan() };
    const text = renderPlansMarkdown(plans);
    expect(text.startsWith('<!-- vtr-wf-plan:all-envs -->\n')).toBe(true);
    expect(text.match(/<!-- vtr-wf-plan:/g)).toHaveLength(1);
    expect(text).toContain('| `dev` | 0 | 50 | 90 | 60 | 0 |');
    expect(text).toContain('### vtr-wf plan: `staging`');
    expect(text.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
  });
});
