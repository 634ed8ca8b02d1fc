import { describe, expect, it } from 'vitest';
import { vtrWorkflow } from '../plan/fake-server.test-support.js';
import { applied, makePlan, mixedPlan, unmarked } from './plan-render.test-support.js';
import { renderPlansText, renderPlanText } from './plan-text.js';

describe('renderPlanText', () => {
  it('starts with the summary line, deletions first, then by id', () => {
    const text = renderPlanText(mixedPlan(), { color: false });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Plan: 0 to rename, 1 to create, 1 to update, 1 to delete.');
    const headers = lines.filter((l) => /^[-~+] (create|update|delete) /.test(l));
    expect(headers).toEqual(['- delete old-flow', '+ create new-flow', '~ update vtr']);
  });

  it('names the node and both versions, and shows the YAML diff', () => {
    const text = renderPlanText(mixedPlan(), { color: false });
    expect(text).toContain(
      '    ~ /nodes/image-to-text/model/version: "d94413e582f341f68884cac72dbd2c7b" → "newversion1234"',
    );
    expect(text).toContain('    - /nodes/extra');
    expect(text).toContain(
      '    -      version: d94413e582f341f68884cac72dbd2c7b\n    +      version: newversion1234',
    );
    expect(text).toMatch(/ {4}@@ -\d+,\d+ \+\d+,\d+ @@/);
    // The server-filled owner is no part of the diff: the spec names none.
    expect(text).not.toContain('user_id');
  });

  it('shows a create and a delete as whole YAML documents', () => {
    const text = renderPlanText(mixedPlan(), { color: false });
    expect(text).toContain(
      '+ create new-flow\n    +id: new-flow\n    +description: Detect, crop and read text in images',
    );
    expect(text).toContain('- delete old-flow\n    -id: old-flow\n');
  });

  it('says "No changes" when there are none, keeping the summary line', () => {
    const w = vtrWorkflow();
    expect(renderPlanText(makePlan([w], [applied(w)]), { color: false })).toBe(
      'Plan: 0 to rename, 0 to create, 0 to update, 0 to delete.\nNo changes. 1 workflow up to date.\n',
    );
  });

  it('colours only when asked', () => {
    const plan = mixedPlan();
    expect(renderPlanText(plan, { color: false })).not.toContain('\u001b[');
    const coloured = renderPlanText(plan, { color: true });
    expect(coloured).toContain('\u001b[31m- delete old-flow\u001b[0m');
    expect(coloured).toContain('\u001b[32m+ create new-flow\u001b[0m');
  });

  it('explains unmanaged conflicts with the adoption commands, and marks adoptions', () => {
    const w = vtrWorkflow('hand');
    const conflict = renderPlanText(makePlan([w], [unmarked(w)]), { color: false });
    expect(conflict).toContain(
      '! unmanaged hand: exists in staging without the vtr-wf mark and will not be changed; ' +
        'adopt it: vtr-wf export -e staging hand --out workflows/ then vtr-wf apply -e staging --adopt hand',
    );
    const adopting = renderPlanText(makePlan([w], [unmarked(w)], { adopt: ['hand'] }), {
      color: false,
    });
    expect(adopting).toContain('~ update hand (adopt: adds the mark of project acme-ocr)');
    expect(adopting).toContain('    ~ /metadata/vtr-wf: null → {"project":"acme-ocr"');
  });

  it('uses `live` for a plan saved without `before`', () => {
    const plan = makePlan([vtrWorkflow('vtr', 'v2')], [applied(vtrWorkflow('vtr'))]);
    const bare = { ...plan, changes: plan.changes.map(({ before: _before, ...rest }) => rest) };
    expect(renderPlanText(bare, { color: false })).not.toContain('+      version: v2');
    const withLive = renderPlanText(bare, { color: false, live: { vtr: vtrWorkflow('vtr') } });
    expect(withLive).toContain('+      version: v2');
  });
});

describe('renderPlansText', () => {
  it('prints the summary table, then each environment', () => {
    const w = vtrWorkflow();
    const text = renderPlansText(
      { dev: mixedPlan(), prod: makePlan([w], [applied(w)], {}, 'prod') },
      { color: false },
    );
    expect(text.startsWith('ENVIRONMENT  RENAME  CREATE  UPDATE  DELETE  UNCHANGED\ndev')).toBe(
      true,
    );
    expect(text).toContain('\n== dev (acme/vtr-staging) ==\nPlan: 0 to rename, 1 to create');
    expect(text).toContain('\n== prod (acme/vtr-staging) ==\nPlan: 0 to rename, 0 to create');
  });
});
